"""The aggregation methods in numpy: many weight vectors and score draws at once.

:mod:`policy_options.core.methods` evaluates one weight vector on one decision matrix,
in plain Python; it is the reference. Here each method scores the options for a whole
block of samples at once, and gives the same numbers (to rounding; the tests check
1e-9 against the reference, sample by sample):

- additive: S = W^T v, one matrix product.
- weighted product: ln S = sum_j w_j ln v_j, one matrix product in log space; a value
  of 0 on a criterion with a positive weight vetoes the option (ln S = -inf).
- PROMETHEE II: phi = sum_k w_k phi_k, with phi_k the per-criterion net flows. They
  do not depend on the weights, so with fixed scores phi is one matrix product; with
  drawn raw scores phi_k is recomputed per sample, criterion by criterion (pairwise,
  or in closed form for a v-shape wider than any difference, where
  phi_k(a) = sign * (n x_a - sum_b x_b) / (p (n - 1))).
- TOPSIS: with weights w >= 0 the weighted ideal is w_j times the column's best of the
  vector-normalised matrix r, so d+^2 = ((r - r+)^2) @ w^2 and d-^2 = ((r - r-)^2) @ w^2,
  two matrix products; closeness d- / (d+ + d-), 0.5 when both are 0. Drawn raw scores
  re-normalise their column per sample.
- weakest link: min over the weighted criteria of the values, ties broken by the
  additive score (a second key).

Only the criteria with a positive weight in the profile take part: every reference
method drops a criterion of weight 0 (additive and PROMETHEE weigh it 0; the weighted
product's factor is v ** 0 = 1; TOPSIS's weighted column is 0, so are its ideal and
anti-ideal; weakest link takes the minimum over the weighted criteria only), and each
criterion is normalised on its own, so no other column depends on it.

A scorer's ``keys`` order the options: higher first, an exact tie to the earlier option
(options are in id order), and for weakest link a second key where the first ties.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from policy_options.core.methods import Method
from policy_options.core.methods.base import Preference
from policy_options.core.ranking.rank import problem_of
from policy_options.core.study.model import Study
from policy_options.core.study.weights import Weights
from policy_options.core.uncertainty.sampling import Cells, Draws, cells_of

Matrix = npt.NDArray[np.float64]
Index = npt.NDArray[np.intp]
Keys = tuple[Matrix, Matrix | None]
"""What ranks the options: (first key, second key or None), each options x samples."""

_PAIR_ELEMENTS = 1 << 20  # PROMETHEE: (n, n, samples) differences worked ~8 MiB at a time
_RAW_METHODS = frozenset({Method.topsis, Method.promethee})


@dataclass(frozen=True)
class Decision:
    """A study reduced to what a vectorised method needs: active criteria only."""

    method: Method
    ids: tuple[str, ...]  # options in id order: an exact tie goes to the earlier one
    active: tuple[str, ...]  # criteria with a non-zero weight
    values: Matrix  # options x active criteria, 0..1 (uncertain cells: the score as given)
    raw: Matrix  # options x active criteria, raw scores
    benefit: npt.NDArray[np.bool_]  # higher is better, per active criterion
    preferences: tuple[Preference, ...]  # PROMETHEE preference function per active criterion
    profile: Matrix  # the normalised weights of the active criteria
    cells: Cells | None
    duplicates: tuple[tuple[int, int], ...]  # (copy, original): options scored alike

    @property
    def needs_raw(self) -> bool:
        """Does the method read raw scores (TOPSIS, PROMETHEE) rather than 0..1 values?"""
        return self.method in _RAW_METHODS


def decision(
    study: Study,
    weights: Weights,
    method: Method,
    cells: Sequence[tuple[str, str]] | None = None,
) -> Decision:
    """The decision matrix of ``study`` on its weighted criteria, for ``method``.

    ``cells`` lists the (option, criterion) scores to treat as uncertain (each must have
    a range with low < high); scores on a criterion of weight 0 are left out.
    """
    ids = tuple(study.options)
    problem = problem_of(study, weights, ids)
    keep = [j for j, key in enumerate(problem.criteria) if weights.normalised[key] > 0]
    active = tuple(problem.criteria[j] for j in keep)
    values = np.array([[row[j] for j in keep] for row in problem.values], dtype=float)
    raw = np.array([[row[j] for j in keep] for row in problem.raw], dtype=float)
    profile = np.array([weights.normalised[key] for key in active], dtype=float)
    profile /= profile.sum()
    index = {option: j for j, option in enumerate(ids)}
    position = {key: i for i, key in enumerate(active)}
    rows: list[tuple[int, int, float, float, float]] = []
    for option, key in cells or ():
        if key not in position:
            continue
        score = study.options[option].spec.scores[key]
        assert score.range is not None
        assert score.range[0] < score.range[1]
        rows.append((index[option], position[key], score.range[0], score.value, score.range[1]))
    rows.sort(key=lambda r: (r[0], r[1]))
    found = cells_of(study, active, rows) if rows else None
    name = Method(method)
    basis = raw if name in _RAW_METHODS else values
    return Decision(
        method=name,
        ids=ids,
        active=active,
        values=values,
        raw=raw,
        benefit=np.array([problem.higher_is_better[j] for j in keep], dtype=bool),
        preferences=tuple(problem.preferences[j] for j in keep),
        profile=profile,
        cells=found,
        duplicates=_duplicates(basis, found),
    )


def _duplicates(basis: Matrix, cells: Cells | None) -> tuple[tuple[int, int], ...]:
    """Options with the same scores (to 12 decimals) and no uncertain cell: scored alike."""
    uncertain = set() if cells is None else {int(j) for j in cells.option}
    seen: dict[tuple[float, ...], int] = {}
    pairs: list[tuple[int, int]] = []
    for j, row in enumerate(basis):
        if j in uncertain:
            continue
        key = tuple(round(float(x), 12) for x in row)
        if key in seen:
            pairs.append((j, seen[key]))
        else:
            seen[key] = j
    return tuple(pairs)


# --- scorers -----------------------------------------------------------------------------


class Scorer:
    """One method over many samples. ``prepare`` does the weight-free work on score draws
    (reused for every weight vector of a block); ``keys`` ranks; ``scores`` gives the
    method's own 0..1 score (as :mod:`policy_options.core.methods` reports it)."""

    second_key = False  # does a second key break ties of the first (weakest link)?

    def __init__(self, problem: Decision) -> None:
        self.problem = problem
        self.n = len(problem.ids)

    def prepare(self, draws: Draws) -> object:
        return draws.values

    def keys(self, weights: Matrix, prepared: object | None = None) -> Keys:
        raise NotImplementedError

    def scores(self, keys: Keys) -> Keys:
        """The keys as the method's 0..1 score (and the second key, unchanged)."""
        return keys

    def _tidy(self, first: Matrix) -> Matrix:
        """Options scored alike get bit-identical keys (an exact tie, ordered by id)."""
        for copy, original in self.problem.duplicates:
            first[copy] = first[original]
        return first


