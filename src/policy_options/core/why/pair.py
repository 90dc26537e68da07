"""The pair being explained: the decision problem in ranking order, and who leads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from policy_options.core.methods import EVALUATORS
from policy_options.core.methods.base import Problem, modified
from policy_options.core.ranking.rank import TIE_TOLERANCE


@dataclass(frozen=True)
class Pair:
    """The decision problem (options in ranking order) and the two options' rows in it."""

    problem: Problem
    method: str
    leader: int
    trailer: int

    def scores(self, problem: Problem) -> tuple[float, float, float, float]:
        """(leader, trailer) scores (times their modifier factors) and tiebreaks of
        ``problem`` under the method."""
        evaluation = modified(EVALUATORS[self.method](problem), problem.modifiers)
        tie = evaluation.tiebreak or (0.0,) * len(problem.options)
        i, j = self.leader, self.trailer
        return evaluation.scores[i], evaluation.scores[j], tie[i], tie[j]

    def factor(self, row: int) -> float:
        """Option ``row``'s modifier factor m_i (1 without modifiers)."""
        return self.problem.modifiers[row] if self.problem.modifiers else 1.0

    def effective(self, lines: Sequence[Sequence[float]]) -> list[list[float]]:
        """``lines`` (options x criteria) times each option's factor: m_i v_ik, so that
        the score m_i sum_k w_k v_ik is sum_k w_k (m_i v_ik), linear in the weights."""
        return [[self.factor(i) * x for x in row] for i, row in enumerate(lines)]

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
