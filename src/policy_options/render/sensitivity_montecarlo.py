"""``policy sensitivity montecarlo`` as Markdown, CSV and JSON: rank acceptability (SMAA-2).

Pure: result -> str. The results carry every number; nothing is recomputed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policy_options.render import fmt
from policy_options.render.jsonout import dumps, scenario_key
from policy_options.render.sensitivity import (
    confidence_text,
    maybe_exact,
    montecarlo_note,
    pairwise_rows,
    pairwise_text,
    profile_json,
    score_model_text,
    standard_error_text,
    weight_model_text,
)
from policy_options.render.views import common
from policy_options.render.writers.csv import table as csv_table
from policy_options.render.writers.markdown import cell, inline, table

if TYPE_CHECKING:
    from policy_options.core.uncertainty.montecarlo import MonteCarlo

exact = fmt.exact


# --- montecarlo: SMAA-2 -----------------------------------------------------------------


def montecarlo_json(result: MonteCarlo) -> str:
    ranking = result.ranking
    return dumps(
        {
            "study": ranking.study.title,
            **scenario_key(ranking.study),
            "method": ranking.method,
            **profile_json(ranking),
            "samples": result.samples,
            "seed": result.seed,
            "weight_model": result.weight_model.value,
            "concentration": maybe_exact(result.concentration),
            "score_uncertainty": result.score_uncertainty,
            "uncertain_scores": result.uncertain_scores,
            "confidence_samples": result.confidence_samples,
            "sampled_criteria": list(result.sampled_criteria),
            "options": [
                {
                    "option": row.option,
                    "base_rank": row.base_rank,
                    "acceptability": [exact(p) for p in row.acceptability],
                    "acceptability_se": [exact(se) for se in row.acceptability_se],
                    "first": exact(row.first),
                    "expected_rank": exact(row.expected_rank),
                    "central_weights": None
                    if row.central_weights is None
                    else {key: exact(w) for key, w in row.central_weights.items()},
                    "confidence": maybe_exact(row.confidence),
                }
                for row in result.options
            ],
            "pairwise": {
                a: {b: exact(p) for b, p in others.items()} for a, others in result.pairwise.items()
            },
            "pairwise_scope": result.pairwise_scope,
            **({"note": note} if (note := montecarlo_note(result)) is not None else {}),
        }
    )


def montecarlo_csv(result: MonteCarlo) -> str:
    """One row per option in base-ranking order: every figure of the JSON, flattened."""
    n = len(result.options)
    criteria = list(result.ranking.study.criteria)
    ids = [row.option for row in result.options]
    header = [
        "option",
        "base_rank",
        "first",
        "expected_rank",
        "confidence",
        *(f"rank_{r}" for r in range(1, n + 1)),
        *(f"se_rank_{r}" for r in range(1, n + 1)),
        *(f"central_{key}" for key in criteria),
        *(f"above_{other}" for other in ids if other in result.pairwise),
    ]
    rows = []
    for row in result.options:
        central = row.central_weights
        rows.append(
            [
                row.option,
                row.base_rank,
                exact(row.first),
                exact(row.expected_rank),
                "" if row.confidence is None else exact(row.confidence),
                *(exact(p) for p in row.acceptability),
                *(exact(se) for se in row.acceptability_se),
                *("" if central is None else exact(central[key]) for key in criteria),
                *(
                    ""
                    if other == row.option or row.option not in result.pairwise
                    else exact(result.pairwise[row.option][other])
                    for other in ids
                    if other in result.pairwise
                ),
            ]
        )
    return csv_table(header, rows)


def montecarlo_markdown(result: MonteCarlo) -> str:
    ranking = result.ranking
    study = ranking.study
    n = len(result.options)
    pct = _pct
    lines = [
        f"### Monte Carlo rank acceptability (SMAA-2): {cell(study.title)}",
        "",
        f"{result.samples:,} samples, seed {result.seed}."
        f" Weights: {weight_model_text(result)}. Scores: {score_model_text(result)}."
        + ("" if (note := montecarlo_note(result)) is None else f" {note}"),
        "",
    ]
    lines += table(
        ["#", "Option", "First", "Expected rank", "Confidence", *map(str, range(1, n + 1))],
        "rlrrr" + "r" * n,
        (
            [
                i,
                f"`{row.option}`",
                pct(row.first),
                f"{row.expected_rank:.2f}",
                "—" if row.confidence is None else pct(row.confidence),
                *(pct(p) for p in row.acceptability),
            ]
            for i, row in enumerate(result.options, 1)
        ),
    )
    lines += [
        "",
        "Rank acceptability: % of samples placing the option at each rank (columns 1 to"
        f" {n}); options in base-ranking order (#). {standard_error_text(result)}"
        f" {confidence_text(result)}",
        "",
        "Central weights: mean weights of the samples in which the option comes first.",
        "",
    ]
    firsts = [row for row in result.options if row.central_weights is not None]
    lines += table(
        ["Criterion", "Profile", *(f"`{row.option}`" for row in firsts)],
        "lr" + "r" * len(firsts),
        (
            [
                f"`{key}`",
                fmt.percent(w),
                *(fmt.percent(row.central_weights[key]) for row in firsts if row.central_weights),
            ]
            for key, w in ranking.weights.normalised.items()
        ),
    )
    covered = pairwise_rows(result)
    scope = pairwise_text(result)
    if covered:
        lines += [
            "",
            "Pairwise: % of samples in which the row option ranks above the column option."
            + ("" if scope is None else f" {scope}"),
            "",
        ]
        lines += table(
            ["#", "Option", *(str(i) for i, _ in covered)],
            "rl" + "r" * len(covered),
            (
                [
                    i,
                    f"`{row.option}`",
                    *(
                        "—"
                        if other.option == row.option
                        else pct(result.pairwise[row.option][other.option])
                        for _, other in covered
                    ),
                ]
                for i, row in covered
            ),
        )
    elif scope is not None:
        lines += ["", scope]
    lines += ["", inline(common.weights_note(study, ranking.weights, ranking.method)), ""]
    return "\n".join(lines)


def _pct(p: float) -> str:
    """A share as a percentage with one decimal, no sign: 0.2772 -> '27.7'.

    Exactly 0 reads '0'; a share that would round to 0.0 or 100.0 without being it
    reads '<0.1' or '>99.9', so 'never' and 'always' are never claimed by rounding.
    """
    if p == 0:
        return "0"
    if p < 0.0005:
        return "<0.1"
    if 0.9995 <= p < 1:
        return ">99.9"
    return f"{p * 100 + 0.0:.1f}"
