"""Rank the same study under several methods and measure how far they agree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from policy_options.core.methods import names
from policy_options.core.ranking.agreement import kendall_tau_b
from policy_options.core.ranking.rank import Ranking, rank_each
from policy_options.core.study.files.model import Study
from policy_options.core.study.weights import Weights


@dataclass(frozen=True)
class MethodComparison:
    study: Study
    weights: Weights
    rankings: tuple[Ranking, ...]  # one per method, in the order asked
    options: tuple[str, ...]  # in the first method's rank order

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


def compare_methods(
    study: Study,
    weights: Weights,
    methods: Sequence[str] = (),
    *,
    exclude_failing: bool = False,
) -> MethodComparison:
    """Rank ``study`` under each of ``methods`` (default: every registered method, plugins'
    too)."""
    chosen = list(dict.fromkeys(methods)) or list(names())
    rankings = rank_each(study, weights, chosen, exclude_failing=exclude_failing)
    return MethodComparison(study, weights, rankings, tuple(r.option for r in rankings[0].rows))
