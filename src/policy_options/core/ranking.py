"""Rank a study's options: the frozen result every renderer and ``explain`` reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from policy_options.core.methods import additive
from policy_options.core.model import Study
from policy_options.core.values import value
from policy_options.core.weights import Weights

TIE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class RankedOption:
    rank: int
    option: str
    title: str
    stance: str | None
    score: float  # 0..1
    values: dict[str, float]  # criterion -> 0..1
    contributions: dict[str, float]  # criterion -> weight * value

    def top_contributors(self, n: int = 3) -> list[tuple[str, float]]:
        """The ``n`` criteria that add most to the score, largest first (ties by id)."""
        ranked = sorted(self.contributions.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(key, share) for key, share in ranked[:n] if share > 0]


@dataclass(frozen=True)
class Ranking:
    """Options in rank order, with the weights and method that produced them."""

    study: Study
    method: str
    weights: Weights
    rows: tuple[RankedOption, ...]

    def row(self, option: str) -> RankedOption:
        for row in self.rows:
            if row.option == option:
                return row
        raise KeyError(option)

    def top(self, n: int | None) -> Ranking:
        """The options ranked ``n`` or better (all when ``n`` is None); a tie at ``n`` shows whole."""
        if n is None:
            return self
        return Ranking(
            self.study, self.method, self.weights, tuple(row for row in self.rows if row.rank <= n)
        )


def order_and_rank(scored: Sequence[tuple[float, str]]) -> list[tuple[int, float, str]]:
    """Sort (score, id) pairs best first and give competition ranks (1, 2, 2, 4).

    Scores within 1e-9 of a group's best share its rank, and inside a tie the
    order is by id, so the output is deterministic.
    """
    ordered = sorted(scored, key=lambda item: (-item[0], item[1]))
    result: list[tuple[int, float, str]] = []
    start = 0
    while start < len(ordered):
        end = start + 1
        while end < len(ordered) and ordered[start][0] - ordered[end][0] <= TIE_TOLERANCE:
            end += 1
        group = sorted(ordered[start:end], key=lambda item: item[1])
        result.extend((start + 1, score, key) for score, key in group)
        start = end
    return result


def value_matrix(study: Study) -> dict[str, dict[str, float]]:
    """option -> criterion -> 0..1 value."""
    return {
        option.id: {
            key: value(criterion, option.spec.scores[key].value)
            for key, criterion in study.criteria.items()
        }
        for option in study.options.values()
    }


def rank(study: Study, weights: Weights) -> Ranking:
    """Rank every option of ``study`` under the additive model with ``weights``."""
    keys = list(study.criteria)
    w = [weights.normalised[key] for key in keys]
    table = value_matrix(study)
    shares: dict[str, dict[str, float]] = {}
    scores: list[tuple[float, str]] = []
    for option_id, values in table.items():
        v = [values[key] for key in keys]
        shares[option_id] = dict(zip(keys, additive.contributions(v, w), strict=True))
        scores.append((additive.score(v, w), option_id))
    rows = tuple(
        RankedOption(
            rank=position,
            option=option_id,
            title=study.options[option_id].title,
            stance=study.options[option_id].spec.stance,
            score=score,
            values=table[option_id],
            contributions=shares[option_id],
        )
        for position, score, option_id in order_and_rank(scores)
    )
    return Ranking(study, additive.NAME, weights, rows)
