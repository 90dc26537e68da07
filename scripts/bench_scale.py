"""Benchmark of Monte Carlo (SMAA-2) on large generated studies, against a numpy floor (issue 12).

    python scripts/bench_scale.py              # ratios on 500 x 20, 100,000 samples; memory
    python scripts/bench_scale.py --quick      # 20,000 samples, one run each
    python scripts/bench_scale.py --memory-only

For each case it runs this project's :func:`smaa` and, side by side, a plain numpy
reference written below (uniform simplex weights, one matrix product per chunk of
samples, ``argsort``, ``bincount``: the floor for the job, with no pairwise matrix,
no central weights, no confidence factors) and prints the time ratio:

- 500 x 20, fixed scores, additive: target within 3x of the reference;
- 500 x 20, ranges on 30% of the scores (triangular draws of those cells only), additive:
  target within 4x of the reference that draws the same cells;
- every method on 500 x 20 with fixed scores against its own numpy reference: within 6x.

Then the peak resident memory of a fresh process (``resource.getrusage(RUSAGE_CHILDREN)``
in a wrapper that runs it) running ``smaa`` on 2,000 options x 50 criteria, fixed and
with ranges on 30% of the scores (confidence factors from at most 2,000 score draws):
target under 300 MiB whatever ``--samples`` (memory is flat in the samples: compare the
10,000 and 100,000 rows).

Times are the best of a few runs of compute only (the study is built in memory).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from policy_options.core.methods import Method
from policy_options.core.study.files.model import Study, StudyFile
from policy_options.core.study.files.option_file import Option, OptionFile
from policy_options.core.study.weights import Weights, normalise
from policy_options.core.uncertainty.decision import decision
from policy_options.core.uncertainty.montecarlo import smaa
from policy_options.core.uncertainty.vectorised_promethee import net_flows
from policy_options.core.uncertainty.vectorised_topsis import closeness, ideal_gaps

CHUNK = 8192  # samples per chunk of the reference (the draw block of smaa)


def generated_study(
    options: int, criteria: int, ranged: float = 0.0, seed: int = 7
) -> tuple[Study, Weights]:
    """A random study in memory: scores 1..9 on 0..10; ``ranged`` of them with a range."""
    rng = np.random.default_rng(seed)
    keys = [f"c{i:02d}" for i in range(criteria)]
    spec = StudyFile.model_validate(
        {
            "schema": 1,
            "title": "generated",
            "criteria": {
                k: {
                    "name": k,
                    "direction": "higher_is_better" if i % 3 else "lower_is_better",
                    "scale": {"min": 0, "max": 10},
                }
                for i, k in enumerate(keys)
            },
        }
    )
    found = {}
    for j in range(options):
        option_id = f"o{j:05d}"
        scores: dict[str, Any] = {}
        for k in keys:
            value = int(rng.integers(1, 10))
            if rng.random() < ranged:
                low, high = value - float(rng.random()) - 0.1, value + float(rng.random()) + 0.1
                scores[k] = {"value": value, "range": [low, high]}
            else:
                scores[k] = value
        found[option_id] = Option(
            option_id, OptionFile.model_validate({"title": option_id, "scores": scores}), option_id
        )
    raw = {k: float(x) for k, x in zip(keys, rng.integers(1, 6, criteria), strict=True)}
    return Study(Path("."), spec, found, {}), Weights("generated", "generated", raw, normalise(raw))


# --- the numpy reference: the floor for the job -------------------------------------------


def uniform_weights(rng: np.random.Generator, m: int, size: int) -> np.ndarray:
    """Uniform on the simplex: normalised standard exponentials (criteria x samples)."""
    w = rng.standard_exponential((m, size))
    w /= w.sum(axis=0)
    return w


def tally(scores: np.ndarray, counts: np.ndarray) -> None:
    """argsort each sample (samples x options, best first) and bincount (option, place)."""
    n = scores.shape[1]
    order = np.argsort(-scores, axis=1, kind="stable")
    counts += np.bincount((order * n + np.arange(n)).ravel(), minlength=n * n)


def reference(
    study: Study, weights: Weights, method: Method, samples: int, ranged: bool = False
) -> np.ndarray:
    """Rank acceptability counts (options x ranks) the plain way, chunk by chunk."""
    problem = decision(study, weights, method, None)
    values, raw = problem.values, problem.raw
    n, m = values.shape
    rng = np.random.default_rng(1)
    counts = np.zeros(n * n, dtype=np.int64)
    cells = None
    if ranged:  # the ranged cells, drawn triangular each chunk (additive only)
        rows = [
            (j, i, *study.options[o].spec.scores[k].range, study.options[o].spec.scores[k].value)  # type: ignore[misc]
            for j, o in enumerate(problem.ids)
            for i, k in enumerate(problem.active)
            if study.options[o].spec.scores[k].range is not None
        ]
        owner = np.array([r[0] for r in rows])
        crit = np.array([r[1] for r in rows])
        low, high, mode = (np.array([r[c] for r in rows])[:, None] for c in (2, 3, 4))
        sign = np.where(problem.benefit[crit], 1.0, -1.0)[:, None]
        base = np.where(problem.benefit[crit], 0.0, 1.0)[:, None]
        fixed = values.copy()
        fixed[owner, crit] = 0.0
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        owners = owner[starts]
        cells = (owner, crit, low, high, mode, sign, base, fixed, starts, owners)
    if method is Method.weighted_product:
        logs = np.log(np.maximum(values, 1e-300))
    elif method is Method.topsis:
        plus, minus = ideal_gaps(raw, problem.benefit)
    elif method is Method.promethee:
        flows = net_flows(raw, problem.benefit, problem.preferences)
    for start in range(0, samples, CHUNK):
        size = min(CHUNK, samples - start)
        w = uniform_weights(rng, m, size)
        if cells is not None:
            owner, crit, low, high, mode, sign, base, fixed, starts, owners = cells
            drawn = rng.triangular(low, mode, high, (low.size, size)) / 10.0
            drawn = base + sign * drawn  # the 0..1 value on a 0..10 scale
            scores = w.T @ fixed.T
            scores[:, owners] += np.add.reduceat(drawn * w[crit], starts, axis=0).T
        elif method is Method.additive:
            scores = w.T @ values.T
        elif method is Method.weighted_product:
            scores = w.T @ logs.T
        elif method is Method.topsis:
            squared = w * w
            scores = closeness(squared.T @ plus.T, squared.T @ minus.T)
        elif method is Method.promethee:
            scores = w.T @ flows.T
        else:  # weakest link: the lowest value, ties by the additive score
            lowest = values.min(axis=1)
            additive = w.T @ values.T
            order = np.lexsort((-additive, -np.broadcast_to(lowest, additive.shape)), axis=1)
            counts += np.bincount((order * n + np.arange(n)).ravel(), minlength=n * n)
            continue
        tally(scores, counts)
    return counts.reshape(n, n)


# --- measuring ------------------------------------------------------------------------------


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


CHILD = """
import resource, sys, time
sys.path.insert(0, SCRIPTS)
from bench_scale import generated_study
from policy_options.core.uncertainty.montecarlo import smaa
study, weights = generated_study(OPTIONS, CRITERIA, RANGED)
started = time.perf_counter()
result = smaa(study, weights, method=METHOD, samples=SAMPLES, confidence_samples=CONFIDENCE)
print(time.perf_counter() - started)
"""
WRAPPER = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-c", sys.argv[1]], check=True, capture_output=True,
                      text=True)
print(done.stdout.strip(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_mib(
    options: int, criteria: int, ranged: float, method: str, samples: int
) -> tuple[float, float]:
    """(peak resident MiB, seconds of smaa) of a fresh process running smaa on a study."""
    code = (
        CHILD.replace("SCRIPTS", repr(str(Path(__file__).parent)))
        .replace("OPTIONS", str(options))
        .replace("CRITERIA", str(criteria))
        .replace("RANGED", repr(ranged))
        .replace("METHOD", repr(method))
        .replace("SAMPLES", str(samples))
        .replace("CONFIDENCE", str(min(samples, 2000)))
    )
    # a fresh wrapper process waits for the child: its RUSAGE_CHILDREN peak is that child's
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, code], check=True, capture_output=True, text=True
    )
    seconds, kib = done.stdout.split()
    return int(kib) / 1024, float(seconds)  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 samples, one run each")
    parser.add_argument("--memory-only", action="store_true", help="only the 2,000 x 50 memory")
    parser.add_argument("--samples", type=int, default=None, help="samples for the ratios")
    args = parser.parse_args()
    samples = args.samples or (20_000 if args.quick else 100_000)
    repeat = 1 if args.quick else 3
    found: dict[str, Any] = {"samples": samples}
    lines = [f"SMAA-2 at scale, numpy {np.__version__}, Python {sys.version.split()[0]}", ""]
    if not args.memory_only:
        study, weights = generated_study(500, 20)
        ranged_study, ranged_weights = generated_study(500, 20, ranged=0.3)
        smaa(study, weights, samples=2000, fixed_scores=True)  # warm up
        lines.append(f"500 options x 20 criteria, {samples:,} samples (best of {repeat}):")
        lines.append(f"  {'case':<40} {'smaa':>8} {'reference':>10} {'ratio':>6} {'target':>7}")
        cases: list[tuple[str, Callable[[], object], Callable[[], object], float]] = [
            (
                "additive, fixed scores",
                lambda: smaa(study, weights, samples=samples, fixed_scores=True),
                lambda: reference(study, weights, Method.additive, samples),
                3.0,
            ),
            (
                "additive, ranges on 30% of scores",
                lambda: smaa(ranged_study, ranged_weights, samples=samples, confidence_samples=1),
                lambda: reference(ranged_study, ranged_weights, Method.additive, samples, True),
                4.0,
            ),
        ]
        for method in Method:
            cases.append(
                (
                    f"{method.value}, fixed, vs its own reference",
                    lambda m=method: smaa(
                        study, weights, method=m, samples=samples, fixed_scores=True
                    ),
                    lambda m=method: reference(study, weights, m, samples),
                    6.0,
                )
            )
        for label, ours, floor, target in cases:
            mine = best(ours, repeat)
            theirs = best(floor, repeat)
            ratio = mine / theirs
            found[label] = {"smaa_s": mine, "reference_s": theirs, "ratio": ratio}
            verdict = "ok" if ratio <= target else "MISSED"
            lines.append(
                f"  {label:<40} {mine:7.2f}s {theirs:9.2f}s {ratio:5.2f}x {target:5.0f}x {verdict}"
            )
        lines.append(
            "  (smaa also computes the pairwise matrix among the top 30 and the central"
            " weights; with ranges, 1 confidence draw)"
        )
        lines.append("")
    lines.append("Peak resident memory of a fresh process running smaa (target < 300 MiB):")
    memory_cases = [
        (2000, 50, 0.0, "additive", 10_000),
        (2000, 50, 0.0, "additive", 100_000),
        (2000, 50, 0.0, "topsis", 20_000),
        (2000, 50, 0.0, "promethee", 20_000),
        (2000, 50, 0.0, "weakest-link", 20_000),
        (2000, 50, 0.3, "additive", 2_000),
        (2000, 50, 0.3, "topsis", 1_000),
    ]
    if args.quick:
        memory_cases = [memory_cases[0], memory_cases[5]]
    for options, criteria, ranged, method, n_samples in memory_cases:
        mib, seconds = peak_mib(options, criteria, ranged, method, n_samples)
        label = (
            f"{options} x {criteria}, {'ranges on 30%' if ranged else 'fixed scores'},"
            f" {method}, {n_samples:,} samples"
        )
        found[label] = {"peak_mib": mib, "smaa_s": seconds}
        lines.append(f"  {label:<58} {mib:6.1f} MiB  ({seconds:.1f} s)")
    print("\n".join(lines))
    print("\n" + json.dumps(found, sort_keys=True))


if __name__ == "__main__":
    main()
