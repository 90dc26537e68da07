"""``policy sensitivity scores`` as Markdown, CSV and JSON: the tornado of uncertain scores.

Pure: result -> str. The results carry every number; nothing is recomputed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policy_options.render import fmt
from policy_options.render.jsonout import dumps, scenario_key
from policy_options.render.sensitivity import (
    profile_json,
    tornado_leader_text,
    tornado_verdict,
)
from policy_options.render.views import common
from policy_options.render.writers.csv import table as csv_table
from policy_options.render.writers.markdown import cell, inline, table

if TYPE_CHECKING:
    from policy_options.core.uncertainty.tornado import Tornado

exact = fmt.exact


# --- scores: tornado ---------------------------------------------------------------------


def tornado_json(result: Tornado) -> str:
    ranking = result.ranking
    return dumps(
        {
            "study": ranking.study.title,
            **scenario_key(ranking.study),
            "method": ranking.method,
            **profile_json(ranking),
            "leader": result.leader,
            "runner_up": result.runner_up,
            "margin": exact(result.margin),
            "summary": tornado_verdict(result),
            "bars": [
                {
                    "option": bar.option,
                    "criterion": bar.criterion,
                    "value": exact(bar.value),
                    "low": exact(bar.low),
                    "high": exact(bar.high),
                    "margin_at_low": exact(bar.margin_at_low),
                    "margin_at_high": exact(bar.margin_at_high),
                    "swing": exact(bar.swing),
                    "top_at_low": bar.top_at_low,
                    "top_at_high": bar.top_at_high,
                    "changes_leader": bar.changes_leader,
                }
                for bar in result.bars
            ],
        }
    )


def tornado_csv(result: Tornado) -> str:
    """One row per uncertain score, largest swing first; margins 0..1."""
    return csv_table(
        [
            "option",
            "criterion",
            "value",
            "low",
            "high",
            "margin_at_low",
            "margin_at_high",
            "swing",
            "top_at_low",
            "top_at_high",
            "changes_leader",
        ],
        (
            [
                bar.option,
                bar.criterion,
                exact(bar.value),
                exact(bar.low),
                exact(bar.high),
                exact(bar.margin_at_low),
                exact(bar.margin_at_high),
                exact(bar.swing),
                bar.top_at_low,
                bar.top_at_high,
                str(bar.changes_leader).lower(),
            ]
            for bar in result.bars
        ),
    )


def tornado_markdown(result: Tornado) -> str:
    ranking = result.ranking
    study = ranking.study
    lines = [
        f"### Score tornado: {cell(study.title)}",
        "",
        f"{tornado_leader_text(result)} {tornado_verdict(result)}",
        "",
    ]
    lines += table(
        [
            "Option",
            "Criterion",
            "Score (range)",
            "Margin at low",
            "Margin at high",
            "Swing",
            "On top at low / high",
        ],
        "lllrrrl",
        (
            [
                f"`{bar.option}`",
                f"`{bar.criterion}`",
                f"{fmt.with_unit(bar.value, study.criteria[bar.criterion])}"
                f" ({fmt.raw(bar.low)}–{fmt.raw(bar.high)})",
                fmt.signed_points(bar.margin_at_low),
                fmt.signed_points(bar.margin_at_high),
                fmt.points(bar.swing),
                f"{bar.top_at_low} / {bar.top_at_high}",
            ]
            for bar in result.bars
        ),
    )
    lines += [
        "",
        f"Margin: {result.leader}'s score minus the best other option's, in points out of 100,"
        " with one score moved to the low or high end of its range and everything else as"
        " given; negative: the leader loses first place. Swing: the difference between the"
        f" two. {inline(common.weights_note(study, ranking.weights, ranking.method))}",
        "",
    ]
    return "\n".join(lines)