def _width(scores: Matrix, size: int) -> Matrix:
    """``scores`` widened to ``size`` columns (one weight vector for many score draws)."""
    if scores.shape[1] != size:
        return np.repeat(scores, size, axis=1)
    return scores


class Additive(Scorer):
    """sum_j w_j v_j."""

    def __init__(self, problem: Decision) -> None:
        super().__init__(problem)
        fixed = problem.values.copy()
        if problem.cells is not None:
            fixed[problem.cells.option, problem.cells.criterion] = 0.0
        self.fixed = fixed

    def keys(self, weights: Matrix, prepared: object | None = None) -> Keys:
        scores = self.fixed @ weights
        cells = self.problem.cells
        if isinstance(prepared, np.ndarray) and cells is not None:
            scores = _width(scores, prepared.shape[1])
            terms = prepared * weights[cells.criterion]
            scores[cells.owners] += cells.owner_sums(terms)
        return self._tidy(scores), None


class WeightedProduct(Scorer):
    """ln S = sum_j w_j ln v_j; a 0 on a criterion of positive weight vetoes (-inf)."""

    def __init__(self, problem: Decision) -> None:
        super().__init__(problem)
        values = problem.values.copy()
        if problem.cells is not None:
            values[problem.cells.option, problem.cells.criterion] = 1.0  # ln 1 = 0, no veto
        zero: npt.NDArray[np.bool_] = np.asarray(values <= 0)
        self.logs = np.log(np.where(zero, 1.0, values))
        self.zeros = zero.astype(float)
        self.vetoed = np.asarray(zero.any(axis=1))[:, None]

    def prepare(self, draws: Draws) -> object:
        assert draws.values is not None
        with np.errstate(divide="ignore"):
            return np.log(draws.values)  # -inf where a drawn value is 0

    def keys(self, weights: Matrix, prepared: object | None = None) -> Keys:
        logs = self.logs @ weights
        positive = weights > 0
        every = bool(positive.all())
        vetoed = self.vetoed if every else (self.zeros @ positive) > 0
        cells = self.problem.cells
        if isinstance(prepared, np.ndarray) and cells is not None:
            logs = _width(logs, prepared.shape[1])
            w = weights[cells.criterion]
            with np.errstate(invalid="ignore"):
                terms = prepared * w  # -inf * 0 = nan: a weight of 0 drops out
            if not every:
                terms = np.where(w > 0, terms, 0.0)
            logs[cells.owners] += cells.owner_sums(terms)
        logs = np.where(vetoed, -np.inf, logs)
        return self._tidy(logs), None

    def scores(self, keys: Keys) -> Keys:
        return np.exp(keys[0]), None


