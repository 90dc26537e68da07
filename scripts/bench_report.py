#!/usr/bin/env python3
"""Benchmark: the whole `policy report` process for the shipped study with 100,000 samples.

Each run is a fresh process (start-up, the study, SMAA-2 with 100,000 samples and its
confidence factors, stability, tornado, profiles, the package with 10,000 samples of
robustness, the scenarios, seven SVG charts, the template), writing the full report as
HTML and as Markdown, then the one-page brief (--brief: one chart) as HTML and, when
WeasyPrint or Chromium is there, as PDF. Reports wall time and CPU time (user + system,
the fair figure on a shared machine) per run, and the median.

    python scripts/bench_report.py            # 3 runs of each
    python scripts/bench_report.py --runs 5

Targets: issue 10, under 10 s; issue 20, under 3 s.
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
    variants: list[tuple[str, list[str]]] = [
        ("report.html", []),
        ("report.md", []),
        ("brief.html", ["--brief"]),
    ]
    try:
        from policy_options.render.report.pdf import engine

        engine()
        variants.append(("brief.pdf", ["--brief"]))
    except Exception as exc:
        print(f"(no PDF timing: {exc})")
    with tempfile.TemporaryDirectory() as folder:
        for name, flags in variants:
            walls, cpus = [], []
            for _ in range(args.runs):
                output = Path(folder) / name
                before_cpu, before = cpu(), time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "policy_options", "report", "--study",
                     str(ROOT / "options"), "--samples", str(args.samples), "--output",
                     str(output), *flags],
                    check=True, capture_output=True,
                )  # fmt: skip
                walls.append(time.perf_counter() - before)
                cpus.append(cpu() - before_cpu)
            print(
                f"policy report --output {name} {' '.join(flags)} --samples {args.samples:,}:"
                " wall "
                + ", ".join(f"{w:.2f}" for w in walls)
                + f" s (median {statistics.median(walls):.2f} s); CPU "
                + ", ".join(f"{c:.2f}" for c in cpus)
                + f" s (median {statistics.median(cpus):.2f} s)"
            )


if __name__ == "__main__":
    main()
