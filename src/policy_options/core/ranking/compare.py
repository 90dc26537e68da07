"""Rank the same study under several methods and measure how far they agree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from policy_options.core.methods import names
from policy_options.core.methods.base import ScoreError
from policy_options.core.ranking.agreement import kendall_tau_b
from policy_options.core.ranking.method_notes import repeats
from policy_options.core.ranking.rank import Ranking, rank_each
from policy_options.core.study.files.model import Study
from policy_options.core.study.weights import Weights


@dataclass(frozen=True)
class MethodComparison:
    study: Study
    weights: Weights
    rankings: tuple[Ranking, ...]  # one per method, in the order asked
    options: tuple[str, ...]  # in the first method's rank order
    # method -> why it was left out (a method of the default "every method" that cannot
    # rank this study, e.g. weighted-product-ratio on a score of 0)
    left_out: dict[str, str] = field(default_factory=dict)

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(r.method for r in self.rankings)

    def ranks(self) -> dict[str, dict[str, int]]:
        """option -> method -> rank."""
        table: dict[str, dict[str, int]] = {key: {} for key in self.options}
        for ranking in self.rankings:
            for row in ranking.rows:
                table[row.option][ranking.method] = row.rank
        return table

    def top(self) -> dict[str, str]:
        """method -> the option it ranks first (the first by id in a tie)."""
        return {r.method: r.rows[0].option for r in self.rankings}

    def kendall_tau(self) -> dict[str, dict[str, float | None]]:
        """Kendall's tau-b between every pair of methods' rankings."""
        ranks = {r.method: {row.option: row.rank for row in r.rows} for r in self.rankings}
        methods = list(ranks)
        found: dict[tuple[str, str], float | None] = {}
        for i, a in enumerate(methods):
            for b in methods[i:]:  # tau-b is symmetric: each pair once
                found[a, b] = found[b, a] = kendall_tau_b(ranks[a], ranks[b])
        return {a: {b: found[a, b] for b in methods} for a in methods}

    def agree_on_top(self) -> bool:
        return len(set(self.top().values())) == 1

    def repeats(self) -> dict[str, str]:
        """method -> the compared method whose ranking it repeats by construction here
        (PROMETHEE without preference or value functions repeats additive): not an
        independent check, so :meth:`independent` leaves it out."""
        return repeats(self.study, self.weights, self.methods)

    def independent(self) -> tuple[str, ...]:
        """The compared methods that are not a repeat of another compared method."""
        repeated = self.repeats()
        return tuple(method for method in self.methods if method not in repeated)

    def notes(self) -> tuple[str, ...]:
        """Each compared method's notes (value functions ignored, PROMETHEE's reduction)."""
        return tuple(dict.fromkeys(line for r in self.rankings for line in r.notes))


def compare_methods(
    study: Study,
    weights: Weights,
    methods: Sequence[str] = (),
    *,
    exclude_failing: bool = False,
) -> MethodComparison:
    """Rank ``study`` under each of ``methods`` (default: every registered method, plugins'
    too, leaving out with its reason a method that cannot use one of the scores)."""
    if methods:
        chosen = list(dict.fromkeys(methods))
        rankings = rank_each(study, weights, chosen, exclude_failing=exclude_failing)
        left_out: dict[str, str] = {}
    else:
        found: list[Ranking] = []
        left_out = {}
        for name in names():
            try:
                found.extend(rank_each(study, weights, [name], exclude_failing=exclude_failing))
            except ScoreError as exc:
                left_out[name] = exc.reason
        rankings = tuple(found)
    first = tuple(row.option for row in rankings[0].rows)
    return MethodComparison(study, weights, rankings, first, left_out)
