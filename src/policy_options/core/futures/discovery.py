"""Scenario discovery: where in the space of weights, scores and futures an option loses.

Following Bryant & Lempert (2010): sample the uncertain inputs, mark the samples where
the option of interest (default: the base leader) is not first, and find a few boxes,
each bounded on one to three inputs, that hold most of those losses. The boxes come
from PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999):

1. peeling: from the box holding every sample, repeatedly cut off the ``alpha`` share
   of the box's samples at the low or the high end of one input (or one scenario of
   the discrete ``scenario`` input) that raises the share of losses in the box most
   per sample removed, until no cut raises it or the box would hold fewer than
   ``min_support`` of the samples;
2. the box on that peeling trajectory with the highest coverage x (density - rate) is
   kept, rate being the share of losses among the samples searched (coverage: share of
   all losses inside the box; density: share of the box's samples that are losses);
   Bryant & Lempert leave this trade-off to the analyst, this is the automatic choice
   (a subgroup-discovery quality, like weighted relative accuracy); finer cuts of
   ``paste_alpha`` then continue from it while that measure rises;
3. pasting: widen its edges again, ``paste_alpha`` of the box at a time, while the
   density does not fall;
4. the restrictions that matter least are dropped (while the density falls by less
   than one percentage point, and always down to three), so each box reads in words;
5. covering: the samples inside the box are set aside and the search repeats on the
   rest, for at most ``max_boxes`` boxes, while a new box is at least ``MIN_LIFT`` (10
   percentage points) denser in losses than the samples left and holds at least
   ``MIN_COVERAGE`` (5%) of all losses.

The samples (:func:`discover`) come from :mod:`policy_options.core.uncertainty.sampling`, as in
Monte Carlo: weights from the chosen weight model, every score with a range from its
triangular distribution, and the scenario (``base`` or one of the study's) drawn with
the scenarios' probabilities (base takes the rest) or, when not every scenario has
one, uniformly. In a scenario its overrides replace the base scores (and their ranges).
Weights are a sampled input, so a scenario's own weight profile does not apply here.
Reproducible per seed whatever the chunking: the scenario of each sample comes from
its own stream (``SCENARIO_STREAM``), block by block.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from policy_options.core.ranking.rank import rank
from policy_options.core.study.model import BASE_SCENARIO, Study
from policy_options.core.study.scenarios import (
    DEFAULT_DISCOVERY_SAMPLES,
    apply_scenario,
    base_probability,
    scenario_ids,
)
from policy_options.core.study.suggest import did_you_mean
from policy_options.core.study.weights import Weights
from policy_options.core.uncertainty.decision import Decision, decision
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

Matrix = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]
ProgressCallback = Callable[[int, int], None]

MAX_DISCOVERY_SAMPLES = 1_000_000
MAX_DISCOVERY_VALUES = 20_000_000
"""Samples x dimensions at most: PRIM holds them in float64 and peels a float32 copy
(about 16 bytes a value, so some 300 MiB at the most)."""
PEEL_ALPHA = 0.05
PASTE_ALPHA = 0.01
MIN_SUPPORT = 0.05
MAX_BOXES = 3
MAX_DIMENSIONS = 3
DROP_TOLERANCE = 0.01  # a restriction worth less than this much density is dropped
MIN_LIFT = 0.1  # a box must be this much denser in losses than the samples searched
MIN_COVERAGE = 0.05  # and hold at least this share of all losses


@dataclass(frozen=True)
class Limit:
    """One edge of a box: low <= x <= high (None: unbounded), or the scenarios kept."""

    dimension: str
    low: float | None = None
    high: float | None = None
    values: tuple[str, ...] = ()  # the ``scenario`` dimension: the scenarios inside


@dataclass(frozen=True)
class Box:
    coverage: float  # share of all losses inside the box (and outside earlier boxes)
    density: float  # share of the box's samples (outside earlier boxes) that are losses
    count: int  # samples in the box (outside earlier boxes)
    limits: tuple[Limit, ...]


@dataclass(frozen=True)
class Discovery:
    """The result of :func:`discover`."""

    study: Study
    option: str
    method: str
    weights: Weights
    weight_model: str
    concentration: float | None
    samples: int
    seed: int
    failure_rate: float
    dimensions: tuple[str, ...]
    scenario_probabilities: tuple[tuple[str, float], ...]
    uncertain_scores: int
    boxes: tuple[Box, ...]


# --- PRIM --------------------------------------------------------------------------------


@dataclass
class PrimBox:
    """A box over the columns of a data matrix: low/high per column, kept categories."""

    low: Matrix
    high: Matrix
    categories: dict[int, set[int]] = field(default_factory=dict)

    def copy(self) -> PrimBox:
        return PrimBox(
            self.low.copy(), self.high.copy(), {j: set(c) for j, c in self.categories.items()}
        )


def _inside(x: Matrix, box: PrimBox, columns: Sequence[int]) -> Mask:
    """Samples of ``x`` inside ``box`` on ``columns``."""
    found = np.ones(x.shape[0], dtype=bool)
    for j in columns:
        if j in box.categories:
            found &= np.isin(x[:, j], sorted(box.categories[j]))
        else:
            found &= (x[:, j] >= box.low[j]) & (x[:, j] <= box.high[j])
    return found


def _restricted(x: Matrix, box: PrimBox, full: PrimBox) -> list[int]:
    """Columns on which ``box`` is narrower than the data (``full``)."""
    found = []
    for j in range(x.shape[1]):
        if j in box.categories:
            if box.categories[j] != full.categories[j]:
                found.append(j)
        elif box.low[j] > full.low[j] or box.high[j] < full.high[j]:
            found.append(j)
    return found


def _full_box(x: Matrix, categorical: Sequence[int], alive: Mask) -> PrimBox:
    data = x[alive]
    box = PrimBox(data.min(axis=0), data.max(axis=0))
    for j in categorical:
        box.categories[j] = {int(v) for v in np.unique(data[:, j])}
    return box


def _peel(
    x: Matrix,
    y: Mask,
    alive: Mask,
    categorical: Sequence[int],
    alpha: float,
    min_count: int,
    start: PrimBox | None = None,
    total: int | None = None,
    rate: float = 0.0,
) -> list[tuple[PrimBox, int, int]]:
    """The peeling trajectory from ``start`` (default: every sample): (box, samples inside,
    losses inside), widest first. With ``total`` (all losses) it stops as soon as
    coverage x density falls."""
    box = _full_box(x, categorical, alive) if start is None else start.copy()
    continuous = np.array([j for j in range(x.shape[1]) if j not in categorical], dtype=np.intp)
    # inputs x samples, rows contiguous; float32 is exact enough to find the cut samples
    # (limits are read back from ``x``) and halves the work
    columns = np.ascontiguousarray(x[:, continuous].T, dtype=np.float32)
    inside = alive & _inside(x, box, range(x.shape[1]))
    trajectory = [(box.copy(), int(inside.sum()), int(y[inside].sum()))]
    while True:
        index = np.flatnonzero(inside)
        count = index.size
        losses = int(y[index].sum())
        if losses == count or count == 0:
            break
        mean = losses / count
        data = columns[:, index]
        yb = y[index]
        ys = yb.astype(float)
        k = max(1, int(alpha * count))
        ends = np.partition(data, [k - 1, count - k], axis=1)
        best: tuple[float, int, str, Mask] | None = None  # (objective, column, side, removed)
        for side, cut in (
            ("low", ends[:, k - 1 : k]),
            ("high", ends[:, count - k : count - k + 1]),
        ):
            removed = data < cut if side == "low" else data > cut
            none = ~removed.any(axis=1)
            if none.any():  # ties at the cut: take them all
                ties = data[none] <= cut[none] if side == "low" else data[none] >= cut[none]
                removed[none] = ties
            n_removed = removed.sum(axis=1)
            y_removed = np.count_nonzero(removed & yb, axis=1)
            left = count - n_removed
            with np.errstate(divide="ignore", invalid="ignore"):
                gain = ((losses - y_removed) / left - mean) / n_removed
            gain = np.where((left >= min_count) & (n_removed > 0), gain, -np.inf)
            c = int(np.argmax(gain))
            if gain[c] > 0 and (best is None or gain[c] > best[0]):
                best = (float(gain[c]), int(continuous[c]), side, removed[c])
        for j in categorical:
            values = x[index, j]
            for category in sorted(box.categories[j]):
                removed = values == category
                n_removed = int(removed.sum())
                left = count - n_removed
                if n_removed == 0 or left < min_count:
                    continue
                gain = ((losses - float(ys[removed].sum())) / left - mean) / n_removed
                if gain > 0 and (best is None or gain > best[0]):
                    best = (gain, j, f"category:{category}", removed)
        if best is None:
            break
        _, j, side, removed = best
        kept_index = index[~removed]
        if total is not None:
            before = _gain(count, losses, total, rate)
            if _gain(kept_index.size, int(y[kept_index].sum()), total, rate) < before:
                break  # the choice criterion would fall: stop here
        inside[index[removed]] = False
        kept = x[kept_index, j]
        if side == "low":
            box.low[j] = kept.min()
        elif side == "high":
            box.high[j] = kept.max()
        else:
            box.categories[j].discard(int(side.partition(":")[2]))
        trajectory.append((box.copy(), int(inside.sum()), int(y[inside].sum())))
    return trajectory


def _ok(x: Matrix, box: PrimBox, columns: Sequence[int], rows: npt.NDArray[np.intp]) -> Mask:
    """columns x rows: does each sample of ``rows`` lie inside the box on each column?"""
    ok = np.empty((len(columns), rows.size), dtype=bool)
    for i, j in enumerate(columns):
        values = x[rows, j]
        if j in box.categories:
            ok[i] = np.isin(values, sorted(box.categories[j]))
        else:
            ok[i] = (values >= box.low[j]) & (values <= box.high[j])
    return ok


def _paste(x: Matrix, y: Mask, alive: Mask, box: PrimBox, full: PrimBox, alpha: float) -> PrimBox:
    """Widen ``box`` an ``alpha`` share at a time while its density does not fall."""
    box = box.copy()
    rows = np.flatnonzero(alive)
    ys = y[rows]
    while True:
        columns = _restricted(x, box, full)
        ok = _ok(x, box, columns, rows)
        misses = (~ok).sum(axis=0)
        inside = misses == 0
        count = int(inside.sum())
        if count == 0:
            return box
        mean = float(ys[inside].sum()) / count
        k = max(1, int(alpha * count))
        best: tuple[float, PrimBox] | None = None
        for i, j in enumerate(columns):
            others = inside | ((misses == 1) & ~ok[i])  # inside on every other column
            candidates: list[PrimBox] = []
            if j in box.categories:
                for category in sorted(full.categories[j] - box.categories[j]):
                    wider = box.copy()
                    wider.categories[j].add(category)
                    candidates.append(wider)
            else:
                values = x[rows[others], j]
                below = np.sort(values[values < box.low[j]])
                if below.size:
                    wider = box.copy()
                    wider.low[j] = below[max(0, below.size - k)]
                    candidates.append(wider)
                above = np.sort(values[values > box.high[j]])
                if above.size:
                    wider = box.copy()
                    wider.high[j] = above[min(above.size, k) - 1]
                    candidates.append(wider)
            for wider in candidates:
                grown = others & _ok(x, wider, [j], rows)[0]
                new_count = int(grown.sum())
                new_mean = float(ys[grown].sum()) / new_count
                score = new_mean + 1e-12 * new_count  # equal density: the larger box
                if new_mean >= mean and new_count > count and (best is None or score > best[0]):
                    best = (score, wider)
        if best is None:
            return box
        box = best[1]


def _reduce(
    x: Matrix, y: Mask, alive: Mask, box: PrimBox, full: PrimBox, max_dims: int
) -> tuple[PrimBox, list[int]]:
    """Drop the restrictions worth least (density lost), down to ``max_dims`` at most."""
    box = box.copy()
    columns = _restricted(x, box, full)
    rows = np.flatnonzero(alive)
    ys = y[rows]
    ok = _ok(x, box, columns, rows)
    while columns:
        misses = (~ok).sum(axis=0)
        inside = misses == 0
        count, hits = int(inside.sum()), int(ys[inside].sum())
        current = hits / count if count else 0.0
        # dropping column i adds the samples outside the box on that column only
        extra = (misses == 1) & ~ok
        added = extra.sum(axis=1)
        added_hits = (extra & ys).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            after = np.where(count + added > 0, (hits + added_hits) / (count + added), 0.0)
        costs = current - after
        i = int(np.argmin(costs))
        if costs[i] > DROP_TOLERANCE and len(columns) <= max_dims:
            break
        j = columns.pop(i)
        ok = np.delete(ok, i, axis=0)
        box.low[j], box.high[j] = full.low[j], full.high[j]
        if j in box.categories:
            box.categories[j] = set(full.categories[j])
    return box, columns


def _gain(count: int, hits: int, total: int, rate: float) -> float:
    """Coverage x (density - rate): the share of all losses a box holds, times how much
    denser in losses it is than the samples searched."""
    return (hits / total) * (hits / count - rate) if count else 0.0


def _choose(trajectory: list[tuple[PrimBox, int, int]], total: int, rate: float) -> PrimBox:
    """The box of a peeling trajectory with the highest coverage x (density - rate)."""
    box, _, _ = max(trajectory, key=lambda t: _gain(t[1], t[2], total, rate))
    return box


@dataclass(frozen=True)
class PrimResult:
    """A box found by :func:`prim`: its restricted columns and figures."""

    box: PrimBox
    full: PrimBox  # the data's bounds when the box was found
    columns: tuple[int, ...]
    coverage: float
    density: float
    count: int


def prim(
    x: Matrix,
    y: Mask,
    categorical: Sequence[int] = (),
    *,
    alpha: float = PEEL_ALPHA,
    paste_alpha: float = PASTE_ALPHA,
    min_support: float = MIN_SUPPORT,
    max_boxes: int = MAX_BOXES,
    max_dims: int = MAX_DIMENSIONS,
) -> list[PrimResult]:
    """PRIM boxes (peeling, pasting, covering) holding the samples where ``y`` is true.

    ``x`` is samples x inputs; the ``categorical`` columns hold category codes.
    Coverage is always against every true sample; density and count are over the
    samples outside earlier boxes. See the module docstring for the steps.
    """
    n = x.shape[0]
    total = int(y.sum())
    alive = np.ones(n, dtype=bool)
    found: list[PrimResult] = []
    if total == 0 or total == n:
        return found
    min_count = max(1, int(np.ceil(min_support * n)))
    while len(found) < max_boxes:
        left = int(alive.sum())
        losses = int(y[alive].sum())
        if losses == 0 or left < 2 * min_count:
            break
        full = _full_box(x, categorical, alive)
        trajectory = _peel(x, y, alive, categorical, alpha, min_count)
        rate = losses / left
        chosen = _choose(trajectory, total, rate)
        # finer cuts from the chosen box, so its edges need not sit on the coarse steps
        fine = _peel(x, y, alive, categorical, paste_alpha, min_count, chosen, total, rate)
        box = _paste(x, y, alive, _choose(fine, total, rate), full, paste_alpha)
        box, columns = _reduce(x, y, alive, box, full, max_dims)
        if not columns:
            break
        inside = alive & _inside(x, box, columns)
        count = int(inside.sum())
        hits = int(y[inside].sum())
        density = hits / count if count else 0.0
        if count == 0 or density < rate + MIN_LIFT or hits / total < MIN_COVERAGE:
            break
        found.append(PrimResult(box, full, tuple(columns), hits / total, density, count))
        alive &= ~inside
    return found


# --- sampling the study ------------------------------------------------------------------


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


def discover(
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
    max_boxes: int = MAX_BOXES,
    on_chunk: ProgressCallback | None = None,
) -> Discovery:
    """Sample, mark where ``option`` is not first, and find PRIM boxes; see the module doc."""
    space = sample_space(
        study,
        weights,
        option=option,
        method=method,
        samples=samples,
        seed=seed,
        weight_model=weight_model,
        concentration=concentration,
        fixed_scores=fixed_scores,
        on_chunk=on_chunk,
    )
    found = prim(space.x, space.lost, space.categorical, max_boxes=max_boxes)
    boxes = tuple(
        _box(result, space.dimensions, space.scenarios, space.categorical) for result in found
    )
    return Discovery(
        study=study,
        option=space.option,
        method=space.method,
        weights=weights,
        weight_model=weight_model.value,
        concentration=space.concentration,
        samples=samples,
        seed=seed,
        failure_rate=float(space.lost.mean()),
        dimensions=space.dimensions,
        scenario_probabilities=space.probabilities,
        uncertain_scores=space.uncertain_scores,
        boxes=boxes,
    )


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
    )


def _probabilities(study: Study) -> list[tuple[str, float]]:
    """Each future's chance: the scenarios' probabilities (base the rest), else uniform."""
    rest = base_probability(study)
    if rest is not None:
        stated = [(sid, float(s.spec.probability or 0.0)) for sid, s in study.scenarios.items()]
        return [(BASE_SCENARIO, rest), *stated]
    ids = scenario_ids(study)
    return [(sid, 1.0 / len(ids)) for sid in ids]


def _box(
    result: PrimResult,
    names: Sequence[str],
    scenarios: Sequence[str],
    categorical: Sequence[int],
) -> Box:
    lows, highs = result.full.low, result.full.high
    limits = []
    for j in sorted(result.columns):
        if j in categorical:
            kept = tuple(scenarios[c] for c in sorted(result.box.categories[j]))
            limits.append(Limit(names[j], values=kept))
            continue
        low = float(result.box.low[j]) if result.box.low[j] > lows[j] else None
        high = float(result.box.high[j]) if result.box.high[j] < highs[j] else None
        limits.append(Limit(names[j], low, high))
    return Box(result.coverage, result.density, result.count, tuple(limits))
