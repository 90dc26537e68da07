"""Why A is ranked above B (or below), and the smallest changes that would flip the pair.

- The gap, criterion by criterion (:func:`policy_options.core.ranking.explain.pair_gap`).
- One weight at a time: criterion k's weight t runs over [0, 1], the others keeping
  their ratios (as in ``sensitivity weights``: ``stability_lines.score_lines``). Additive,
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

Modifiers: every score is m_i S_i, S_i the method's score and m_i the product of the
option's modifier factors, which the weights do not touch; when the study names a
``reference:`` option it is S_ref + m_i (S_i - S_ref) (a failed option leaves the
status quo). The weight lines and the programme use the effective values m_i v_ik, or
v_ref,k + m_i (v_ik - v_ref,k) (exact as before); a value score of option i moves its
score by m_i w_k dv, and one of the reference moves every other option i's score by
(1 - m_i) w_k dv (its own by w_k dv); a modifier's score (a flip of its own, for every
method) moves the score by dm (S_i - S_ref) (S_ref = 0 without a reference), so its
tie is at the factor (S_other - S_ref) / ((S_i - S_ref) m_rest), back through the
value function. Asking about the reference itself (doing nothing new) answers "what
would make X better than doing nothing".

The pair is :mod:`.pair`; one weight or one score at a time :mod:`.flips`, searched by
:mod:`.search` where there is no closed form; all weights at once :mod:`.lp`.
"""

from __future__ import annotations

from dataclasses import dataclass

from policy_options.core.methods import Method, built_in
from policy_options.core.ranking.explain import Gap, pair_gap, ranked_index
from policy_options.core.ranking.rank import RankedOption, Ranking, problem_of, rank
from policy_options.core.study.files.model import Study
from policy_options.core.study.weights import Weights
from policy_options.core.why.flips import (
    ScoreFlip,
    WeightFlip,
    additive_score_flip,
    criterion_flows,
    line_weight_flip,
    modifier_score_flip,
    promethee_holds,
    searched_score_flip,
    searched_weight_flip,
)
from policy_options.core.why.lp import WeightChange, min_weight_change
from policy_options.core.why.pair import Pair
from policy_options.errors import UsageError


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
    # a's then b's, in criterion order, each option's modifiers after its value criteria
    score_flips: tuple[ScoreFlip, ...]
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
    at = ids.index(study.reference) if study.reference in ids else None
    pair = Pair(problem, ranking.method, ids.index(leader), ids.index(trailer), at)
    name = built_in(ranking.method)
    keys = range(len(problem.criteria))
    if name is Method.additive:  # lines in the effective values m_i v_ik (or against the reference)
        flips = tuple(line_weight_flip(pair, pair.effective(problem.values), k) for k in keys)
        scores = [additive_score_flip(pair, study, option, k) for option in (a, b) for k in keys]
    elif name is Method.promethee:  # score = sum_k w_k (phi_k + 1) / 2: lines in the weights
        per_criterion = criterion_flows(problem)
        halves = tuple(tuple((phi + 1) / 2 for phi in row) for row in per_criterion)
        flips = tuple(line_weight_flip(pair, pair.effective(halves), k) for k in keys)
        scores = [
            searched_score_flip(pair, study, option, k, promethee_holds(pair, per_criterion))
            for option in (a, b)
            for k in keys
        ]
    else:
        flips = tuple(searched_weight_flip(pair, k) for k in keys)
        scores = [searched_score_flip(pair, study, option, k) for option in (a, b) for k in keys]
    for position, option in enumerate((a, b)):  # each option's modifiers after its scores
        at = (position + 1) * len(keys) + position * len(study.modifiers)
        scores[at:at] = [modifier_score_flip(pair, study, option, key) for key in study.modifiers]
    change, note = min_weight_change(pair, name)
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