class Promethee(Scorer):
    """phi = sum_k w_k phi_k; the score is (phi + 1) / 2."""

    def __init__(self, problem: Decision) -> None:
        super().__init__(problem)
        self.flows = net_flows(problem.raw, problem.benefit, problem.preferences)
        cells = problem.cells
        varied = [] if cells is None else [j for j, _, _ in cells.columns]
        self.steady = _others(len(problem.active), varied)
        self.closed_form = _closed_form(problem)
        self.workspace: dict[tuple[int, int], tuple[Matrix, Matrix]] = {}  # reused arrays

    def prepare(self, draws: Draws) -> object:
        """Each varied criterion's net flows per sample: (criterion, options x samples)."""
        assert draws.raw is not None
        assert self.problem.cells is not None
        p = self.problem
        found = []
        for j, rows, owners in self.problem.cells.columns:
            column = _column(p.raw[:, j], draws.raw, rows, owners)
            if self.closed_form[j]:
                flows = _linear_flows(column, bool(p.benefit[j]), p.preferences[j].p)
            else:
                flows = _pairwise_flows(
                    column, bool(p.benefit[j]), p.preferences[j], self.workspace
                )
            found.append((j, flows))
        return found

    def keys(self, weights: Matrix, prepared: object | None = None) -> Keys:
        if not isinstance(prepared, list):
            return self._tidy(self.flows @ weights), None
        phi = self.flows[:, self.steady] @ weights[self.steady]
        size = prepared[0][1].shape[1]
        phi = _width(phi, size)
        for j, flows in prepared:
            phi += flows * weights[j]
        return self._tidy(phi), None

    def scores(self, keys: Keys) -> Keys:
        return (keys[0] + 1.0) / 2.0, None


class Topsis(Scorer):
    """Closeness d- / (d+ + d-) from two matrix products over the squared weights.

    With drawn scores only the varied criteria change per sample, and of each varied
    column only its drawn cells: the column's norm, best and worst per sample come from
    the fixed cells' sums, worked out once, and the drawn cells; nothing of the fixed
    matrix is rebuilt.
    """

    def __init__(self, problem: Decision) -> None:
        super().__init__(problem)
        self.plus, self.minus = ideal_gaps(problem.raw, problem.benefit)
        cells = problem.cells
        varied = [] if cells is None else [j for j, _, _ in cells.columns]
        self.steady = _others(len(problem.active), varied)
        self.columns: list[tuple[int, Index, Index, Matrix, float, float, float]] = []
        for j, rows, owners in () if cells is None else cells.columns:
            column = problem.raw[:, j].copy()
            kept = np.delete(column, owners)
            column[owners] = 0.0
            self.columns.append(
                (
                    j,
                    rows,
                    owners,
                    column[:, None],
                    float((kept * kept).sum()),
                    float(kept.max()) if kept.size else -np.inf,
                    float(kept.min()) if kept.size else np.inf,
                )
            )

    def prepare(self, draws: Draws) -> object:
        """Each varied criterion's squared gaps to its ideal and anti-ideal, per sample."""
        assert draws.raw is not None
        found = []
        for j, rows, owners, column, squares, high, low in self.columns:
            drawn = draws.raw[rows]
            norm = np.sqrt(squares + (drawn * drawn).sum(axis=0))[None, :]
            positive = norm > 0
            r = np.divide(
                column, norm, out=np.zeros((column.shape[0], norm.shape[1])), where=positive
            )
            r[owners] = np.divide(drawn, norm, out=np.zeros_like(drawn), where=positive)
            top = np.maximum(high, drawn.max(axis=0, keepdims=True))
            bottom = np.minimum(low, drawn.min(axis=0, keepdims=True))
            top = np.divide(top, norm, out=np.zeros_like(top), where=positive)
            bottom = np.divide(bottom, norm, out=np.zeros_like(bottom), where=positive)
            best, worst = (top, bottom) if self.problem.benefit[j] else (bottom, top)
            plus = r - best
            plus *= plus
            r -= worst
            r *= r
            found.append((j, plus, r))
        return found

    def keys(self, weights: Matrix, prepared: object | None = None) -> Keys:
        squared = weights * weights
        if not isinstance(prepared, list):
            d_plus, d_minus = self.plus @ squared, self.minus @ squared
        else:
            size = prepared[0][1].shape[1]
            d_plus = _width(self.plus[:, self.steady] @ squared[self.steady], size)
            d_minus = _width(self.minus[:, self.steady] @ squared[self.steady], size)
            for j, plus, minus in prepared:
                d_plus += plus * squared[j]
                d_minus += minus * squared[j]
        return self._tidy(closeness(d_plus, d_minus)), None


