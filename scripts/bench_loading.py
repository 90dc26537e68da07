"""Benchmark of loading large studies (issue 12, part 3); prints a small report.

    python scripts/bench_loading.py                  # 1,000 and 10,000 options x 20 criteria
    python scripts/bench_loading.py --options 2000   # one size

Generates a study of N option files x 20 criteria (seeded; every score with a range
and a rationale) in a temporary folder, then times whole ``policy`` processes, best
of ``--runs``: ``validate``, ``rank --format json``, and on studies up to 1,000 options
``rank --method promethee --format json`` and ``compare --format json``.
Targets: 10,000 options validate and rank in under 5 s; PROMETHEE and compare on
1,000 x 20 in under 1 s.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

POLICY = str(Path(sys.executable).with_name("policy"))
CRITERIA = 20


def write_study(folder: Path, options: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    keys = [f"c{k:02d}" for k in range(CRITERIA)]
    lines = ["schema: 1", "title: Loading benchmark", "criteria:"]
    for k, key in enumerate(keys):
        direction = "lower_is_better" if k % 4 == 3 else "higher_is_better"
        lines += [
            f"  {key}:",
            f"    name: Criterion {k}",
            f"    direction: {direction}",
            "    scale: {min: 0, max: 10}",
        ]
    (folder / "study.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "weights").mkdir(exist_ok=True)
    raw = ", ".join(f"{key}: {rng.randint(1, 5)}" for key in keys)
    (folder / "weights" / "base.yaml").write_text(f"weights: {{{raw}}}\n", encoding="utf-8")
    for j in range(options):
        scores = []
        for key in keys:
            x = rng.randint(1, 9)
            scores.append(
                f"  {key}: {{value: {x}, range: [{x - 1}, {x + 1}], rationale: Generated.}}"
            )
        text = f"title: Option {j}\nsummary: A generated option.\nscores:\n" + "\n".join(scores)
        (folder / f"o{j:05d}.yaml").write_text(text + "\n", encoding="utf-8")
    return folder


def best_of(argv: list[str], runs: int) -> tuple[float, float]:
    """Best wall time of ``runs`` runs (s), and the largest peak RSS of any of its
    processes (MiB: the command's, or its loading worker's when it forks one)."""
    times = []
    peak = 0.0
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", code, *argv], check=True, capture_output=True, text=True
        ).stdout
        times.append(time.perf_counter() - start)
        peak = max(peak, int(out.strip()) / 1024)
    return min(times), peak


def _calibration() -> float:
    """The best of five runs of a fixed pure-Python loop: how fast the machine is now."""
    times = []
    for _ in range(5):
        start = time.perf_counter()
        total = 0
        for i in range(3_000_000):
            total += i
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--options", type=int, action="append", help="study sizes")
    parser.add_argument("--runs", type=int, default=3, help="runs per command (best is kept)")
    args = parser.parse_args()
    sizes = args.options or [1000, 10_000]
    print(
        f"machine speed: a 3,000,000-step Python loop takes {_calibration():.2f} s (best of 5;"
        " compare runs by it: these virtual machines vary by half from minute to minute)"
    )
    print(f"{'study':>14}  {'command':<40} {'best s':>7} {'peak MiB':>9}  target")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            study = str(write_study(Path(tmp) / f"s{n}", n))
            commands: list[tuple[str, list[str], float | None]] = [
                ("validate", ["validate"], 5.0 if n >= 10_000 else None),
                ("rank --format json", ["rank", "--format", "json"], 5.0 if n >= 10_000 else None),
            ]
            if n <= 1000:
                commands += [
                    (
                        "rank --method promethee --format json",
                        ["rank", "--method", "promethee", "--format", "json"],
                        1.0,
                    ),
                    ("compare --format json", ["compare", "--format", "json"], 1.0),
                ]
            for label, argv, target in commands:
                seconds, peak = best_of([POLICY, *argv, "--study", study], args.runs)
                verdict = ""
                if target is not None:
                    verdict = f"{target:g} s {'ok' if seconds < target else 'MISSED'}"
                print(f"{n:>7,} x {CRITERIA}  {label:<40} {seconds:7.2f} {peak:9.0f}  {verdict}")


if __name__ == "__main__":
    main()
