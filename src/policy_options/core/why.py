"""Why A is ranked above B (or below), and the smallest changes that would flip the pair.

- The gap, criterion by criterion (:func:`policy_options.core.ranking.explain.pair_gap`).
- One weight at a time: criterion k's weight t runs over [0, 1], the others keeping
  their ratios (as in ``sensitivity weights``: ``stability.score_lines``). Additive,
  and PROMETHEE II (score = sum_k w_k (phi_k + 1) / 2, the flows phi_k independent of
  the weights): the margin is a line alpha + beta t and the tie is t = -alpha / beta,
  exact. Weighted product, TOPSIS, weakest link: the order on a grid of ``GRID``
  weights, then bisection to 1e-9 next to the current weight (a flip between two grid
  points that undoes itself before the next can be missed). "Never" when no weight in
  [0, 1] flips the pair.
- All weights at once: the smallest L1 change of the normalised weight vector that
  makes the trailing option score at least the leading one, a linear programme solved
  with HiGHS (scipy.optimize.linprog): additive, sum_j w_j (v_Tj - v_Lj) >= 0;
  weighted product in log form, sum_j w_j (ln v_Tj - ln v_Lj) >= 0 (not when either
  option has a value of 0, a veto that makes the problem non-linear). Half the L1
  distance is the share of weight that moves. Not offered for TOPSIS, PROMETHEE and
  weakest link, whose scores are not linear in the weights (or not in these terms).
- One score at a time: each of A's and B's raw scores on each criterion, moved alone.
  Additive: the 0..1 value that ties them, v = v_now -/+ gap / w_k, taken back to a raw
  score through the criterion's value function (the solution nearest the current score).
  Elsewhere: a grid over the scale and bisection to 1e-9 of its width. The tie is
  *plausible* when it lies inside the score's declared range.

Where the order changes by a jump rather than a tie (weakest link when a criterion is
dropped, PROMETHEE step preference functions) the point reported is where it jumps.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from policy_options.core.methods import EVALUATORS, Method
from policy_options.core.methods.base import Problem
from policy_options.core.ranking.explain import Gap, pair_gap, ranked_index
from policy_options.core.ranking.rank import TIE_TOLERANCE, RankedOption, Ranking, problem_of, rank
from policy_options.core.study.model import Criterion, Direction, Study
from policy_options.core.study.values import value
from policy_options.core.study.weights import Weights
from policy_options.core.uncertainty.stability import score_lines
from policy_options.errors import UsageError

GRID = 201
"""Non-additive methods: points of the weight (or score) grid searched before bisection."""
BISECTION = 1e-9
"""Bisection stops when the bracket is this narrow (weights; times the scale's width for scores)."""
LP_METHODS = (Method.additive, Method.weighted_product)


@dataclass(frozen=True)
class WeightFlip:
    """Criterion ``criterion``'s weight at which the pair ties (others keep their ratios)."""

    criterion: str
    weight: float  # the current normalised weight
    flip: float | None  # the weight at which they tie; None: no weight in [0, 1] does

    @property
    def change(self) -> float | None:
        return None if self.flip is None else self.flip - self.weight


@dataclass(frozen=True)
class WeightChange:
    """The nearest weight vector (L1) at which the trailing option scores at least the leader."""

    l1: float
    weights: dict[str, float]

    @property
    def moved(self) -> float:
        """The share of weight that moves from some criteria to others: half the L1 distance."""
        return self.l1 / 2


@dataclass(frozen=True)
class ScoreFlip:
    """The raw score of ``option`` on ``criterion`` at which the pair ties (None: nowhere)."""

    option: str
    criterion: str
    current: float
    score: float | None
    range: tuple[float, float] | None

    @property
    def within_scale(self) -> bool:
        return self.score is not None

    @property
    def within_range(self) -> bool:
        """A *plausible flip*: the tie lies inside the score's declared range."""
        return (
            self.score is not None
            and self.range is not None
            and self.range[0] <= self.score <= self.range[1]
        )


@dataclass(frozen=True)
class PairExplanation:
    """Why ``a`` sits where it does against ``b``, and what would flip them."""

    ranking: Ranking
    a: RankedOption
    b: RankedOption
    gap: Gap  # a against b: margin > 0 when a is above b
    weight_flips: tuple[WeightFlip, ...]  # in criterion order
    min_weight_change: WeightChange | None
    lp_note: str  # what the all-weights answer is, or why there is none
    score_flips: tuple[ScoreFlip, ...]  # a's then b's, in criterion order
    exact: bool  # closed forms (additive) rather than bisection
    tied: bool = False  # equal now (within 1e-9): every flip is where they already are

    @property
    def method(self) -> str:
        return self.ranking.method

    @property
    def a_above(self) -> bool:
        ids = [row.option for row in self.ranking.rows]
        return ids.index(self.a.option) < ids.index(self.b.option)

    @property
    def leader(self) -> RankedOption:
        return self.a if self.a_above else self.b

    @property
    def trailer(self) -> RankedOption:
        return self.b if self.a_above else self.a


def why(
    study: Study, weights: Weights, a: str, b: str, method: str | None = None
) -> PairExplanation:
    """Compare options ``a`` and ``b`` of ``study`` and find what flips them (module docstring)."""
    if a == b:
        raise UsageError(f"A and B are the same option ('{a}'): name two different options")
    ranking = rank(study, weights, method)
    row_a, row_b = (ranking.rows[ranked_index(ranking, key)] for key in (a, b))
    ids = [row.option for row in ranking.rows]
    leader, trailer = (a, b) if ids.index(a) < ids.index(b) else (b, a)
    problem = problem_of(study, weights, ids)
    pair = _Pair(problem, ranking.method, ids.index(leader), ids.index(trailer))
    name = Method(ranking.method)
    keys = range(len(problem.criteria))
    if name is Method.additive:
        flips = tuple(_line_weight_flip(pair, problem.values, k) for k in keys)
        scores = [_additive_score_flip(pair, study, option, k) for option in (a, b) for k in keys]
    elif name is Method.promethee:  # score = sum_k w_k (phi_k + 1) / 2: lines in the weights
        per_criterion = _flows(problem)
        halves = tuple(tuple((phi + 1) / 2 for phi in row) for row in per_criterion)
        flips = tuple(_line_weight_flip(pair, halves, k) for k in keys)
        scores = [
            _searched_score_flip(pair, study, option, k, _promethee_holds(pair, per_criterion))
            for option in (a, b)
            for k in keys
        ]
    else:
        flips = tuple(_searched_weight_flip(pair, k) for k in keys)
        scores = [_searched_score_flip(pair, study, option, k) for option in (a, b) for k in keys]
    change, note = _min_weight_change(pair, name)
    return PairExplanation(
        ranking=ranking,
        a=row_a,
        b=row_b,
        gap=pair_gap(ranking, row_a, row_b),
        weight_flips=flips,
        min_weight_change=change,
        lp_note=note,
        score_flips=tuple(scores),
        exact=name is Method.additive,
        tied=pair.tied,
    )


@dataclass(frozen=True)
class _Pair:
    """The decision problem (options in ranking order) and the two options' rows in it."""

    problem: Problem
    method: str
    leader: int
    trailer: int

    def scores(self, problem: Problem) -> tuple[float, float, float, float]:
        """(leader, trailer) scores and tiebreaks of ``problem`` under the method."""
        evaluation = EVALUATORS[self.method](problem)
        tie = evaluation.tiebreak or (0.0,) * len(problem.options)
        i, j = self.leader, self.trailer
        return evaluation.scores[i], evaluation.scores[j], tie[i], tie[j]

    def leader_first(self, problem: Problem) -> bool:
        """The leader strictly ahead: a higher score, or an equal one and a better tiebreak."""
        s_l, s_t, t_l, t_t = self.scores(problem)
        if abs(s_l - s_t) > TIE_TOLERANCE:
            return s_l > s_t
        return t_l - t_t > TIE_TOLERANCE

    @cached_property
    def tied(self) -> bool:
        """Equal now (scores and tiebreaks within 1e-9): ordered by id alone."""
        s_l, s_t, t_l, t_t = self.scores(self.problem)
        return abs(s_l - s_t) <= TIE_TOLERANCE and abs(t_l - t_t) <= TIE_TOLERANCE


# --- one weight at a time -----------------------------------------------------------------


def moved_weights(weights: Sequence[float], k: int, t: float) -> tuple[float, ...]:
    """Criterion k at weight t, the others keeping their ratios (equal shares if all were 0)."""
    m = len(weights)
    if m == 1:
        return (1.0,)
    rest = math.fsum(w for i, w in enumerate(weights) if i != k)
    if rest > 0:
        return tuple(t if i == k else w * (1 - t) / rest for i, w in enumerate(weights))
    return tuple(t if i == k else (1 - t) / (m - 1) for i in range(m))


def _line_weight_flip(pair: _Pair, lines: Sequence[Sequence[float]], k: int) -> WeightFlip:
    """Exact: the score is sum_k w_k x_k with ``lines`` x (values; PROMETHEE (phi_k + 1) / 2)."""
    problem = pair.problem
    key, w = problem.criteria[k], problem.weights[k]
    if pair.tied:
        return WeightFlip(key, w, w)
    values = np.array(lines, dtype=float)
    intercepts, slopes, _ = score_lines(values, np.array(problem.weights, dtype=float), k)
    alpha = float(intercepts[pair.leader] - intercepts[pair.trailer])
    beta = float(slopes[pair.leader] - slopes[pair.trailer])
    if beta == 0:
        return WeightFlip(key, w, None)
    t = -alpha / beta
    return WeightFlip(key, w, min(1.0, max(0.0, t)) if -1e-12 <= t <= 1 + 1e-12 else None)


def _searched_weight_flip(pair: _Pair, k: int) -> WeightFlip:
    problem = pair.problem
    key, w = problem.criteria[k], problem.weights[k]
    if pair.tied:
        return WeightFlip(key, w, w)

    def holds(t: float) -> bool:
        return pair.leader_first(replace(problem, weights=moved_weights(problem.weights, k, t)))

    grid = sorted({*np.linspace(0.0, 1.0, GRID).tolist(), w})
    fast = _topsis_weight_grid(pair, k) if pair.method == Method.topsis else None
    return WeightFlip(key, w, nearest_flip(grid, w, holds, BISECTION, fast))


def _topsis_lead(
    pair: _Pair, d_plus_squared: np.ndarray, d_minus_squared: np.ndarray
) -> list[bool]:
    """TOPSIS (no tiebreak): the leader's closeness more than 1e-9 above the trailer's."""
    from policy_options.core.uncertainty.vectorised import closeness

    c = closeness(d_plus_squared, d_minus_squared)
    return (c[pair.leader] - c[pair.trailer] > TIE_TOLERANCE).tolist()  # type: ignore[no-any-return]


def _topsis_weight_grid(pair: _Pair, k: int) -> GridTest:
    """TOPSIS closeness at many weights of criterion k at once: d^2 = gaps @ w^2."""
    from policy_options.core.uncertainty.vectorised import ideal_gaps

    problem = pair.problem
    plus, minus = ideal_gaps(
        np.array(problem.raw, dtype=float), np.array(problem.higher_is_better, dtype=bool)
    )

    def holds_on(ts: Sequence[float]) -> list[bool]:
        weights = np.array([moved_weights(problem.weights, k, t) for t in ts]).T
        squared = weights * weights
        return _topsis_lead(pair, plus @ squared, minus @ squared)

    return holds_on


def _topsis_score_grid(pair: _Pair, row: int, k: int) -> GridTest:
    """TOPSIS closeness with option ``row``'s raw score on criterion k at many values at once.

    Only column k is re-normalised; the other columns' squared gaps are fixed.
    """
    from policy_options.core.uncertainty.vectorised import ideal_gaps

    problem = pair.problem
    raw = np.array(problem.raw, dtype=float)
    benefit = np.array(problem.higher_is_better, dtype=bool)
    weights = np.array(problem.weights, dtype=float)
    plus, minus = ideal_gaps(raw, benefit)
    others = weights.copy()
    others[k] = 0.0
    fixed_plus, fixed_minus = plus @ (others * others), minus @ (others * others)

    def holds_on(xs: Sequence[float]) -> list[bool]:
        column = np.repeat(raw[:, k : k + 1], len(xs), axis=1)
        column[row] = xs
        gap_plus, gap_minus = ideal_gaps(column, bool(benefit[k]))
        w2 = weights[k] * weights[k]
        return _topsis_lead(
            pair, fixed_plus[:, None] + w2 * gap_plus, fixed_minus[:, None] + w2 * gap_minus
        )

    return holds_on


GridTest = Callable[[Sequence[float]], Sequence[bool]]
"""``holds`` over many points at once (numpy), for the grid; bisection uses ``holds``."""


def nearest_flip(
    grid: Sequence[float],
    now: float,
    holds: Callable[[float], bool],
    tolerance: float,
    holds_on: GridTest | None = None,
) -> float | None:
    """The point nearest ``now`` where ``holds`` turns false, bracketed on ``grid``, bisected.

    Returns the first point (within ``tolerance``) where it no longer holds; None if it
    holds on the whole grid. ``holds(now)`` is taken to be true.
    """
    # nearest first; points a rounding apart can be equally far once rounded: then the
    # lower side first, and on each side the one nearer ``now`` on the line
    outward = sorted(
        (x for x in grid if x != now), key=lambda x: (abs(x - now), x > now, x if x > now else -x)
    )
    if holds_on is not None:
        verdicts = holds_on(outward)
        fail = next((x for x, ok in zip(outward, verdicts, strict=True) if not ok), None)
    else:
        fail = next((x for x in outward if not holds(x)), None)  # the nearest failing point
    if fail is None:
        return None
    if fail > now:
        hold = max([x for x in grid if now < x < fail], default=now)
    else:
        hold = min([x for x in grid if fail < x < now], default=now)
    while abs(hold - fail) > tolerance:
        middle = (hold + fail) / 2
        if middle in (hold, fail):
            break
        if holds(middle):
            hold = middle
        else:
            fail = middle
    for end in (grid[0], grid[-1]):  # a flip within rounding of an end is at the end
        if fail != end and abs(fail - end) <= 10 * tolerance and not holds(end):
            return end
    return fail


# --- all weights at once --------------------------------------------------------------------


def _min_weight_change(pair: _Pair, method: Method) -> tuple[WeightChange | None, str]:
    if method not in LP_METHODS:
        return None, (
            f"all weights at once: not offered for {method.value} (its score is not linear in"
            " the weights)"
        )
    problem = pair.problem
    leader = np.array(problem.values[pair.leader], dtype=float)
    trailer = np.array(problem.values[pair.trailer], dtype=float)
    if method is Method.weighted_product:
        if np.any(leader <= 0) or np.any(trailer <= 0):
            return None, (
                "all weights at once: not offered here, one of the two has a value of 0 (a"
                " veto, which makes the weighted product non-linear in the weights)"
            )
        leader, trailer = np.log(leader), np.log(trailer)
    found = min_l1_change(np.array(problem.weights, dtype=float), trailer - leader)
    if found is None:
        return (
            None,
            "all weights at once: no weights make the trailing option score at least the leader",
        )
    l1, weights = found
    return WeightChange(l1, dict(zip(problem.criteria, weights, strict=True))), ""


def min_l1_change(current: np.ndarray, advantage: np.ndarray) -> tuple[float, list[float]] | None:
    """min ||w - current||_1 over the simplex subject to advantage . w >= 0 (HiGHS).

    Variables: w (m) and d (m) with d >= |w - current|. None when infeasible.
    """
    from scipy.optimize import linprog

    m = current.size
    if float(advantage @ current) >= 0:
        return 0.0, current.tolist()
    identity = np.eye(m)
    a_ub = np.vstack(
        [
            np.hstack([identity, -identity]),  # w - d <= current
            np.hstack([-identity, -identity]),  # -w - d <= -current
            np.hstack([-advantage, np.zeros(m)])[None, :],  # advantage . w >= 0
        ]
    )
    b_ub = np.concatenate([current, -current, [0.0]])
    a_eq = np.hstack([np.ones(m), np.zeros(m)])[None, :]
    result = linprog(
        np.concatenate([np.zeros(m), np.ones(m)]),
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a_eq,
        b_eq=[1.0],
        bounds=[(0.0, 1.0)] * m + [(0.0, None)] * m,
        method="highs",
    )
    if result.status != 0 or result.x is None:
        return None
    weights = np.clip(result.x[:m], 0.0, 1.0)
    weights = weights / weights.sum()
    return float(np.abs(weights - current).sum()), weights.tolist()


# --- one score at a time --------------------------------------------------------------------


def inverse(criterion: Criterion, target: float, near: float) -> float | None:
    """The raw score whose value is ``target``, nearest ``near``; None if none on the scale."""
    scale = criterion.scale
    if criterion.value_function is None:
        if not -1e-12 <= target <= 1 + 1e-12:
            return None
        share = min(1.0, max(0.0, target))
        if criterion.direction is Direction.LOWER_IS_BETTER:
            share = 1.0 - share
        return scale.min + share * (scale.max - scale.min)
    found: list[float] = []
    points = criterion.value_function
    for (x0, v0), (x1, v1) in itertools.pairwise(points):
        if v0 == v1:
            if abs(target - v0) <= 1e-12:
                found.append(min(max(near, x0), x1))
            continue
        share = (target - v0) / (v1 - v0)
        if -1e-12 <= share <= 1 + 1e-12:
            found.append(x0 + min(1.0, max(0.0, share)) * (x1 - x0))
    return min(found, key=lambda x: (abs(x - near), x)) if found else None


def _additive_score_flip(pair: _Pair, study: Study, option: str, k: int) -> ScoreFlip:
    problem = pair.problem
    key = problem.criteria[k]
    score = study.options[option].spec.scores[key]
    flip = ScoreFlip(option, key, score.value, None, score.range)
    if pair.tied:
        return replace(flip, score=score.value)
    w = problem.weights[k]
    if w <= 0:
        return flip
    row = problem.options.index(option)
    gap = math.fsum(
        w_j * (v_l - v_t)
        for w_j, v_l, v_t in zip(
            problem.weights, problem.values[pair.leader], problem.values[pair.trailer], strict=True
        )
    )
    sign = 1.0 if row == pair.leader else -1.0
    target = problem.values[row][k] - sign * gap / w
    return replace(flip, score=inverse(study.criteria[key], target, score.value))


ScoreTest = Callable[[int, int, float], bool]
"""(option row, criterion, raw score) -> the leader still ahead with that score."""


def _searched_score_flip(
    pair: _Pair, study: Study, option: str, k: int, test: ScoreTest | None = None
) -> ScoreFlip:
    problem = pair.problem
    key = problem.criteria[k]
    criterion = study.criteria[key]
    score = study.options[option].spec.scores[key]
    flip = ScoreFlip(option, key, score.value, None, score.range)
    if pair.tied:
        return replace(flip, score=score.value)
    row = problem.options.index(option)

    def holds(x: float) -> bool:
        if test is not None:
            return test(row, k, x)
        raw = [list(r) for r in problem.raw]
        values = [list(r) for r in problem.values]
        raw[row][k] = x
        values[row][k] = value(criterion, x)
        changed = replace(
            problem,
            raw=tuple(tuple(r) for r in raw),
            values=tuple(tuple(r) for r in values),
        )
        return pair.leader_first(changed)

    low, high = criterion.scale.min, criterion.scale.max
    points = {*np.linspace(low, high, GRID).tolist(), score.value}
    if criterion.value_function is not None:
        points |= {x for x, _ in criterion.value_function}
    grid = sorted(points)
    fast = _topsis_score_grid(pair, row, k) if pair.method == Method.topsis else None
    found = nearest_flip(grid, score.value, holds, BISECTION * (high - low), fast)
    return replace(flip, score=found)


def _flows(problem: Problem) -> list[list[float]]:
    """PROMETHEE per-criterion net flows phi_k of every option (they do not depend on weights)."""
    from policy_options.core.methods.promethee import flows

    return flows(problem.raw, problem.weights, problem.higher_is_better, problem.preferences)[2]


def _promethee_holds(pair: _Pair, per_criterion: list[list[float]]) -> ScoreTest:
    """PROMETHEE with one raw score changed: only criterion k's flows move, O(n) for the pair."""
    from policy_options.core.methods.promethee import preference

    problem = pair.problem
    n = len(problem.options)
    weights = problem.weights

    def holds(row: int, k: int, x: float) -> bool:
        column = [r[k] for r in problem.raw]
        column[row] = x
        sign = 1.0 if problem.higher_is_better[k] else -1.0
        function = problem.preferences[k]

        def phi(a: int) -> float:
            total = 0.0
            for b in range(n):
                if b != a:
                    d = sign * (column[a] - column[b])
                    total += preference(function, d) - preference(function, -d)
            return total / (n - 1) if n > 1 else 0.0

        scores = []
        for a in (pair.leader, pair.trailer):
            parts = [w * f for w, f in zip(weights, per_criterion[a], strict=True)]
            parts[k] = weights[k] * phi(a)
            scores.append((math.fsum(parts) + 1) / 2)
        return scores[0] - scores[1] > TIE_TOLERANCE  # no tiebreak: equal is by id

    return holds