class WeakestLink(Scorer):
    """min over the weighted criteria of v_j; equal minima ordered by the additive score.

    The minimum is rounded to 12 decimals (as the duplicates are compared): value
    functions give equal values with rounding noise (0.19999999999999996 from 1 - 0.8
    against 0.2 from 2/10, or from a flat stretch of a value function), and that noise
    must not decide the order instead of the additive score.
    """

    second_key = True

    def __init__(self, problem: Decision) -> None:
        super().__init__(problem)
        values = problem.values.copy()
        if problem.cells is not None:
            values[problem.cells.option, problem.cells.criterion] = np.inf
        self.values = values
        self.lowest = values.min(axis=1)[:, None]
        self.additive = Additive(problem)

    def keys(self, weights: Matrix, prepared: object | None = None) -> Keys:
        positive = weights > 0
        every = bool(positive.all())
        if every:
            lowest = self.lowest
        else:  # a sampled weight of exactly 0 drops its criterion from the minimum
            lowest = np.where(positive[None], self.values[:, :, None], np.inf).min(axis=1)
        cells = self.problem.cells
        second, _ = self.additive.keys(weights, prepared)
        lowest = np.array(np.broadcast_to(lowest, second.shape))
        if isinstance(prepared, np.ndarray) and cells is not None:
            drawn = prepared
            if not every:
                drawn = np.where(weights[cells.criterion] > 0, drawn, np.inf)
            owners = cells.owners
            lowest[owners] = np.minimum(
                lowest[owners], np.minimum.reduceat(drawn, cells.starts, axis=0)
            )
        return self._tidy(np.round(lowest, 12)), second


SCORERS: dict[Method, type[Scorer]] = {
    Method.additive: Additive,
    Method.weighted_product: WeightedProduct,
    Method.topsis: Topsis,
    Method.promethee: Promethee,
    Method.weakest_link: WeakestLink,
}


def scorer(problem: Decision) -> Scorer:
    """The vectorised scorer of ``problem.method``."""
    return SCORERS[problem.method](problem)


# --- the building blocks, also used by the stability intervals --------------------------


def closeness(d_plus_squared: Matrix, d_minus_squared: Matrix) -> Matrix:
    """TOPSIS closeness d- / (d+ + d-) from squared distances; 0.5 where both are 0."""
    d_plus, d_minus = np.sqrt(d_plus_squared), np.sqrt(d_minus_squared)
    total = d_plus + d_minus
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, d_minus / total, 0.5)


def ideal_gaps(raw: Matrix, benefit: npt.NDArray[np.bool_] | bool) -> tuple[Matrix, Matrix]:
    """Squared gaps (r - r+)^2 and (r - r-)^2 of the vector-normalised scores, per column.

    ``raw`` is options x columns: criteria (one ``benefit`` each) or samples of one
    criterion. r_ij = x_ij / sqrt(sum_i x_ij^2) (0 for a column of zeros); r+ is each
    column's best by direction, r- its worst (Hwang & Yoon 1981).
    """
    norms = np.sqrt((raw * raw).sum(axis=0, keepdims=True))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(norms > 0, raw / norms, 0.0)
    high, low = r.max(axis=0, keepdims=True), r.min(axis=0, keepdims=True)
    best = np.where(benefit, high, low)
    worst = np.where(benefit, low, high)
    return (r - best) ** 2, (r - worst) ** 2


def net_flows(
    raw: Matrix, benefit: npt.NDArray[np.bool_], preferences: Sequence[Preference]
) -> Matrix:
    """PROMETHEE II per-criterion net flows phi_k(a) (options x criteria), weight-free."""
    n, m = raw.shape
    flows = np.zeros((n, m))
    for k in range(m):
        column = raw[:, k : k + 1]
        flows[:, k] = _pairwise_flows(column, bool(benefit[k]), preferences[k])[:, 0]
    return flows


