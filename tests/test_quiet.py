"""Third-party printing kept off our descriptors: checked at the file-descriptor level, in
a child process whose stdout and stderr are pipes (C's stdio is then fully buffered)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NOISY = """
import ctypes, os, sys
libc = ctypes.CDLL(None)
def noisy(*args, **kwargs):
    os.write(1, b"fd one\\n")
    os.write(2, b"fd two\\n")
    libc.puts(b"C stdio line")   # into C's buffer: written at the next fflush
    return REAL(*args, **kwargs)
"""


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": f"{ROOT / 'src'}:{ROOT}", "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )


def test_quiet_descriptors_swallows_fd_and_c_stdio_output_and_restores_them() -> None:
    done = _run(
        NOISY.replace("return REAL(*args, **kwargs)", "return 7")
        + """
from policy_options.quiet import quiet_descriptors
print("before", flush=True)
with quiet_descriptors():
    assert noisy() == 7
print("after", flush=True)
os.write(2, b"stderr after\\n")
"""
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "before\nafter\n"
    assert done.stderr == "stderr after\n"


def test_the_milp_solver_runs_highs_with_its_descriptors_silenced() -> None:
    """scipy's milp replaced by one that prints at fd level, then solves: nothing leaks."""
    done = _run(
        NOISY
        + """
import scipy.optimize
REAL = scipy.optimize.milp
scipy.optimize.milp = noisy
from tests.core.portfolio.test_portfolio import _wide, run
result = run(_wide(12, seed=1), samples=0, engine="milp")
assert result.engine == "milp", result.engine
print("best", len(result.best.options))
"""
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("best ")
    assert done.stdout.count("\n") == 1, done.stdout
    assert "fd" not in done.stderr
    assert "C stdio" not in done.stderr
