"""The samples of scenario discovery, and where the option of interest is not first.

The samples come from :mod:`policy_options.core.uncertainty.sampling`, as in Monte
Carlo: weights from the chosen weight model, every score with a range from its
triangular distribution, and the scenario (``base`` or one of the study's) drawn with
the scenarios' probabilities (base takes the rest) or, when not every scenario has
one, uniformly. In a scenario its overrides replace the base scores (and their ranges).
Weights are a sampled input, so a scenario's own weight profile does not apply here.
Reproducible per seed whatever the chunking: the scenario of each sample comes from
its own stream (``SCENARIO_STREAM``), block by block.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from policy_options.core.ranking.rank import rank
from policy_options.core.study.files.model import Study
from policy_options.core.study.files.scenario_file import BASE_SCENARIO
from policy_options.core.study.scenarios import (
    DEFAULT_DISCOVERY_SAMPLES,
    apply_scenario,
    base_probability,
    scenario_ids,
)
from policy_options.core.study.suggest import did_you_mean
from policy_options.core.study.weights import Weights
from policy_options.core.uncertainty.decision import Decision, Matrix, decision
from policy_options.core.uncertainty.sample_ranks import comes_first
from policy_options.core.uncertainty.sampling import (
    SCENARIO_STREAM,
    SCORE_STREAM,
    Draws,
    blocks,
    draw,
    generator,
    ranged_cells,
    weight_sampler,
)
from policy_options.core.uncertainty.scorer import Scorer
from policy_options.core.uncertainty.settings import (
    DEFAULT_SEED,
    WeightModel,
    check_samples,
    check_weight_settings,
    resolve_method,
)
from policy_options.core.uncertainty.vectorised import scorer
from policy_options.errors import UsageError

Mask = npt.NDArray[np.bool_]
ProgressCallback = Callable[[int, int], None]

MAX_DISCOVERY_SAMPLES = 1_000_000
MAX_DISCOVERY_VALUES = 20_000_000
"""Samples x dimensions at most: PRIM holds them in float64 and peels a float32 copy
(about 16 bytes a value, so some 300 MiB at the most)."""


@dataclass(frozen=True)
class _Future:
    problem: Decision
    scorer: Scorer
    fixed: Matrix  # raw score of every union cell in this future
    columns: npt.NDArray[np.intp]  # union column of each of this future's drawn cells


@dataclass(frozen=True)
class Space:
    """The sampled inputs (samples x dimensions) and where the option lost first place."""

    option: str
    method: str
    x: Matrix
    lost: Mask
    dimensions: tuple[str, ...]
    categorical: tuple[int, ...]  # the ``scenario`` column, when the study has scenarios
    scenarios: tuple[str, ...]  # the scenario of code k (``base`` first)
    probabilities: tuple[tuple[str, float], ...]
    concentration: float | None
    uncertain_scores: int
    # score dimension -> (the one future in which it varies, its value in every other):
    # a box that keeps it away from that value lies in that future only
    varies_only_in: dict[str, tuple[str, float]] = field(default_factory=dict)


def sample_space(
    study: Study,
    weights: Weights,
    *,
    option: str | None = None,
    method: str | None = None,
    samples: int = DEFAULT_DISCOVERY_SAMPLES,
    seed: int = DEFAULT_SEED,
    weight_model: WeightModel = WeightModel.uniform,
    concentration: float | None = None,
    fixed_scores: bool = False,
    on_chunk: ProgressCallback | None = None,
) -> Space:
    """The samples of :func:`discover`: weights, ranged raw scores and the scenario per
    sample (columns ``dimensions``), and whether ``option`` (default: the base leader)
    is not first in it."""
    if study.scenario is not None:
        raise ValueError("discover takes the base study")
    check_samples(samples)
    concentration = check_weight_settings(seed, weight_model, concentration)
    if samples > MAX_DISCOVERY_SAMPLES:
        raise UsageError(f"--samples must be at most {MAX_DISCOVERY_SAMPLES:,}, got {samples:,}")
    name = resolve_method(study, method)
    base = rank(study, weights, name)
    if option is None:
        option = base.rows[0].option
    elif option not in study.options:
        raise UsageError(f"unknown option '{option}'{did_you_mean(option, study.options)}")
    futures_ids = scenario_ids(study)
    futures = [apply_scenario(study, sid) for sid in futures_ids]
    probabilities = _probabilities(study)

    problems = [
        decision(f, weights, name, None if fixed_scores else ranged_cells(f)) for f in futures
    ]
    active = problems[0].active
    ids = problems[0].ids
    union = sorted(
        {
            (int(p.cells.option[r]), int(p.cells.criterion[r]))
            for p in problems
            if p.cells is not None
            for r in range(p.cells.count)
        }
    )
    union_index = {cell: c for c, cell in enumerate(union)}
    prepared_futures = []
    for f, p in zip(futures, problems, strict=True):
        fixed = np.array(
            [f.options[ids[o]].spec.scores[active[c]].value for o, c in union], dtype=float
        )
        columns = np.array(
            []
            if p.cells is None
            else [
                union_index[(int(o), int(c))]
                for o, c in zip(p.cells.option, p.cells.criterion, strict=True)
            ],
            dtype=np.intp,
        )
        prepared_futures.append(_Future(p, scorer(p), fixed, columns))

    m, u = len(active), len(union)
    with_scenario = len(futures) > 1
    width = m + u + (1 if with_scenario else 0)
    if samples * width > MAX_DISCOVERY_VALUES:
        raise UsageError(
            f"--samples {samples:,} x {width} dimensions is more than"
            f" {MAX_DISCOVERY_VALUES:,} sampled values to hold and peel",
            hint=f"at most {MAX_DISCOVERY_VALUES // width:,} samples for this study",
        )
    x = np.empty((samples, width))
    lost = np.empty(samples, dtype=bool)
    target = ids.index(option)
    draw_weights = weight_sampler(problems[0].profile, weight_model, concentration, seed)
    cumulative = np.cumsum([p for _, p in probabilities])
    cumulative[-1] = 1.0
    for b, at, size in blocks(0, samples):
        w = draw_weights(b, size)
        which = np.searchsorted(
            cumulative, generator(seed, SCENARIO_STREAM, b).random(size), side="right"
        )
        which = np.minimum(which, len(futures) - 1)
        rows = slice(at, at + size)
        x[rows, :m] = w.T
        if with_scenario:
            x[rows, m + u] = which
        for s, future in enumerate(prepared_futures):
            mine = np.flatnonzero(which == s)
            if mine.size == 0:
                continue
            x[at + mine, m : m + u] = future.fixed
            prepared = None
            cells = future.problem.cells
            if cells is not None:
                raw = draw(cells, generator(seed, SCORE_STREAM, b), size, raw=True).raw
                assert raw is not None
                x[np.ix_(at + mine, m + future.columns)] = raw[:, mine].T
                if future.problem.needs_raw:
                    drawn = Draws(raw=raw[:, mine])
                else:
                    values = draw(cells, generator(seed, SCORE_STREAM, b), size, raw=False).values
                    assert values is not None
                    drawn = Draws(values=values[:, mine])
                prepared = future.scorer.prepare(drawn)
            keys = future.scorer.keys(w[:, mine], prepared)
            lost[at + mine] = ~comes_first(keys, target)
        if on_chunk is not None:
            on_chunk(at + size, samples)

    names = [f"weight:{key}" for key in active]
    names += [f"score:{ids[o]}:{active[c]}" for o, c in union]
    if with_scenario:
        names.append("scenario")
    only = varies_only_in(prepared_futures, futures_ids) if with_scenario else {}
    return Space(
        option=option,
        method=name.value,
        x=x,
        lost=lost,
        dimensions=tuple(names),
        categorical=(m + u,) if with_scenario else (),
        scenarios=tuple(futures_ids),
        probabilities=tuple(probabilities),
        concentration=concentration,
        uncertain_scores=u,
        varies_only_in={names[m + column]: found for column, found in only.items()},
    )


def varies_only_in(futures: list[_Future], ids: list[str]) -> dict[int, tuple[str, float]]:
    """Union column -> (future, value elsewhere) for each score that has a range in one
    future only and the same score in every other: its variation comes from that future."""
    ranged: dict[int, list[int]] = {}
    for s, future in enumerate(futures):
        for column in {int(c) for c in future.columns}:
            ranged.setdefault(column, []).append(s)
    found: dict[int, tuple[str, float]] = {}
    for column, where in ranged.items():
        if len(where) != 1:
            continue
        elsewhere = {float(f.fixed[column]) for s, f in enumerate(futures) if s != where[0]}
        if len(elsewhere) == 1:
            found[column] = (ids[where[0]], elsewhere.pop())
    return found


def _probabilities(study: Study) -> list[tuple[str, float]]:
    """Each future's chance: the scenarios' probabilities (base the rest), else uniform."""
    rest = base_probability(study)
    if rest is not None:
        stated = [(sid, float(s.spec.probability or 0.0)) for sid, s in study.scenarios.items()]
        return [(BASE_SCENARIO, rest), *stated]
    ids = scenario_ids(study)
    return [(sid, 1.0 / len(ids)) for sid in ids]
