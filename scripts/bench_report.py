#!/usr/bin/env python3
"""Benchmark: the whole `policy report` process for the shipped study with 100,000 samples.

Each run is a fresh process (start-up, the study, SMAA-2 with 100,000 samples and its
confidence factors, stability, tornado, profiles, five SVG charts, the template), writing
HTML, then Markdown. Reports wall time and CPU time (user + system) per run, and the median.

    python scripts/bench_report.py            # 3 runs of each format
    python scripts/bench_report.py --runs 5

Target (issue 10): under 10 s.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".html", ".md"):
            walls, cpus = [], []
            for _ in range(args.runs):
                output = Path(folder) / f"brief{suffix}"
                before_cpu, before = cpu(), time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "policy_options", "report", "--study",
                     str(ROOT / "options"), "--samples", str(args.samples), "--output",
                     str(output)],
                    check=True, capture_output=True,
                )  # fmt: skip
                walls.append(time.perf_counter() - before)
                cpus.append(cpu() - before_cpu)
            print(
                f"policy report --output brief{suffix} --samples {args.samples:,}: wall "
                + ", ".join(f"{w:.2f}" for w in walls)
                + f" s (median {statistics.median(walls):.2f} s); CPU "
                + ", ".join(f"{c:.2f}" for c in cpus)
                + f" s (median {statistics.median(cpus):.2f} s)"
            )


if __name__ == "__main__":
    main()
