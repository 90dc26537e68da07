"""Benchmark of large studies (issue 24, "Leftovers and slowness"); prints a small report.

    python scripts/bench_large.py                 # every case, about two minutes
    python scripts/bench_large.py --quick         # fewer sizes
    python scripts/bench_large.py --src /other/checkout/src   # the same against another tree

Targets, each a whole ``policy`` process (wall time, peak resident memory by
``resource.getrusage(RUSAGE_CHILDREN)`` in a wrapper process):

- ``policy portfolio --samples 0`` (the best package, its ties and runners-up) on 16 to 40
  options x 10 criteria x 3 resources: under 2 s at every size (enumeration below
  ``SEARCH_FROM`` options, the bounded search from there to 40);
- ``policy portfolio --samples 0`` on 200 and 1,000 options: the integer program stops at
  ``--time-limit`` (here 2 s) and the JSON says whether the package is proven optimal, and
  its gap when not: never a silent "best";
- ``policy sensitivity montecarlo --format json --samples 2000`` on 1,000 options (a
  27 MB document): peak under 250 MiB.

The studies are bench_portfolio.py's synthetic ones (seeded).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_portfolio import write_study

POLICY = str(Path(sys.executable).with_name("policy"))
_WRAPPER = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], 'wb'))\n"
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def run(argv: list[str], env: dict[str, str], out: Path) -> tuple[float, float, int]:
    """Wall time (s), peak RSS (MiB) and exit code of one ``policy`` process."""
    started = time.perf_counter()
    text = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(out), *argv],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    seconds = time.perf_counter() - started
    code, peak = text.split()
    return seconds, int(peak) / 1024, int(code)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer portfolio sizes")
    parser.add_argument("--src", help="PYTHONPATH for the processes (another checkout's src)")
    parser.add_argument("--only", choices=["portfolio", "milp", "montecarlo"], default=None)
    args = parser.parse_args()
    env = dict(os.environ)
    if args.src:
        env["PYTHONPATH"] = args.src
    sizes = [16, 24, 30, 40] if args.quick else [16, 18, 20, 21, 22, 24, 25, 26, 30, 35, 40]
    print(f"{'case':<72} {'s':>7} {'MiB':>6}  verdict")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        if args.only in (None, "portfolio"):
            for n in sizes:
                study = write_study(Path(tmp) / f"p{n}", n, 10, 3, seed=n)
                argv = [POLICY, "portfolio", "--study", str(study), "-n", "0", "-f", "json"]
                seconds, peak, code = run(argv, env, out)
                engine = json.loads(out.read_text())["engine"] if code == 0 else f"exit {code}"
                verdict = "ok" if code == 0 and seconds < 2.0 else "MISSED"
                label = f"portfolio, {n} options, best package ({engine})"
                print(f"{label:<72} {seconds:7.2f} {peak:6.0f}  {verdict} (< 2 s)")
        if args.only in (None, "milp"):
            for n in (200, 1000):
                study = write_study(Path(tmp) / f"m{n}", n, 10, 3, seed=n)
                argv = [POLICY, "portfolio", "--study", str(study), "-n", "0", "-f", "json"]
                seconds, peak, code = run([*argv, "--time-limit", "2"], env, out)
                if code == 0:
                    doc = json.loads(out.read_text())
                    proven = doc.get("optimal", "not said")
                    said = f"optimal: {proven}, gap {doc.get('gap')}"
                    verdict = "ok" if "optimal" in doc else "MISSED (optimality not said)"
                else:
                    said, verdict = f"exit {code}", "MISSED"
                label = f"portfolio, {n} options, --time-limit 2 ({said})"
                print(f"{label:<72} {seconds:7.2f} {peak:6.0f}  {verdict}")
        if args.only in (None, "montecarlo"):
            study = write_study(Path(tmp) / "mc", 1000, 10, 3, seed=5)
            argv = [POLICY, "sensitivity", "montecarlo", "--study", str(study)]
            argv += ["--samples", "2000", "--format", "json"]
            seconds, peak, code = run(argv, env, out)
            size = out.stat().st_size / 1e6
            verdict = "ok" if code == 0 and peak < 250 else "MISSED"
            label = f"montecarlo --format json, 1,000 options, 2,000 samples ({size:.0f} MB)"
            print(f"{label:<72} {seconds:7.2f} {peak:6.0f}  {verdict} (< 250 MiB)")


if __name__ == "__main__":
    main()
