"""Benchmark of ``policy scenarios`` and ``policy scenarios discover`` (issue 9).

    python scripts/bench_discover.py

Times are the best of several runs of the compute alone (the machine may be shared):
the regret analysis of the shipped study's five futures, and scenario discovery for
10,000 and 20,000 samples under each weight model, split into sampling and PRIM.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from policy_options.core.futures import discovery
from policy_options.core.futures.prim import PrimResult
from policy_options.core.futures.regret import regret_analysis
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from policy_options.core.uncertainty.settings import WeightModel

STUDY = Path(__file__).resolve().parent.parent / "options"


def best(run: Callable[[], object], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    study = load_study(STUDY)
    weights = resolve_weights(study)
    print(f"policy scenarios (5 futures, 14 options): {best(lambda: regret_analysis(study)):.3f} s")
    prim_time: list[float] = []
    original = discovery.prim

    def timed_prim(*args: object, **kwargs: object) -> list[PrimResult]:
        start = time.process_time()
        found = original(*args, **kwargs)  # type: ignore[arg-type]
        prim_time.append(time.process_time() - start)
        return found

    discovery.prim = timed_prim  # type: ignore[assignment]
    for samples in (10_000, 20_000):
        for model in WeightModel:
            prim_time.clear()
            total = best(
                lambda samples=samples, model=model: discovery.discover(
                    study, weights, samples=samples, weight_model=model
                )
            )
            result = discovery.discover(study, weights, samples=samples, weight_model=model)
            print(
                f"discover {samples:>6,} samples, {model.value:<8}: {total:.2f} s of compute"
                f" (PRIM {min(prim_time):.2f} s), {len(result.dimensions)} dimensions,"
                f" failure rate {result.failure_rate:.1%}, {len(result.boxes)} box(es)"
            )
    discovery.prim = original
    rng = np.random.default_rng(1)
    x = np.column_stack([rng.dirichlet([1, 1, 1], 20_000), rng.random((20_000, 5))])
    found = original(x, x[:, 0] > 0.3)
    print(
        f"constructed case (loses when weight 0 > 0.3): box on column {found[0].columns},"
        f" edge {found[0].box.low[0]:.4f}, coverage {found[0].coverage:.3f},"
        f" density {found[0].density:.3f}"
    )


if __name__ == "__main__":
    main()
