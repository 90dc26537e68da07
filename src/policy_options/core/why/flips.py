"""One weight or one score at a time: where the pair ties, method by method.

See :mod:`.why` for what each method gives, exact or searched.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from policy_options.core.methods import EVALUATORS, Method
from policy_options.core.methods.base import Problem
from policy_options.core.ranking.rank import TIE_TOLERANCE
from policy_options.core.study.files.criteria import Criterion, Direction
from policy_options.core.study.files.model import Study
from policy_options.core.study.values import value
from policy_options.core.uncertainty.stability_lines import score_lines
from policy_options.core.why.pair import Pair
from policy_options.core.why.search import BISECTION, GRID, GridTest, nearest_flip


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


def moved_weights(weights: Sequence[float], k: int, t: float) -> tuple[float, ...]:
    """Criterion k at weight t, the others keeping their ratios (equal shares if all were 0)."""
    m = len(weights)
    if m == 1:
        return (1.0,)
    rest = math.fsum(w for i, w in enumerate(weights) if i != k)
    if rest > 0:
        return tuple(t if i == k else w * (1 - t) / rest for i, w in enumerate(weights))
    return tuple(t if i == k else (1 - t) / (m - 1) for i in range(m))


def line_weight_flip(pair: Pair, lines: Sequence[Sequence[float]], k: int) -> WeightFlip:
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


def searched_weight_flip(pair: Pair, k: int) -> WeightFlip:
    problem = pair.problem
    key, w = problem.criteria[k], problem.weights[k]
    if pair.tied:
        return WeightFlip(key, w, w)

    def holds(t: float) -> bool:
        return pair.leader_first(replace(problem, weights=moved_weights(problem.weights, k, t)))

    grid = sorted({*np.linspace(0.0, 1.0, GRID).tolist(), w})
    fast = _topsis_weight_grid(pair, k) if pair.method == Method.topsis else None
    return WeightFlip(key, w, nearest_flip(grid, w, holds, BISECTION, fast))


def _topsis_lead(pair: Pair, d_plus_squared: np.ndarray, d_minus_squared: np.ndarray) -> list[bool]:
    """TOPSIS (no tiebreak): the leader's closeness more than 1e-9 above the trailer's."""
    from policy_options.core.uncertainty.vectorised_topsis import closeness

    c = closeness(d_plus_squared, d_minus_squared)
    if pair.problem.modifiers:
        m = np.array(pair.problem.modifiers, dtype=float).reshape(-1, *([1] * (c.ndim - 1)))
        base = 0.0 if pair.at is None else c[pair.at]
        c = base + m * (c - base)
    return (c[pair.leader] - c[pair.trailer] > TIE_TOLERANCE).tolist()  # type: ignore[no-any-return]


def _topsis_weight_grid(pair: Pair, k: int) -> GridTest:
    """TOPSIS closeness at many weights of criterion k at once: d^2 = gaps @ w^2."""
    from policy_options.core.uncertainty.vectorised_topsis import ideal_gaps

    problem = pair.problem
    plus, minus = ideal_gaps(
        np.array(problem.raw, dtype=float), np.array(problem.higher_is_better, dtype=bool)
    )

    def holds_on(ts: Sequence[float]) -> list[bool]:
        weights = np.array([moved_weights(problem.weights, k, t) for t in ts]).T
        squared = weights * weights
        return _topsis_lead(pair, plus @ squared, minus @ squared)

    return holds_on


def _topsis_score_grid(pair: Pair, row: int, k: int) -> GridTest:
    """TOPSIS closeness with option ``row``'s raw score on criterion k at many values at once.

    Only column k is re-normalised; the other columns' squared gaps are fixed.
    """
    from policy_options.core.uncertainty.vectorised_topsis import ideal_gaps

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


def additive_score_flip(pair: Pair, study: Study, option: str, k: int) -> ScoreFlip:
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
    # the gap moves by (d_leader - d_trailer) w dv: m_row w dv on the option's own score,
    # and, when it is the reference, (1 - m_i) w dv on every option i's
    slope = pair.moves(row, pair.leader) - pair.moves(row, pair.trailer)
    if abs(slope) <= 1e-15:  # e.g. a factor of 0: the gap does not move with this score
        return flip
    lines = pair.effective(problem.values)
    leader, trailer = lines[pair.leader], lines[pair.trailer]
    gap = math.fsum(
        w_j * (v_l - v_t) for w_j, v_l, v_t in zip(problem.weights, leader, trailer, strict=True)
    )
    target = problem.values[row][k] - gap / (slope * w)
    return replace(flip, score=inverse(study.criteria[key], target, score.value))


def modifier_score_flip(pair: Pair, study: Study, option: str, key: str) -> ScoreFlip:
    """The raw score of ``option`` on modifier ``key`` at which the pair ties, any method.

    A modifier weighs only its own option's score: S_ref + m_row (S_row - S_ref) with
    S_row the method's score, which no modifier changes (modifiers are not in the
    decision matrix), S_ref the reference's (0 without one; the reference's own
    modifiers change nothing). So the tie is at the factor
    f = (S_other' - S_ref) / ((S_row - S_ref) m_rest), m_rest the option's other
    factors, taken back to a raw score through the modifier's value function.
    """
    criterion = study.modifiers[key]
    score = study.options[option].spec.scores[key]
    flip = ScoreFlip(option, key, score.value, None, score.range)
    if pair.tied:
        return replace(flip, score=score.value)
    problem = pair.problem
    row = problem.options.index(option)
    other = pair.trailer if row == pair.leader else pair.leader
    plain = EVALUATORS[pair.method](problem).scores
    s_ref = 0.0 if pair.at is None else plain[pair.at]
    s_row = plain[row] - s_ref
    s_other = pair.scores(problem)[0 if other == pair.leader else 1] - s_ref
    rest = 1.0
    for name, spec in study.modifiers.items():
        if name != key:
            rest *= value(spec, study.options[option].spec.scores[name].value)
    if row == pair.at or s_row * rest == 0:  # the option scores S_ref whatever this factor
        return flip
    target = s_other / (s_row * rest)
    return replace(flip, score=inverse(criterion, target, score.value))


ScoreTest = Callable[[int, int, float], bool]
"""(option row, criterion, raw score) -> the leader still ahead with that score."""


def searched_score_flip(
    pair: Pair, study: Study, option: str, k: int, test: ScoreTest | None = None
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


def criterion_flows(problem: Problem) -> list[list[float]]:
    """PROMETHEE per-criterion net flows phi_k of every option (they do not depend on weights)."""
    from policy_options.core.methods.promethee import flows

    return flows(problem.raw, problem.weights, problem.higher_is_better, problem.preferences)[2]


def promethee_holds(pair: Pair, per_criterion: list[list[float]]) -> ScoreTest:
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
        rows = (pair.leader, pair.trailer) + (() if pair.at is None else (pair.at,))
        for a in rows:
            parts = [w * f for w, f in zip(weights, per_criterion[a], strict=True)]
            parts[k] = weights[k] * phi(a)
            scores.append((math.fsum(parts) + 1) / 2)
        base = 0.0 if pair.at is None else scores[2]
        s_l, s_t = (base + pair.factor(a) * (scores[i] - base) for i, a in enumerate(rows[:2]))
        return s_l - s_t > TIE_TOLERANCE  # no tiebreak: equal is by id

    return holds
