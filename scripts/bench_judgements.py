"""Benchmark of pooled judgements (issue 21): Monte Carlo (SMAA-2) of a 50-option,
10-criterion study at 100,000 samples, pooled from 10 analysts (every cell drawn from
their opinion pool), against the same study without judgements (every cell drawn from
its own triangular range).

    python scripts/bench_judgements.py

Times are the best of a few runs of the compute alone (process time; the machine may be
shared); loading and pooling the study are timed apart.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from policy_options.core.study.judgements.apply import apply_judgements
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from policy_options.core.uncertainty.montecarlo import smaa

OPTIONS, CRITERIA, ANALYSTS, SAMPLES = 50, 10, 10, 100_000


def best(run: Callable[[], object], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def write(folder: Path) -> None:
    rng = random.Random(21)
    criteria = "".join(
        f"  c{k}: {{name: C{k}, direction: higher_is_better, scale: {{min: 0, max: 10}}}}\n"
        for k in range(CRITERIA)
    )
    (folder / "study.yaml").write_text(f"schema: 1\ntitle: Bench\ncriteria:\n{criteria}")
    for i in range(OPTIONS):
        lines = []
        for k in range(CRITERIA):
            v = round(rng.uniform(2, 8), 1)
            lines.append(f"  c{k}: {{value: {v}, range: [{v - 1:.1f}, {v + 1:.1f}]}}")
        (folder / f"o{i:02d}.yaml").write_text(f"title: O{i}\nscores:\n" + "\n".join(lines))
    for a in range(ANALYSTS):
        where = folder / "judgements" / f"a{a}"
        where.mkdir(parents=True)
        for i in range(OPTIONS):
            lines = []
            for k in range(CRITERIA):
                v = round(rng.uniform(3, 7), 1)
                lines.append(
                    f"  c{k}: {{value: {v}, lowest: {v - 2:.1f}, highest: {v + 2:.1f},"
                    f" confidence: {rng.choice([60, 70, 80, 90])}}}"
                )
            (where / f"o{i:02d}.yaml").write_text("scores:\n" + "\n".join(lines))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write(folder)
        study = load_study(folder)
        pooling = best(lambda: apply_judgements(study, "pooled"), 1)
        pooled = apply_judgements(study, "pooled")
    weights = resolve_weights(study)
    plain = best(lambda: smaa(study, weights, samples=SAMPLES, pairwise="none"))
    mixed = best(lambda: smaa(pooled, weights, samples=SAMPLES, pairwise="none"))
    print(f"study: {OPTIONS} options x {CRITERIA} criteria, {ANALYSTS} analysts")
    print(f"samples: {SAMPLES:,}")
    print(f"pooling the judgements (apply_judgements): {pooling:.2f} s")
    print(f"Monte Carlo without judgements: {plain:.2f} s")
    print(f"Monte Carlo pooled (mixture draws): {mixed:.2f} s  ({mixed / plain:.2f}x)")


if __name__ == "__main__":
    main()