def preference_difference(function: Preference, d: Matrix, out: Matrix | None = None) -> Matrix:
    """P(d) - P(-d) for raw differences ``d`` (signed by direction): odd in d.

    Written into ``out`` (same shape as ``d``, not ``d`` itself) when given: this is the
    inner loop of PROMETHEE with drawn scores, and fresh arrays there cost page faults.
    """
    kind, q, p, s = function.function, function.q, function.p, function.s
    found = np.empty_like(d) if out is None else out
    if kind == "usual" or (kind == "v-shape" and not p > 0) or (kind == "gaussian" and not s > 0):
        return np.sign(d, out=found)
    if kind == "v-shape":
        np.multiply(d, 1.0 / p, out=found)
        return np.clip(found, -1.0, 1.0, out=found)
    if kind == "gaussian":
        np.square(d, out=found)
        found *= -1.0 / (2 * s * s)
        np.expm1(found, out=found)
        np.negative(found, out=found)
        return np.copysign(found, d, out=found)
    np.abs(d, out=found)
    if kind == "u-shape" or (kind == "linear" and not p > q):
        np.greater(found, q, out=found)
    elif kind == "level":
        higher = np.greater(found, p)
        np.greater(found, q, out=found)
        found += higher
        found *= 0.5
    elif kind == "linear":
        found -= q
        found *= 1.0 / (p - q)
        np.clip(found, 0.0, 1.0, out=found)
    else:
        raise ValueError(f"unknown preference function {kind!r}")
    return np.copysign(found, d, out=found)


def _pairwise_flows(
    column: Matrix,
    benefit: bool,
    function: Preference,
    workspace: dict[tuple[int, int], tuple[Matrix, Matrix]] | None = None,
) -> Matrix:
    """Net flows of one criterion (options x samples) from every pair a < b:
    phi(a) = 1/(n-1) sum_{b != a} H(d_ab), H(d) = P(d) - P(-d), d_ab = x_a - x_b.

    H is odd, so each pair is evaluated once and counted for both options: option a
    against all later options is one (n - 1 - a) x samples slice. Samples are worked in
    slabs of about ``_PAIR_ELEMENTS`` differences, so memory stays flat whatever n and
    the block size; ``workspace`` keeps the two arrays between calls (fresh ones cost
    page faults).
    """
    n, size = column.shape
    flows = np.zeros((n, size))
    if n < 2:
        return flows
    slab = max(1, _PAIR_ELEMENTS // n)
    for start in range(0, size, slab):
        part = column[:, start : start + slab]
        out = flows[:, start : start + slab]
        shape = (n - 1, part.shape[1])
        if workspace is None:
            d, found = np.empty(shape), np.empty(shape)
        else:
            d, found = workspace.setdefault(shape, (np.empty(shape), np.empty(shape)))
        for a in range(n - 1):
            later = slice(a + 1, n)
            rows = n - 1 - a
            if benefit:
                np.subtract(part[a], part[later], out=d[:rows])
            else:
                np.subtract(part[later], part[a], out=d[:rows])
            h = preference_difference(function, d[:rows], out=found[:rows])
            out[a] += h.sum(axis=0)
            out[later] -= h
    flows *= 1.0 / (n - 1)
    return flows


def _linear_flows(column: Matrix, benefit: bool, p: float) -> Matrix:
    """Net flows of a v-shape criterion whose p is at least every possible difference."""
    n = column.shape[0]
    if n < 2:
        return np.zeros_like(column)
    flows: Matrix = (n * column - column.sum(axis=0)) / (p * (n - 1))
    return flows if benefit else -flows


def _closed_form(problem: Decision) -> list[bool]:
    """Per criterion: is P(d) - P(-d) = d / p for every difference a draw can make?"""
    cells = problem.cells
    found = []
    for j, function in enumerate(problem.preferences):
        low, high = problem.raw[:, j].min(), problem.raw[:, j].max()
        if cells is not None:
            mine = cells.criterion == j
            if mine.any():
                low = min(low, float(cells.low[mine].min()))
                high = max(high, float((cells.low + cells.width)[mine].max()))
        linear = function.function == "v-shape" or (
            function.function == "linear" and function.q == 0
        )
        found.append(linear and function.p > 0 and high - low <= function.p)
    return found


def _others(m: int, varied: Sequence[int]) -> Index:
    """The criteria whose scores are all fixed."""
    return np.array([j for j in range(m) if j not in varied], dtype=np.intp)


def _column(fixed: Matrix, drawn: Matrix, rows: Index, owners: Index) -> Matrix:
    """One criterion's raw scores per sample: the fixed ones, and the drawn cells."""
    column = np.repeat(fixed[:, None], drawn.shape[1], axis=1)
    column[owners] = drawn[rows]
    return column
