"""Score tornado: each uncertain score moved to the ends of its range, one at a time.

The leader is the top option of the base ranking; its margin is its score minus the
best other option's score (0..1). For every score with a range (low < high), the score
is set to its low and then to its high, everything else at base, and the margin is
recomputed; swing = |margin at high - margin at low|. A negative margin means the
leader loses first place (a tie within 1e-9 counts as still on top, as in the ranking).
"""

from __future__ import annotations

from dataclasses import dataclass

from policy_options.core.methods import additive
from policy_options.core.model import Study
from policy_options.core.ranking import TIE_TOLERANCE, Ranking, order_and_rank, rank
from policy_options.core.sensitivity import require_additive
from policy_options.core.values import value
from policy_options.core.weights import Weights
from policy_options.errors import UsageError


@dataclass(frozen=True)
class TornadoBar:
    """One uncertain score at the ends of its range, and the leader's margin there."""

    option: str
    criterion: str
    value: float  # the raw score as given
    low: float  # the raw ends of its plausible range
    high: float
    margin_at_low: float
    margin_at_high: float
    swing: float  # |margin_at_high - margin_at_low|
    top_at_low: str  # the option on top with the score at its low
    top_at_high: str

    @property
    def changes_leader(self) -> bool:
        """Does either end of this range cost the leader first place?"""
        return min(self.margin_at_low, self.margin_at_high) < -TIE_TOLERANCE


@dataclass(frozen=True)
class Tornado:
    """Bars by swing, largest first (ties by option, then criterion)."""

    ranking: Ranking
    leader: str
    runner_up: str
    margin: float
    bars: tuple[TornadoBar, ...]

    @property
    def decisive(self) -> tuple[TornadoBar, ...]:
        """The bars whose range can change the leader, in bar order."""
        return tuple(bar for bar in self.bars if bar.changes_leader)


def score_tornado(study: Study, weights: Weights) -> Tornado:
    """Move every score that has a range to its low and high, one at a time."""
    ranking = rank(study, weights, require_additive(study))
    if len(ranking.rows) < 2:
        raise UsageError(
            "the tornado compares the leader with the next best option:"
            " the study needs at least two options"
        )
    keys = list(study.criteria)
    w = [weights.normalised[key] for key in keys]
    values = {row.option: [row.values[key] for key in keys] for row in ranking.rows}
    scores = {row.option: row.score for row in ranking.rows}
    leader, runner_up = ranking.rows[0].option, ranking.rows[1].option
    bars = []
    for option_id, option in study.options.items():
        for i, key in enumerate(keys):
            score = option.spec.scores[key]
            if score.range is None or not score.range[0] < score.range[1]:
                continue
            ends = []
            for x in score.range:
                changed = list(values[option_id])
                changed[i] = value(study.criteria[key], x)
                moved = {**scores, option_id: additive.score(changed, w)}
                ends.append(_margin(moved, leader))
            (m_low, top_low), (m_high, top_high) = ends
            bars.append(
                TornadoBar(
                    option=option_id,
                    criterion=key,
                    value=score.value,
                    low=score.range[0],
                    high=score.range[1],
                    margin_at_low=m_low,
                    margin_at_high=m_high,
                    swing=abs(m_high - m_low),
                    top_at_low=top_low,
                    top_at_high=top_high,
                )
            )
    bars.sort(key=lambda bar: (-round(bar.swing, 12), bar.option, bar.criterion))
    margin, _ = _margin(scores, leader)
    return Tornado(ranking, leader, runner_up, margin, tuple(bars))


def _margin(scores: dict[str, float], leader: str) -> tuple[float, str]:
    """The leader's score minus the best other's, and who is on top (the leader on a tie)."""
    margin = scores[leader] - max(s for option, s in scores.items() if option != leader)
    if margin >= -TIE_TOLERANCE:
        return margin, leader
    top = order_and_rank([(s, option) for option, s in scores.items()])[0][2]
    return margin, top
