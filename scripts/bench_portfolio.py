"""Benchmark of ``policy portfolio`` (issue 8); prints a small report.

    python scripts/bench_portfolio.py            # about a minute
    python scripts/bench_portfolio.py --quick    # one run each

Targets: 40 options x 10 criteria x 3 resources, best package (bounded meet-in-the-middle
search, with its 5 runners-up; above 25 options the frontier needs --frontier) in under
2 s for the whole
process; 20 options with 10,000 robustness samples (enumeration) in under 5 s; package
regret over 5 scenarios for 20 options (``--scenarios``) in under 3 s; peak
memory under 300 MiB. The studies are synthetic (seeded): scores with ranges, baselines
at the best end for the "risk" criteria, costs on three resources with limits at about
a third of the total, a few prerequisites, exclusions and interactions.

Times are whole ``policy`` processes, the best of several runs (the machine may be
shared); memory is the peak resident set of the process (``resource.getrusage``).
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


def write_study(
    folder: Path, options: int, criteria: int, resources: int, seed: int, scenarios: int = 0
) -> Path:
    """A synthetic study folder with portfolio data (and ``scenarios`` futures, each
    overriding a score of a third of the options, with a probability of 0.15)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    keys = [f"c{k}" for k in range(criteria)]
    lines = ["schema: 1", "title: Synthetic portfolio benchmark", "criteria:"]
    for k, key in enumerate(keys):
        risk = k % 3 == 2
        lines += [
            f"  {key}:",
            f"    name: Criterion {k}",
            f"    direction: {'lower_is_better' if risk else 'higher_is_better'}",
            "    scale: {min: 0, max: 10}",
        ]
        if risk:
            lines.append("    baseline: 0")
    costs = [[round(rng.uniform(0, 100), 1) for _ in range(resources)] for _ in range(options)]
    lines.append("resources:")
    for r in range(resources):
        limit = round(sum(row[r] for row in costs) / 3, 1)
        lines.append(f"  r{r}: {{name: Resource {r}, unit: units, limit: {limit}}}")
    (folder / "study.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ids = [f"o{j:02d}" for j in range(options)]
    requires = {ids[j]: ids[j + 1] for j in range(0, min(8, options - 1), 2)}
    excludes = {ids[j]: ids[j + 2] for j in range(10, min(18, options - 2), 2)}
    for j, key in enumerate(ids):
        scores = []
        for c in keys:
            x = round(rng.uniform(1, 9), 1)
            scores.append(f"  {c}: {{value: {x}, range: [{x - 1:.1f}, {x + 1:.1f}]}}")
        text = [f"title: Option {j}", "scores:", *scores]
        text.append("costs: {" + ", ".join(f"r{r}: {c}" for r, c in enumerate(costs[j])) + "}")
        if key in requires:
            text.append(f"requires: [{requires[key]}]")
        if key in excludes:
            text.append(f"excludes: [{excludes[key]}]")
        (folder / f"{key}.yaml").write_text("\n".join(text) + "\n", encoding="utf-8")
    interactions = []
    for _ in range(8):
        a, b = rng.sample(ids, 2)
        d = round(rng.uniform(-0.3, 0.3), 2)
        interactions.append(
            f"- {{options: [{a}, {b}], criterion: {rng.choice(keys)}, value: {d},"
            " rationale: synthetic}"
        )
    (folder / "interactions.yaml").write_text("\n".join(interactions) + "\n", encoding="utf-8")
    weights = folder / "weights"
    weights.mkdir(exist_ok=True)
    raw = ", ".join(f"{c}: {rng.randint(1, 5)}" for c in keys)
    (weights / "base.yaml").write_text(f"weights: {{{raw}}}\n", encoding="utf-8")
    if scenarios:
        (folder / "scenarios").mkdir(exist_ok=True)
    for s in range(scenarios):
        text = [f"name: Future {s}", "probability: 0.15", "scores:"]
        for key in rng.sample(ids, options // 3):
            text.append(f"  {key}: {{{rng.choice(keys)}: {round(rng.uniform(0, 10), 1)}}}")
        (folder / "scenarios" / f"future-{s}.yaml").write_text(
            "\n".join(text) + "\n", encoding="utf-8"
        )
    return folder


def run(argv: list[str], repeat: int) -> tuple[float, float]:
    """Best wall time of ``repeat`` runs (s), and the peak RSS of a run (MiB)."""
    times = []
    peak = 0.0
    for _ in range(repeat):
        started = time.perf_counter()
        code = (
            "import resource, subprocess, sys\n"
            "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, *argv], check=True, capture_output=True, text=True
        ).stdout
        times.append(time.perf_counter() - started)
        peak = max(peak, int(out.strip()) / 1024)
    return min(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one run of each")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    with tempfile.TemporaryDirectory() as tmp:
        big = write_study(Path(tmp) / "big", 40, 10, 3, seed=1)
        mid = write_study(Path(tmp) / "mid", 20, 10, 3, seed=2, scenarios=5)
        cases = [
            (
                "40 options x 10 criteria x 3 resources: best package and 5 runners-up"
                " (bounded search), --samples 0",
                [POLICY, "portfolio", "--study", str(big), "--samples", "0", "-f", "json"],
                2.0,
            ),
            (
                "20 options x 10 criteria x 3 resources: best package, frontier and 10,000"
                " robustness samples (enumeration, ranged scores drawn)",
                [POLICY, "portfolio", "--study", str(mid), "--samples", "10000", "-f", "json"],
                5.0,
            ),
            (
                "20 options x 10 criteria x 3 resources x 5 scenarios: every feasible package"
                " valued in 6 futures, minimax regret (--scenarios)",
                [POLICY, "portfolio", "--study", str(mid), "--scenarios", "-f", "json"],
                3.0,
            ),
        ]
        print(f"{'case':<110} {'best s':>7} {'target':>7} {'peak MiB':>9}")
        for label, argv, target in cases:
            seconds, peak = run(argv, repeat)
            verdict = "ok" if seconds < target and peak < 300 else "MISSED"
            print(f"{label:<110} {seconds:7.2f} {target:7.1f} {peak:9.0f}  {verdict}")


if __name__ == "__main__":
    main()
