"""What every aggregation method takes and gives: plain numbers, no study objects.

A method sees the options' raw scores and their 0..1 values (from each criterion's
value function), the criteria's directions and normalised weights, and returns a
0..1 score per option with per-criterion contributions and method-specific details.
"""

from __future__ import annotations

from dataclasses import dataclass

from policy_options.errors import UsageError


@dataclass(frozen=True)
class Preference:
    """A PROMETHEE preference function on raw differences (Brans & Vincke 1985)."""

    function: str = "v-shape"  # usual | u-shape | v-shape | level | linear | gaussian
    q: float = 0.0  # indifference threshold
    p: float = 0.0  # preference threshold
    s: float = 0.0  # gaussian inflection point


@dataclass(frozen=True)
class Problem:
    """The decision matrix: ``raw[i][j]`` and ``values[i][j]`` for option i, criterion j."""

    options: tuple[str, ...]
    criteria: tuple[str, ...]
    raw: tuple[tuple[float, ...], ...]
    values: tuple[tuple[float, ...], ...]
    higher_is_better: tuple[bool, ...]
    weights: tuple[float, ...]  # normalised, sum 1
    preferences: tuple[Preference, ...] = ()
    # per option, the product of its modifier criteria's factors (0..1) that multiplies
    # the method's score: risk-adjusted benefit, m_i x score_i; () when the study has none
    modifiers: tuple[float, ...] = ()


@dataclass(frozen=True)
class Evaluation:
    """A method's verdict on every option, in the problem's option order."""

    scores: tuple[float, ...]  # 0..1, higher is better
    contributions: tuple[tuple[float, ...], ...]  # [option][criterion], see the method
    details: tuple[dict[str, float | str | None], ...] = ()  # per option, e.g. closeness
    tiebreak: tuple[float, ...] | None = None  # a second key for equal scores
    # How much the score moves per unit of contribution when contributions add up
    # (1 for additive, 1/2 for PROMETHEE's (phi + 1) / 2); None when they do not add up.
    score_per_contribution: float | None = 1.0


class ScoreError(UsageError):
    """A raw score a method cannot use (e.g. 0 in a ratio), naming the option and criterion
    so the ranking can say where in the study it is."""

    def __init__(
        self,
        message: str,
        *,
        option: str,
        criterion: str,
        hint: str | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.option = option
        self.criterion = criterion
        self.reason = reason or message
        """The message without the file location (the same wherever the study lies)."""


def modified(evaluation: Evaluation, modifiers: tuple[float, ...]) -> Evaluation:
    """``evaluation`` with each option's score and contributions multiplied by its factor
    m_i (``modifiers``; none: unchanged). Contributions still add up to the score, and the
    score stays linear in the weights, so every exact analysis stays exact."""
    if not modifiers:
        return evaluation
    return Evaluation(
        scores=tuple(m * s for m, s in zip(modifiers, evaluation.scores, strict=True)),
        contributions=tuple(
            tuple(m * c for c in row)
            for m, row in zip(modifiers, evaluation.contributions, strict=True)
        ),
        details=evaluation.details,
        tiebreak=evaluation.tiebreak,
        score_per_contribution=evaluation.score_per_contribution,
    )
