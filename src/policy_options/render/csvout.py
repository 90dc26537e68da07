"""CSV tables: one header line, one row per option (or per criterion); scores 0..1."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from policy_options.core.compare import MethodComparison
from policy_options.core.explain import Explanation
from policy_options.core.model import Study
from policy_options.core.ranking import Ranking
from policy_options.core.weights import Weights
from policy_options.render.fmt import exact

if TYPE_CHECKING:
    from policy_options.core.provenance import Provenance


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def ranking(result: Ranking) -> str:
    """``rank,option,title,score,<criterion>...``: each criterion column holds its contribution."""
    keys = list(result.study.criteria)
    return _table(
        ["rank", "option", "title", "score", *keys],
        (
            [
                row.rank,
                row.option,
                row.title,
                exact(row.score),
                *(exact(row.contributions[key]) for key in keys),
            ]
            for row in result.rows
        ),
    )


def explanation(result: Explanation, provenance: Provenance | None = None) -> str:
    """One row per criterion of the explained option (quote_location: where in its source)."""
    from policy_options.render.quotes import quote_place

    option = result.row.option
    return _table(
        [
            "criterion",
            "name",
            "raw",
            "unit",
            "low",
            "high",
            "value",
            "weight",
            "contribution",
            "rationale",
            "quote",
            "quote_location",
        ],
        (
            [
                line.criterion,
                line.name,
                exact(line.raw),
                line.unit,
                "" if line.range is None else exact(line.range[0]),
                "" if line.range is None else exact(line.range[1]),
                exact(line.value),
                exact(line.weight),
                exact(line.contribution),
                line.rationale,
                line.quote or "",
                (quote_place(provenance, option, line.criterion) or "") if line.quote else "",
            ]
            for line in result.lines
        ),
    )


def info(study: Study, weights: Weights) -> str:
    """One row per criterion: its definition and its weight in the chosen profile."""
    return _table(
        ["criterion", "name", "direction", "min", "max", "unit", "weight"],
        (
            [
                key,
                criterion.name,
                criterion.direction.value,
                exact(criterion.scale.min),
                exact(criterion.scale.max),
                criterion.unit,
                exact(weights.normalised[key]),
            ]
            for key, criterion in study.criteria.items()
        ),
    )


def comparison(result: MethodComparison) -> str:
    """One row per option: its rank under each method."""
    ranks = result.ranks()
    return _table(
        ["option", "title", *result.methods],
        (
            [key, result.study.options[key].title, *(ranks[key][m] for m in result.methods)]
            for key in result.options
        ),
    )
