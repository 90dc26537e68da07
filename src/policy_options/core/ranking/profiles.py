"""Rankings under several weight profiles side by side, and the difference between two rankings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from policy_options.core.ranking.agreement import Standing, kendall_tau_b, robust_order
from policy_options.core.ranking.rank import Ranking, rank
from policy_options.core.study.files.model import Study
from policy_options.core.study.weights import Weights

WEIGHT_TOLERANCE = 1e-12  # normalised weights closer than this are the same weight


def ranks_of(ranking: Ranking) -> dict[str, int]:
    """``{option: rank}`` of a ranking."""
    return {row.option: row.rank for row in ranking.rows}


def rank_moves(before: Mapping[str, int], after: Mapping[str, int]) -> dict[str, int | None]:
    """Each option of ``after``: how many places it rose since ``before`` (negative: fell).

    ``None`` marks an option that ``before`` did not have (a new option).
    """
    return {
        option: (before[option] - rank) if option in before else None
        for option, rank in after.items()
    }


@dataclass(frozen=True)
class ProfilesComparison:
    """Every option ranked under each of several weight profiles."""

    study: Study
    rankings: tuple[Ranking, ...]  # one per profile, in the order given
    standings: tuple[Standing, ...]  # robust order: worst rank, then mean rank, then id
    tau: tuple[tuple[float | None, ...], ...]  # Kendall's tau-b, profile x profile

    @property
    def robust(self) -> Standing:
        """The option whose worst rank across the profiles is best."""
        return self.standings[0]

    @property
    def robust_ties(self) -> tuple[Standing, ...]:
        """Other options with the same worst rank as the robust choice (lost on mean rank or id)."""
        return tuple(s for s in self.standings[1:] if s.worst == self.robust.worst)

    def top(self, index: int) -> tuple[str, ...]:
        """The option(s) ranked first under profile ``index`` (several when tied)."""
        return tuple(row.option for row in self.rankings[index].rows if row.rank == 1)

    def score(self, index: int, option: str) -> float:
        return self.rankings[index].row(option).score


def compare_profiles(
    study: Study, profiles: Sequence[Weights], method: str | None = None
) -> ProfilesComparison:
    """Rank ``study`` under each of ``profiles``; Kendall's tau-b of each pair; robust order.

    ``method`` defaults to the study's.
    """
    if not profiles:
        raise ValueError("compare_profiles needs at least one profile")
    rankings = tuple(rank(study, weights, method) for weights in profiles)
    ranks = [ranks_of(r) for r in rankings]
    tau = tuple(tuple(kendall_tau_b(a, b) for b in ranks) for a in ranks)
    return ProfilesComparison(study, rankings, tuple(robust_order(ranks)), tau)


@dataclass(frozen=True)
class Move:
    """One option in two rankings: its rank and score in each, and how far it moved."""

    option: str
    title: str
    rank_a: int
    rank_b: int
    score_a: float
    score_b: float

    @property
    def move(self) -> int:
        """Places gained from A to B: 2 means it rose two places, -1 that it fell one."""
        return self.rank_a - self.rank_b


@dataclass(frozen=True)
class WeightChange:
    criterion: str
    a: float  # normalised weight under A
    b: float  # normalised weight under B


@dataclass(frozen=True)
class RankingDiff:
    """Ranking B against ranking A of the same study."""

    a: Ranking
    b: Ranking
    rows: tuple[Move, ...]  # in B's order
    weight_changes: tuple[WeightChange, ...]  # criteria whose normalised weights differ
    tau: float | None


def diff_rankings(a: Ranking, b: Ranking) -> RankingDiff:
    """The moves from ranking ``a`` to ranking ``b`` and the weights that differ between them."""
    if set(ranks_of(a)) != set(ranks_of(b)):
        raise ValueError("diff_rankings needs two rankings of the same options")
    rows = tuple(
        Move(
            option=row.option,
            title=row.title,
            rank_a=a.row(row.option).rank,
            rank_b=row.rank,
            score_a=a.row(row.option).score,
            score_b=row.score,
        )
        for row in b.rows
    )
    changes = tuple(
        WeightChange(key, a.weights.normalised[key], b.weights.normalised[key])
        for key in a.study.criteria
        if abs(a.weights.normalised[key] - b.weights.normalised[key]) > WEIGHT_TOLERANCE
    )
    return RankingDiff(a, b, rows, changes, kendall_tau_b(ranks_of(a), ranks_of(b)))
