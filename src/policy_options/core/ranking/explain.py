"""Why an option scores what it does, and why it sits above or below its neighbours.

With modifiers (``role: modifier``) the score is m_i x the method's score s_i (the weighted
sum for additive), m_i the product of the option's modifier factors, or, when the study
names a reference option, s_ref + m_i (s_i - s_ref) (core/methods/base.py ``modified``):
``factors`` lists each one, and every contribution moves the same way, so they still add up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from policy_options.core.ranking.rank import RankedOption, Ranking
from policy_options.core.study.suggest import did_you_mean
from policy_options.core.study.values import value
from policy_options.errors import UsageError


@dataclass(frozen=True)
class CriterionLine:
    criterion: str
    name: str
    unit: str
    raw: float
    range: tuple[float, float] | None
    value: float
    weight: float
    contribution: float
    rationale: str
    quote: str | None


@dataclass(frozen=True)
class FactorLine:
    """One modifier of the option: its raw score and the factor (0..1) it gives."""

    criterion: str
    name: str
    unit: str
    raw: float
    range: tuple[float, float] | None
    factor: float  # the modifier's value function at the raw score
    rationale: str
    quote: str | None


@dataclass(frozen=True)
class Gap:
    """How ``option`` compares with ``other``: the score margin and each criterion's part of it."""

    other: RankedOption
    margin: float  # option's score minus other's score
    by_criterion: tuple[tuple[str, float], ...]  # per-criterion differences, largest |diff| first
    # "score": the differences add up to the margin (additive, PROMETHEE); "log shares": the
    # margin split by the log ratios of the factors, adding up to it (weighted-product-ratio);
    # "weighted values":
    # w_j * (v_j(option) - v_j(other)), an additive reading of a method that is not additive.
    basis: str = "score"


@dataclass(frozen=True)
class Explanation:
    ranking: Ranking
    row: RankedOption
    lines: tuple[CriterionLine, ...]
    above: Gap | None  # the option ranked just above
    below: Gap | None  # the option ranked just below
    factors: tuple[FactorLine, ...] = ()  # the option's modifiers (none: the factor is 1)

    @property
    def factor(self) -> float:
        """The product of the modifiers' factors, m_i: score = m_i x the method's score
        (with a reference: the reference's score + m_i x the gain over it)."""
        return self.row.factor

    @property
    def reference_score(self) -> float | None:
        """The score the factor pulls towards: the reference option's (None: the study names
        none, or it was excluded; the factor then pulls towards 0)."""
        reference = self.ranking.reference
        return None if reference is None else reference.score

    @property
    def unmodified(self) -> float | None:
        """The method's score before the factor (the weighted sum for additive): s_i, from
        score = s_ref + m_i (s_i - s_ref) (s_ref = 0 without a reference); None when the
        factor is 0 (the score is s_ref whatever s_i is)."""
        if self.row.factor <= 0:
            return None
        base = self.reference_score or 0.0
        return base + (self.row.score - base) / self.row.factor


def pair_gap(ranking: Ranking, row: RankedOption, other: RankedOption) -> Gap:
    """``row`` against ``other``: the margin and each criterion's part of it, largest first."""
    scale = ranking.score_per_contribution
    # factors > 0, and the same modifier factor m on both sides (else m's own part of the
    # gap would be missing from the criteria's): their logs add up to the gap
    if ranking.method == "weighted-product-ratio" and row.factor == other.factor > 0:
        basis = "log shares"
        diffs = log_shares(row, other)
    elif scale is not None:
        basis = "score"
        diffs = [
            (key, scale * (row.contributions[key] - other.contributions[key]))
            for key in row.contributions
        ]
    else:
        basis = "weighted values"  # w_j (m v_j - m' v'_j): with modifiers, times the factors
        weights = ranking.weights.normalised
        m, m_other = row.factor, other.factor
        diffs = [
            (key, weights[key] * (m * row.values[key] - m_other * other.values[key]))
            for key in row.values
        ]
    diffs.sort(key=lambda kv: (-abs(kv[1]), kv[0]))
    return Gap(other, row.score - other.score, tuple(diffs), basis)


def log_shares(row: RankedOption, other: RankedOption) -> list[tuple[str, float]]:
    """A product's score gap split over its factors f_j (all > 0): L(S_a, S_b) × ln(f_aj /
    f_bj), where L(x, y) = (x − y) / (ln x − ln y) (L(x, x) = x) is the logarithmic mean, so
    the parts add up to S_a − S_b exactly (the LMDI decomposition: Ang 2004)."""
    a, b = row.score, other.score
    mean = a if math.isclose(a, b, rel_tol=1e-12) else (a - b) / (math.log(a) - math.log(b))
    return [
        (key, mean * (math.log(row.contributions[key]) - math.log(other.contributions[key])))
        for key in row.contributions
    ]


def ranked_index(ranking: Ranking, option: str) -> int:
    """Where ``option`` is in ``ranking.rows``; a UsageError when it is unknown or was
    excluded (failing a threshold)."""
    ids = [row.option for row in ranking.rows]
    if option not in ids:
        if option in ranking.excluded:
            raise UsageError(f"option '{option}' fails a threshold and was excluded")
        known = [*ids, *ranking.excluded]
        raise UsageError(f"unknown option '{option}'{did_you_mean(option, known)}")
    return ids.index(option)


def explain(ranking: Ranking, option: str) -> Explanation:
    """Per-criterion breakdown of ``option``'s score and its gaps to its neighbours."""
    index = ranked_index(ranking, option)
    row = ranking.rows[index]
    spec = ranking.study.options[option].spec
    lines = tuple(
        CriterionLine(
            criterion=key,
            name=criterion.name,
            unit=criterion.unit,
            raw=spec.scores[key].value,
            range=spec.scores[key].range,
            value=row.values[key],
            weight=ranking.weights.normalised[key],
            contribution=row.contributions[key],
            rationale=spec.scores[key].rationale,
            quote=spec.scores[key].quote,
        )
        for key, criterion in ranking.study.criteria.items()
    )
    above = pair_gap(ranking, row, ranking.rows[index - 1]) if index > 0 else None
    below = (
        pair_gap(ranking, row, ranking.rows[index + 1]) if index + 1 < len(ranking.rows) else None
    )
    factors = tuple(
        FactorLine(
            criterion=key,
            name=criterion.name,
            unit=criterion.unit,
            raw=spec.scores[key].value,
            range=spec.scores[key].range,
            factor=value(criterion, spec.scores[key].value),
            rationale=spec.scores[key].rationale,
            quote=spec.scores[key].quote,
        )
        for key, criterion in ranking.study.modifiers.items()
    )
    return Explanation(ranking, row, lines, above, below, factors)
