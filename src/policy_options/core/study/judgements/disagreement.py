"""Who disagrees, and does it matter: per judged cell each analyst's value, the spread,
and the flip share (the share of the cell's pooled distribution over which the leader
changes, everything else at its pooled value); each analyst's ranking; a consensus.

The flip share is computed at :data:`GRID` quantiles of the pool, (i + 1/2) / GRID:
each is one re-ranking of the pooled study with that one cell moved, so it holds for
any method; it is exact to within 1/GRID.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from policy_options.core.ranking.rank import rank
from policy_options.core.study.files.model import Study
from policy_options.core.study.files.option_file import Option
from policy_options.core.study.judgements.apply import apply_judgements, cells_judged
from policy_options.core.study.judgements.consensus import Consensus, consensus
from policy_options.core.study.judgements.distribution import Pool
from policy_options.core.study.judgements.files import POOLED
from policy_options.core.study.judgements.pool import pool_cell
from policy_options.core.study.weights import Weights, resolve_weights

GRID = 200
"""Quantiles of a cell's pool at which the leader is recomputed."""


@dataclass(frozen=True)
class CellDisagreement:
    option: str
    criterion: str
    values: tuple[tuple[str, float], ...]  # (analyst, best estimate), by analyst
    spread: float  # highest best estimate - lowest
    spread_share: float  # the spread as a share of the criterion's scale
    pooled: float  # the median of the best estimates
    flip_share: float  # share of the pool over which the leader changes
    spread_before: float | None = None  # with --rev: the spread at that revision
    evppi: float | None = None  # expected value of settling it (0..1 score), None: not run
    above_noise: bool = False  # is that worth more than the Monte Carlo error?


@dataclass(frozen=True)
class Disagreement:
    title: str
    method: str
    weights: str  # the weights' label
    leader: str  # the pooled study's leader
    analysts: tuple[str, ...]
    cells: tuple[CellDisagreement, ...]  # by flip share, then spread share
    rankings: tuple[tuple[str, tuple[str, ...]], ...]  # (pooled | analyst, options best first)
    consensus: Consensus
    rev: str | None = None


def leader(study: Study, weights: Weights, method: str | None) -> str:
    return rank(study, weights, method).rows[0].option


def with_score(study: Study, option: str, criterion: str, x: float) -> Study:
    """``study`` with one raw score moved to ``x`` (nothing else)."""
    found = study.options[option]
    score = found.spec.scores[criterion].model_copy(update={"value": x, "range": None})
    scores = {**found.spec.scores, criterion: score}
    spec = found.spec.model_copy(update={"scores": scores})
    options = {**study.options, option: Option(option, spec, found.file)}
    from dataclasses import replace

    return replace(study, options=options)


def flip_share(
    study: Study, weights: Weights, method: str | None, cell: tuple[str, str], pool: Pool
) -> float:
    """Share of ``pool`` over which the leader of ``study`` is not its leader as given."""
    base = leader(study, weights, method)
    option, criterion = cell
    flips = 0
    for i in range(GRID):
        x = pool.ppf((i + 0.5) / GRID)
        if leader(with_score(study, option, criterion, x), weights, method) != base:
            flips += 1
    return flips / GRID


def spreads(study: Study) -> dict[tuple[str, str], float]:
    """(option, criterion) -> highest best estimate - lowest, for every judged cell."""
    return {
        cell: max(j.value for j in found.values()) - min(j.value for j in found.values())
        for cell, found in cells_judged(study).items()
    }


def disagreement(
    study: Study,
    weights: str | None = None,
    method: str | None = None,
    before: Study | None = None,
    rev: str | None = None,
) -> Disagreement:
    """The disagreement report of ``study`` (as loaded, not judged); ``before``: the study
    at revision ``rev``, whose spreads are compared."""
    pooled = apply_judgements(study, POOLED)
    chosen = resolve_weights(pooled, weights)
    top = leader(pooled, chosen, method)
    earlier = spreads(before) if before is not None and before.analysts else {}
    found: list[CellDisagreement] = []
    for cell, by_analyst in cells_judged(study).items():
        criterion = study.all_criteria[cell[1]]
        judged = pool_cell(list(by_analyst.values()), criterion)
        share = (
            0.0 if judged.range is None else flip_share(pooled, chosen, method, cell, judged.pool)
        )
        values = tuple(sorted((a, j.value) for a, j in by_analyst.items()))
        spread = max(v for _, v in values) - min(v for _, v in values)
        width = criterion.scale.max - criterion.scale.min
        found.append(
            CellDisagreement(
                cell[0],
                cell[1],
                values,
                spread,
                spread / width,
                judged.value,
                share,
                earlier.get(cell) if before is not None else None,
            )
        )
    found = _with_value(found, pooled, chosen, method)
    found.sort(
        key=lambda c: (
            -(c.evppi if c.above_noise and c.evppi is not None else 0.0),
            -c.flip_share,
            -c.spread_share,
            c.option,
            c.criterion,
        )
    )
    rankings = [(POOLED, _order(pooled, chosen, method))]
    for analyst in study.analysts:
        theirs = apply_judgements(study, analyst)
        own = resolve_weights(theirs, weights)  # their weights.yaml unless --weights
        rankings.append((analyst, _order(theirs, own, method)))
    positions = [{o: i for i, o in enumerate(order)} for name, order in rankings if name != POOLED]
    agreed = consensus(positions, list(study.options))
    return Disagreement(
        title=pooled.title,
        method=method or study.spec.defaults.method,
        weights=chosen.label,
        leader=top,
        analysts=tuple(study.analysts),
        cells=tuple(found),
        rankings=tuple(rankings),
        consensus=agreed,
        rev=rev,
    )


VALUE_SAMPLES = 20_000
"""Monte Carlo samples for the cells' value of information (a few seconds at most)."""


def _with_value(
    cells: list[CellDisagreement], pooled: Study, weights: Weights, method: str | None
) -> list[CellDisagreement]:
    """Each judged cell with the expected value of perfect information of its pooled
    distribution (EVPPI, `policy sensitivity value`): what settling the disagreement is
    worth, in expected score of the choice, every other uncertain score still uncertain."""
    from dataclasses import replace

    from policy_options.core.uncertainty.value import value_of_information

    if not cells:
        return cells
    found = value_of_information(pooled, weights, method=method, samples=VALUE_SAMPLES)
    by_cell = {(i.option, i.criterion): i for i in found.inputs if i.kind == "score" and i.option}
    out = []
    for cell in cells:
        value = by_cell.get((cell.option, cell.criterion))
        out.append(
            replace(cell, evppi=0.0, above_noise=False)
            if value is None
            else replace(cell, evppi=value.evppi, above_noise=value.above_noise)
        )
    return out


def _order(study: Study, weights: Weights, method: str | None) -> tuple[str, ...]:
    return tuple(row.option for row in rank(study, weights, method).rows)


def coverage(study: Study) -> list[tuple[str, int, int, bool]]:
    """Per analyst: cells scored, options touched, whether they gave weights."""
    return [(a.id, a.cells, len(a.scores), a.weights is not None) for a in study.analysts.values()]


__all__: Sequence[str] = ["Disagreement", "coverage", "disagreement", "flip_share"]
