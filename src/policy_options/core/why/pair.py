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
    reference: int | None = None  # the reference option's row (modifiers weigh against it)

    def scores(self, problem: Problem) -> tuple[float, float, float, float]:
        """(leader, trailer) scores (weighed by their modifier factors, against the
        reference if any) and tiebreaks of ``problem`` under the method."""
        evaluation = modified(EVALUATORS[self.method](problem), problem.modifiers, self.at)
        tie = evaluation.tiebreak or (0.0,) * len(problem.options)
        i, j = self.leader, self.trailer
        return evaluation.scores[i], evaluation.scores[j], tie[i], tie[j]

    def factor(self, row: int) -> float:
        """Option ``row``'s modifier factor m_i (1 without modifiers)."""
        return self.problem.modifiers[row] if self.problem.modifiers else 1.0

    @property
    def at(self) -> int | None:
        """The reference row, when modifiers weigh the scores against it (else None)."""
        return self.reference if self.problem.modifiers else None

    def effective(self, lines: Sequence[Sequence[float]]) -> list[list[float]]:
        """``lines`` (options x criteria) weighed by each option's factor: m_i v_ik, or
        with a reference v_ref,k + m_i (v_ik - v_ref,k), so that the score is
        sum_k w_k x_ik, linear in the weights."""
        if self.at is None:
            return [[self.factor(i) * x for x in row] for i, row in enumerate(lines)]
        base = lines[self.at]
        return [
            [b + self.factor(i) * (x - b) for b, x in zip(base, row, strict=True)]
            for i, row in enumerate(lines)
        ]

    def moves(self, row: int, option: int) -> float:
        """d score_option / d S_row: how much ``option``'s weighed score moves when the
        method's score of ``row`` moves by 1: m_row on its own score and, when ``row`` is
        the reference, 1 - m_option on every option's (1 in all on the reference's own)."""
        own = self.factor(option) if row == option else 0.0
        if row == self.at:
            own += 1.0 - self.factor(option)
        return own

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
