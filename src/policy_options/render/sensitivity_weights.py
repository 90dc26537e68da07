"""``policy sensitivity weights`` as Markdown, CSV and JSON: the weight stability intervals.

Pure: result -> str. The results carry every number; nothing is recomputed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policy_options.core.methods import Method
from policy_options.render import fmt
from policy_options.render.jsonout import dumps, scenario_key
from policy_options.render.sensitivity import (
    maybe_exact,
    method_note,
    profile_json,
    stability_notes,
    stability_summary,
    top_path,
)
from policy_options.render.views import common
from policy_options.render.writers.csv import table as csv_table
from policy_options.render.writers.markdown import cell, inline, table

if TYPE_CHECKING:
    from policy_options.core.uncertainty.stability_result import CriterionStability, WeightStability

exact = fmt.exact


# --- weights: stability intervals --------------------------------------------------------


def stability_json(result: WeightStability) -> str:
    """The issue's contract; other methods than additive add ``exact`` and ``note``, and
    their own keys (weighted product: ``endpoints``, ``vetoed_inside`` per criterion;
    TOPSIS: ``search``; weakest link: ``criteria`` empty, ``toggles``, ``shares_top``)."""
    ranking = result.ranking
    method = result.method
    document: dict[str, Any] = {
        "study": ranking.study.title,
        **scenario_key(ranking.study),
        "method": method,
        **profile_json(ranking),
        "top": result.top,
        "summary": stability_summary(result),
        "criteria": [_criterion_json(c, method) for c in result.criteria],
    }
    if method != Method.additive:
        document["exact"] = result.exact
        document["note"] = method_note(result)
    if result.search is not None:
        document["search"] = {"grid": result.search[0], "tolerance": result.search[1]}
    if method == Method.weakest_link:
        document["top_value"] = maybe_exact(result.top_value)
        document["shares_top"] = list(result.shares_top)
        document["toggles"] = [
            {
                "criterion": t.criterion,
                "weight": exact(t.weight),
                "change": "drop" if t.weight > 0 else "add",
                "top": t.top,
                "changes_top": t.changes_top,
            }
            for t in result.toggles
        ]
    return dumps(document)


def _criterion_json(c: CriterionStability, method: str) -> dict[str, Any]:
    found: dict[str, Any] = {
        "criterion": c.criterion,
        "weight": exact(c.weight),
        "top_interval": [exact(c.top_interval[0]), exact(c.top_interval[1])],
        "ranking_interval": [exact(c.ranking_interval[0]), exact(c.ranking_interval[1])],
        "below": c.below,
        "above": c.above,
        "breakpoints": [{"weight": exact(p.weight), "top": p.top} for p in c.breakpoints],
        "top_at_zero": c.top_at_zero,
        "change": maybe_exact(c.change),
        "relative_change": maybe_exact(c.relative_change),
        "spread_equally": c.spread_equally,
    }
    if method == Method.weighted_product:
        found["endpoints"] = [
            {"weight": exact(e.weight), "top": e.top, "unvetoed": list(e.unvetoed)}
            for e in c.endpoints
        ]
        found["vetoed_inside"] = c.vetoed_inside
    return found


def stability_csv(result: WeightStability) -> str:
    """One row per criterion, most sensitive first; breakpoints as 'weight:option;…'.

    Weakest link: one row per criterion, the option on top once it is dropped (or added).
    """
    if result.method == Method.weakest_link:
        return csv_table(
            ["criterion", "weight", "change", "top", "changes_top"],
            (
                [
                    t.criterion,
                    exact(t.weight),
                    "drop" if t.weight > 0 else "add",
                    t.top,
                    str(t.changes_top).lower(),
                ]
                for t in result.toggles
            ),
        )
    return csv_table(
        [
            "criterion",
            "weight",
            "top_low",
            "top_high",
            "below",
            "above",
            "ranking_low",
            "ranking_high",
            "change",
            "relative_change",
            "top_at_zero",
            "breakpoints",
        ],
        (
            [
                c.criterion,
                exact(c.weight),
                exact(c.top_interval[0]),
                exact(c.top_interval[1]),
                c.below or "",
                c.above or "",
                exact(c.ranking_interval[0]),
                exact(c.ranking_interval[1]),
                "" if c.change is None else exact(c.change),
                "" if c.relative_change is None else exact(c.relative_change),
                c.top_at_zero,
                ";".join(f"{exact(p.weight)}:{p.top}" for p in c.breakpoints),
            ]
            for c in result.criteria
        ),
    )


def stability_markdown(result: WeightStability) -> str:
    ranking = result.ranking
    study = ranking.study
    lines = [f"### Weight stability: {cell(study.title)}", "", stability_summary(result), ""]
    weights_note = inline(common.weights_note(study, ranking.weights, ranking.method))
    if result.method == Method.weakest_link:
        lines += table(
            ["Criterion", "Weight", "Change", "Then on top"],
            "lrll",
            (
                [
                    f"`{t.criterion}`",
                    fmt.percent(t.weight),
                    "drop it (weight 0)" if t.weight > 0 else "weight it",
                    f"**{t.top}**" if t.changes_top else t.top,
                ]
                for t in result.toggles
            ),
        )
        lines += [
            "",
            f"{method_note(result)} {weights_note}",
            "",
        ]
        return "\n".join(lines)
    lines += table(
        [
            "Criterion",
            "Weight",
            "Top option stays on top",
            "Just below / above",
            "Whole ranking unchanged",
            "Top option as the weight runs from 0% to 100%",
        ],
        "lrllll",
        (
            [
                f"`{c.criterion}`",
                fmt.percent(c.weight),
                f"{fmt.percent(c.top_interval[0])}–{fmt.percent(c.top_interval[1])}",
                f"{c.below or '—'} / {c.above or '—'}",
                f"{fmt.percent(c.ranking_interval[0])}–{fmt.percent(c.ranking_interval[1])}",
                top_path(c),
            ]
            for c in result.criteria
        ),
    )
    lines += [
        "",
        " ".join(stability_notes(result))
        + f" Criteria by how little their weight must move, relative to its value, to change"
        f" the top option. {inline(common.weights_note(study, ranking.weights, ranking.method))}",
        "",
    ]
    return "\n".join(lines)
