"""Benchmark of the modifier model (issue 18, item 2): the analyses on a study with and
without a modifier.

    python scripts/bench_modifiers.py [--repeats 5] [--samples 1000000] [--reference ID]

The shipped study is copied twice into a temporary folder: as it is, and with political
feasibility turned into a modifier (``role: modifier``, value function
[[0, 0.1], [5, 0.6], [10, 0.9]], its weight dropped from every profile; its scores keep
their ranges, so SMAA draws the factors). Each command runs as a whole process
(``subprocess``), best of ``--repeats``: the child's CPU time (user + system, which a
shared machine disturbs least) and the wall clock:
``policy rank``, ``policy sensitivity weights`` (stability intervals) and ``policy
sensitivity montecarlo --samples N``. Prints the times and the ratio with/without.
The target: stability intervals and 1e6-sample SMAA within 10% (ratio <= 1.10).
``--reference ID`` (e.g. status-quo) names that option the copy's ``reference:``, so the
modifier weighs each score against it (S_ref + m (S - S_ref)); ``--method`` picks the
method of ``sensitivity weights`` and ``montecarlo`` (weighted-product with a reference
searches its intervals on a grid).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

STUDY = Path(__file__).resolve().parent.parent / "options"
FEASIBILITY = [[0, 0.1], [5, 0.6], [10, 0.9]]


def as_modifier(
    source: Path, target: Path, key: str = "feasibility", reference: str | None = None
) -> Path:
    """A copy of ``source`` at ``target`` with criterion ``key`` a modifier (and
    ``reference`` its reference option, if given)."""
    shutil.copytree(source, target)
    path = target / "study.yaml"
    spec: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    criterion = spec["criteria"][key]
    criterion["role"] = "modifier"
    criterion["value_function"] = FEASIBILITY
    criterion.pop("baseline", None)
    if reference is not None:
        spec["reference"] = reference
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    for profile_path in sorted((target / "weights").glob("*.yaml")):
        profile = yaml.safe_load(profile_path.read_text(encoding="utf-8"))
        profile["weights"].pop(key, None)
        profile_path.write_text(yaml.safe_dump(profile, sort_keys=False), encoding="utf-8")
    return target


def best(args: list[str], repeats: int) -> tuple[float, float]:
    """The best wall-clock time and the best CPU time (user + system, the child's own) of
    ``repeats`` runs of ``policy ARGS`` as a whole process."""
    command = [sys.executable, "-m", "policy_options", *args]
    walls, cpus = [], []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--reference", default=None, help="the modifier copy's reference option")
    parser.add_argument("--method", default=None, help="the method (default: the study's)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "plain"
        shutil.copytree(STUDY, plain)
        modified = as_modifier(STUDY, Path(folder) / "modifier", reference=options.reference)
        method = [] if options.method is None else ["--method", options.method]
        commands = {
            "policy rank": ["rank"],
            "policy sensitivity weights": ["sensitivity", "weights", *method],
            f"policy sensitivity montecarlo --samples {options.samples:,}": [
                "sensitivity", "montecarlo", "--samples", str(options.samples), *method,
            ],
        }  # fmt: skip
        print(f"best of {options.repeats}, whole process: CPU (user + system) and wall clock")
        print(f"{'command':<52} {'without':>9} {'with':>9} {'ratio':>6}   wall: without, with")
        for label, args in commands.items():
            wall_without, without = best([*args, "--study", str(plain)], options.repeats)
            wall_with, with_ = best([*args, "--study", str(modified)], options.repeats)
            print(
                f"{label:<52} {without:>8.3f}s {with_:>8.3f}s {with_ / without:>6.3f}"
                f"   {wall_without:.3f}s, {wall_with:.3f}s"
            )


if __name__ == "__main__":
    main()
