"""Markdown, CSV and JSON for ``policy profiles`` and ``policy diff`` (pure: result -> text)."""

from __future__ import annotations

from typing import Any

from policy_options.core.methods import SUMMARIES
from policy_options.core.ranking.profiles import ProfilesComparison, RankingDiff
from policy_options.core.ranking.rank import Ranking
from policy_options.core.study.weights import Weights
from policy_options.render import fmt, jsonout
from policy_options.render.fmt import exact
from policy_options.render.writers.csv import table as csv_table
from policy_options.render.writers.markdown import cell, table

ORDER_NOTE = (
    "Options are sorted by their worst rank across the profiles, then by mean rank, then by id;"
    " the first is the robust choice: the option whose worst rank is best."
)


def move_text(move: int | None) -> str:
    """Places gained: '↑2', '↓1', '=' (no move), 'new' (not in the earlier ranking)."""
    if move is None:
        return "new"
    if move > 0:
        return f"↑{move}"
    if move < 0:
        return f"↓{-move}"
    return "="


def ratio_text(x: float) -> str:
    """A judgement on Saaty's scale: 3 -> '3', 0.25 -> '1/4', 2.4137 -> '2.41', 0.1 -> '1/10'."""
    if x >= 1:
        return f"{x:.3g}"
    return f"1/{1 / x:.3g}"


def tau_text(tau: float | None) -> str:
    """Kendall's tau-b with two decimals; 'n/a' when undefined (every option tied)."""
    return "n/a" if tau is None else f"{tau + 0.0:.2f}".replace("-", "−")


def mean_rank_text(mean: float) -> str:
    return f"{mean:.2f}"


def rank_cell(ranking: Ranking, option: str) -> str:
    """'3 (59.1)': rank and score out of 100."""
    row = ranking.row(option)
    return f"{row.rank} ({fmt.points(row.score)})"


def label(weights: Weights) -> str:
    """How a profile is named in headers: its id or file, with any --set overrides."""
    return weights.label


def _method(method: str) -> str:
    summary = SUMMARIES.get(method)
    return f"{method} ({summary})" if summary else method


# --- policy profiles -----------------------------------------------------------------


def robust_sentence(result: ProfilesComparison) -> str:
    robust = result.robust
    title = result.study.options[robust.option].title
    count = len(result.rankings)
    text = (
        f"{title} ({robust.option}): worst rank {robust.worst} under"
        f" {'the one profile' if count == 1 else f'any of the {count} profiles'}"
        f" (best {robust.best}, mean {mean_rank_text(robust.mean)})"
    )
    ties = result.robust_ties
    if ties:
        text += "; also worst rank {}: {} (chosen on mean rank, then id)".format(
            robust.worst,
            ", ".join(f"{s.option} (mean {mean_rank_text(s.mean)})" for s in ties),
        )
    return text


def profiles_markdown(result: ProfilesComparison) -> str:
    labels = [label(r.weights) for r in result.rankings]
    lines = [f"### {cell(result.study.title)}: rankings under {len(labels)} weight profiles", ""]
    lines += table(
        ["Option", *(f"`{name}`" for name in labels), "Worst", "Mean"],
        "l" + "r" * (len(labels) + 2),
        (
            [
                f"{result.study.options[s.option].title} (`{s.option}`)",
                *(rank_cell(r, s.option) for r in result.rankings),
                s.worst,
                mean_rank_text(s.mean),
            ]
            for s in result.standings
        ),
    )
    tops = "; ".join(
        f"`{name}`: " + ", ".join(f"`{option}`" for option in result.top(i))
        for i, name in enumerate(labels)
    )
    lines += ["", f"**Top option** under each profile: {tops}.", ""]
    lines += ["Kendall's tau-b between the rankings (1 = same order, −1 = reversed):", ""]
    lines += table(
        ["", *(f"`{name}`" for name in labels)],
        "l" + "r" * len(labels),
        (
            [f"`{name}`", *(tau_text(t) for t in row)]
            for name, row in zip(labels, result.tau, strict=True)
        ),
    )
    lines += [
        "",
        f"**Robust choice:** {cell(robust_sentence(result))}.",
        "",
        f"Cells: rank (score out of 100). {ORDER_NOTE}"
        f" Method: {_method(result.rankings[0].method)}.",
        "",
    ]
    return "\n".join(lines)


def profiles_csv(result: ProfilesComparison) -> str:
    """One row per option (robust order): rank and 0..1 score under each profile."""
    labels = [label(r.weights) for r in result.rankings]
    header = ["option", "title"]
    for name in labels:
        header += [f"{name}:rank", f"{name}:score"]
    header += ["worst_rank", "best_rank", "mean_rank"]
    return csv_table(
        header,
        (
            [
                s.option,
                result.study.options[s.option].title,
                *(
                    value
                    for r in result.rankings
                    for value in (r.row(s.option).rank, exact(r.row(s.option).score))
                ),
                s.worst,
                s.best,
                exact(s.mean),
            ]
            for s in result.standings
        ),
    )


