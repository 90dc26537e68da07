"""The pair being explained: the decision problem in ranking order, and who leads."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from policy_options.core.methods import EVALUATORS
from policy_options.core.methods.base import Problem
from policy_options.core.ranking.rank import TIE_TOLERANCE


@dataclass(frozen=True)
class Pair:
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
