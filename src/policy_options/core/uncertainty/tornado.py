"""Score tornado: each uncertain score moved to the ends of its range, one at a time.

The leader is the top option of the base ranking; its margin is its score minus the
best other option's score (0..1, in the method's own score). For every score with a
range (low < high), the raw score is set to its low and then to its high, everything
else at base, and every option is scored again with the method (TOPSIS and PROMETHEE
then re-normalise or re-compare across the options, so other options' scores move
too); swing = |margin at high - margin at low|. A modifier's score with a range is a
bar too: its factor at the low and high ends multiplies the option's score (with a
reference option: weighs its gain over the reference, s_ref + m (s - s_ref); a bar on a
score of the reference itself moves every option through s_ref). A negative
margin means the leader loses first place (a tie within 1e-9 counts as still on top,
as in the ranking); under weakest link the leader can also lose a tie of weakest values
on the additive score, at a margin of 0. The moved scores are scored together, as one
batch of samples of :mod:`.vectorised`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from policy_options.core.methods import Method
from policy_options.core.ranking.rank import Ranking, order_and_rank, rank
from policy_options.core.study.files.model import Study
from policy_options.core.study.values import value
from policy_options.core.study.weights import Weights
from policy_options.core.uncertainty.decision import Decision, Matrix, decision
from policy_options.core.uncertainty.sampling import Draws, ranged_cells, ranged_modifier_cells
from policy_options.core.uncertainty.scorer import Scorer
from policy_options.core.uncertainty.settings import resolve_method
from policy_options.core.uncertainty.vectorised import scorer
from policy_options.errors import UsageError

_BATCH = 256
"""Uncertain scores moved per batch (two samples each): memory stays small."""


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

    leader: str  # the leader of the base ranking

    @property
    def changes_leader(self) -> bool:
        """Does either end of this range cost the leader first place?"""
        return self.top_at_low != self.leader or self.top_at_high != self.leader


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


def score_tornado(
    study: Study,
    weights: Weights,
    method: str | None = None,
    *,
    on_chunk: Callable[[int, int], None] | None = None,
) -> Tornado:
    """Move every score that has a range to its low and high, one at a time.

    ``on_chunk(done, total)`` is called after each batch of scores, for a progress bar.
    """
    ranking = rank(study, weights, resolve_method(study, method))
    if len(ranking.rows) < 2:
        raise UsageError(
            "the tornado compares the leader with the next best option:"
            " the study needs at least two options"
        )
    leader, runner_up = ranking.rows[0].option, ranking.rows[1].option
    scores = {row.option: row.score for row in ranking.rows}
    margin = scores[leader] - max(s for option, s in scores.items() if option != leader)
    cells = ranged_cells(study) + ranged_modifier_cells(study)
    ends = _moved(study, weights, ranking, cells, leader, on_chunk)
    bars = []
    for option_id, key in cells:
        score = study.options[option_id].spec.scores[key]
        assert score.range is not None
        (m_low, top_low), (m_high, top_high) = ends.get(
            (option_id, key), ((margin, leader), (margin, leader))
        )
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
                leader=leader,
            )
        )
    bars.sort(key=lambda bar: (-round(bar.swing, 12), bar.option, bar.criterion))
    return Tornado(ranking, leader, runner_up, margin, tuple(bars))


End = tuple[float, str]


def _moved(
    study: Study,
    weights: Weights,
    ranking: Ranking,
    cells: list[tuple[str, str]],
    leader: str,
    on_chunk: Callable[[int, int], None] | None = None,
) -> dict[tuple[str, str], tuple[End, End]]:
    """(margin, top) with each uncertain score on a weighted criterion or a modifier at its
    low and high (a modifier's factor at the value of each end).

    Scores on a criterion of weight 0 move nothing under any method (left out here).
    """
    problem = decision(study, weights, Method(ranking.method), cells)
    moves = _moves(study, problem)
    if not moves:
        return {}
    method_scorer = scorer(problem)
    weights_column = problem.profile[:, None]
    found = problem.cells
    modes_raw = modes_value = np.zeros((0,))
    if found is not None:
        modes_raw = problem.raw[found.option, found.criterion]
        modes_value = problem.values[found.option, found.criterion]
    modes_factor = problem.modifier_modes
    ends: dict[tuple[str, str], tuple[End, End]] = {}
    for start in range(0, len(moves), _BATCH):
        batch = moves[start : start + _BATCH]
        width = 2 * len(batch)
        raw = np.repeat(modes_raw[:, None], width, axis=1)
        values = np.repeat(modes_value[:, None], width, axis=1)
        factors = None if modes_factor is None else np.repeat(modes_factor[:, None], width, axis=1)
        for column, (on_modifier, c, _, ends_of) in enumerate(batch):
            for side, (x, v) in enumerate(ends_of):
                if on_modifier:
                    assert factors is not None
                    factors[c, 2 * column + side] = v
                else:
                    raw[c, 2 * column + side] = x
                    values[c, 2 * column + side] = v
        drawn = Draws(values=values, raw=raw, modifiers=factors)
        first, second = _scored(method_scorer, weights_column, drawn)
        for column, (_, _, cell, _) in enumerate(batch):
            low, high = (
                _margin(problem.ids, first[:, j], None if second is None else second[:, j], leader)
                for j in (2 * column, 2 * column + 1)
            )
            ends[cell] = (low, high)
        if on_chunk is not None:
            on_chunk(start + len(batch), len(moves))
    return ends


Move = tuple[bool, int, tuple[str, str], tuple[tuple[float, float], tuple[float, float]]]
"""(on a modifier?, cell row, (option, criterion), ((low, its value), (high, its value)))."""


def _moves(study: Study, problem: Decision) -> list[Move]:
    """Every uncertain cell to move: the value scores, then the modifiers' scores."""
    moves: list[Move] = []
    for on_modifier, found, keys in (
        (False, problem.cells, problem.active),
        (True, problem.modifier_cells, problem.modifiers),
    ):
        if found is None:
            continue
        for c in range(found.count):
            key = keys[int(found.criterion[c])]
            criterion = study.all_criteria[key]
            low = float(found.low[c, 0])
            high = low + float(found.width[c, 0])
            cell = (problem.ids[int(found.option[c])], key)
            ends_of = ((low, value(criterion, low)), (high, value(criterion, high)))
            moves.append((on_modifier, c, cell, ends_of))
    return moves


def _scored(method_scorer: Scorer, weights: Matrix, draws: Draws) -> tuple[Matrix, Matrix | None]:
    """The method's 0..1 scores (and weakest link's second key), options x moved ends."""
    return method_scorer.scores(method_scorer.keys(weights, method_scorer.prepare(draws)))


def _margin(
    ids: tuple[str, ...], scores: Matrix, second: Matrix | None, leader: str
) -> tuple[float, str]:
    """The leader's score minus the best other's, and who is on top (the leader on a tie)."""
    by_id = {option: float(x) for option, x in zip(ids, scores, strict=True)}
    margin = by_id[leader] - max(x for option, x in by_id.items() if option != leader)
    tiebreak = None if second is None else dict(zip(ids, map(float, second), strict=True))
    ranked = order_and_rank([(x, option) for option, x in by_id.items()], tiebreak)
    if any(option == leader for position, _, option in ranked if position == 1):
        return margin, leader
    return margin, ranked[0][2]