def _profile(weights: Weights) -> dict[str, Any]:
    return {
        "profile": weights.profile,
        "name": weights.name,
        "weights": {key: exact(value) for key, value in weights.normalised.items()},
        "overrides": {key: exact(value) for key, value in weights.overrides},
    }


def _tau(tau: float | None) -> float | None:
    return None if tau is None else exact(tau)


def profiles_json(result: ProfilesComparison) -> str:
    robust = result.robust
    return jsonout.dumps(
        {
            "study": result.study.title,
            **jsonout.scenario_key(result.study),
            "method": result.rankings[0].method,
            "profiles": [
                {**_profile(r.weights), "top": list(result.top(i))}
                for i, r in enumerate(result.rankings)
            ],
            "options": [
                {
                    "option": s.option,
                    "title": result.study.options[s.option].title,
                    "ranks": list(s.ranks),
                    "scores": [exact(r.row(s.option).score) for r in result.rankings],
                    "worst_rank": s.worst,
                    "best_rank": s.best,
                    "mean_rank": exact(s.mean),
                }
                for s in result.standings
            ],
            "kendall_tau_b": [[_tau(t) for t in row] for row in result.tau],
            "robust_choice": {
                "option": robust.option,
                "title": result.study.options[robust.option].title,
                "worst_rank": robust.worst,
                "mean_rank": exact(robust.mean),
                "tied_on_worst_rank": [s.option for s in result.robust_ties],
            },
        }
    )


# --- policy diff -----------------------------------------------------------------------


def diff_markdown(result: RankingDiff) -> str:
    a, b = label(result.a.weights), label(result.b.weights)
    study = result.a.study
    lines = [f"### {cell(study.title)}: `{a}` → `{b}`", ""]
    lines += table(
        ["Rank", "Option", f"Was (`{a}`)", "Move", f"Score `{a}`", f"Score `{b}`", "Change"],
        "rlrlrrr",
        (
            [
                row.rank_b,
                f"{row.title} (`{row.option}`)",
                row.rank_a,
                move_text(row.move),
                fmt.points(row.score_a),
                fmt.points(row.score_b),
                fmt.signed_points(row.score_b - row.score_a),
            ]
            for row in result.rows
        ),
    )
    lines.append("")
    if result.weight_changes:
        lines += ["Criteria weights that differ:", ""]
        lines += table(
            ["Criterion", f"`{a}`", f"`{b}`", "Change (points)"],
            "lrrr",
            (
                [
                    f"{study.criteria[c.criterion].name} (`{c.criterion}`)",
                    fmt.percent(c.a),
                    fmt.percent(c.b),
                    fmt.signed_points(c.b - c.a),
                ]
                for c in result.weight_changes
            ),
        )
    else:
        lines.append("The two profiles give every criterion the same normalised weight.")
    lines += [
        "",
        f"Kendall's tau-b between the two rankings: {tau_text(result.tau)}"
        " (1 = same order, −1 = reversed). Scores out of 100; Move: places gained from"
        f" `{a}` to `{b}`. Method: {_method(result.b.method)}.",
        "",
    ]
    return "\n".join(lines)


def diff_csv(result: RankingDiff) -> str:
    """One row per option in B's order; ``_a`` columns are the first profile, ``_b`` the second."""
    return csv_table(
        ["option", "title", "rank_a", "rank_b", "move", "score_a", "score_b"],
        (
            [
                row.option,
                row.title,
                row.rank_a,
                row.rank_b,
                row.move,
                exact(row.score_a),
                exact(row.score_b),
            ]
            for row in result.rows
        ),
    )


def diff_json(result: RankingDiff) -> str:
    return jsonout.dumps(
        {
            "study": result.a.study.title,
            **jsonout.scenario_key(result.a.study),
            "method": result.b.method,
            "a": _profile(result.a.weights),
            "b": _profile(result.b.weights),
            "moves": [
                {
                    "option": row.option,
                    "title": row.title,
                    "rank_a": row.rank_a,
                    "rank_b": row.rank_b,
                    "move": row.move,
                    "score_a": exact(row.score_a),
                    "score_b": exact(row.score_b),
                }
                for row in result.rows
            ],
            "weight_changes": [
                {
                    "criterion": c.criterion,
                    "a": exact(c.a),
                    "b": exact(c.b),
                    "change": exact(c.b - c.a),
                }
                for c in result.weight_changes
            ],
            "kendall_tau_b": _tau(result.tau),
        }
    )
