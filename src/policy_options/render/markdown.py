"""GitHub-flavoured Markdown for memos: a title line, the table, a note of weights and method."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from policy_options.core.compare import MethodComparison
from policy_options.core.explain import Explanation, Gap
from policy_options.core.methods import SUMMARIES
from policy_options.core.model import Study
from policy_options.core.ranking import Ranking
from policy_options.core.weights import Weights
from policy_options.render import fmt

if TYPE_CHECKING:
    from policy_options.core.provenance import Provenance


def cell(text: object) -> str:
    """Escape a table cell: pipes and backslashes escaped, newlines as <br>."""
    value = str(text).replace("\\", "\\\\").replace("|", "\\|")
    return "<br>".join(line.strip() for line in value.strip().splitlines()) or " "


def table(header: Sequence[str], align: str, rows: Iterable[Sequence[object]]) -> list[str]:
    """A GFM table; ``align`` has one letter per column: l(eft) or r(ight)."""
    marks = {"l": "---", "r": "---:"}
    lines = [
        "| " + " | ".join(cell(h) for h in header) + " |",
        "|" + "|".join(marks[a] for a in align) + "|",
    ]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def weights_note(study: Study, weights: Weights, method: str) -> str:
    shares = ", ".join(
        f"{study.criteria[key].name} {fmt.percent(w)}" for key, w in weights.normalised.items()
    )
    source = f"profile `{weights.profile}` ({weights.name})"
    if weights.overrides:
        source += " with " + ", ".join(f"`{k}={v:g}`" for k, v in weights.overrides)
    return f"Weights: {source}: {shares}. Method: {method} ({SUMMARIES[method]})."


def ranking(result: Ranking) -> str:
    study = result.study
    names = {key: c.name for key, c in study.criteria.items()}
    lines = [f"### {cell(study.title)}", ""]
    lines += table(
        ["Rank", "Option", "Stance", "Score", fmt.HIGHLIGHT_HEADERS[result.method]],
        "rllrl",
        (
            [
                row.rank,
                f"{row.title} (`{row.option}`)"
                + (f" **{fmt.failing(row, names)}**" if row.fails else ""),
                (row.stance or "").replace("_", " "),
                fmt.points(row.score),
                fmt.highlight(result.method, row, names),
            ]
            for row in result.rows
        ),
    )
    excluded = (
        f" Excluded because they fail a threshold: {', '.join(f'`{k}`' for k in result.excluded)}."
        if result.excluded
        else ""
    )
    lines += [
        "",
        f"Scores out of 100.{excluded} {weights_note(study, result.weights, result.method)}",
        "",
    ]
    return "\n".join(lines)


def _gap_lines(gap: Gap | None, where: str, study: Study) -> list[str]:
    if gap is None:
        return []
    other = gap.other
    names = {key: c.name for key, c in study.criteria.items()}
    return [
        f"- Against #{other.rank} {cell(other.title)} (`{other.option}`, {fmt.points(other.score)},"
        f" {where}): {fmt.gap_sentence(gap.margin, gap.by_criterion, names)}."
    ]


def explanation(result: Explanation, provenance: Provenance | None = None) -> str:
    from policy_options.render.quotes import quote_place

    study = result.ranking.study
    row = result.row
    option = study.options[row.option].spec
    method = result.ranking.method
    lines = [
        f"### #{row.rank} {cell(row.title)} (`{row.option}`): {fmt.points(row.score)} / 100",
        "",
    ]
    scenario = study.scenario
    facts = [
        ("Scenario", "" if scenario is None else f"{scenario.id}: {scenario.name}"),
        ("Stance", (row.stance or "").replace("_", " ")),
        ("Actor", option.actor),
        ("Summary", option.summary),
    ]
    names = {key: c.name for key, c in study.criteria.items()}
    facts += [
        ("Method", fmt.details_line(method, row, names)),
        ("Threshold", fmt.failing(row, names)),
    ]
    lines += [f"**{label}:** {cell(value)}  " for label, value in facts if value]
    if option.source is not None and option.source.quote:
        place = quote_place(provenance, row.option)
        cite = f"{option.source.ref}, {place}" if place else option.source.ref
        lines += ["", f"> “{option.source.quote}” ({cite})"]
    lines.append("")
    lines += table(
        ["Criterion", "Score", "Value", "Weight", fmt.CONTRIBUTION_HEADERS[method], "Rationale"],
        "lrrrrl",
        (
            [
                line.name,
                fmt.with_unit(line.raw, study.criteria[line.criterion])
                + (
                    ""
                    if line.range is None
                    else f" ({fmt.raw(line.range[0])}–{fmt.raw(line.range[1])})"
                ),
                f"{line.value:.2f}",
                fmt.percent(line.weight),
                fmt.contribution(method, line.contribution),
                line.rationale
                + (f" “{line.quote}”" if line.quote else "")
                + (
                    f" ({place})"
                    if line.quote and (place := quote_place(provenance, row.option, line.criterion))
                    else ""
                ),
            ]
            for line in result.lines
        ),
    )
    lines.append("")
    neighbour = result.above or result.below
    basis = neighbour.basis if neighbour else "score"
    gaps = _gap_lines(result.above, "just above", study)
    gaps += _gap_lines(result.below, "just below", study)
    if gaps:
        lines += [*gaps, ""]
    lines += [
        "Score range in brackets: plausible low–high."
        f" {fmt.CONTRIBUTION_HEADERS[method]}: {result.ranking.contributions_note};"
        f" {fmt.gap_basis(basis)}."
        f" {weights_note(study, result.ranking.weights, result.ranking.method)}",
        "",
    ]
    return "\n".join(lines)


def info(study: Study, weights: Weights) -> str:
    lines = [f"### {cell(study.title)}", ""]
    if study.spec.question:
        lines += [f"**Question:** {cell(study.spec.question)}", ""]
    for key, source in study.spec.sources.items():
        authors = ", ".join(source.authors)
        bits = [
            b for b in (authors, f"“{source.title}”", source.publisher, str(source.date or "")) if b
        ]
        lines.append(f"- `{key}`: {cell(', '.join(bits))}")
    if study.spec.sources:
        lines.append("")
    lines += table(
        ["Criterion", "Name", "Direction", "Scale", f"Weight ({weights.profile})", "Description"],
        "llllrl",
        (
            [
                f"`{key}`",
                c.name,
                fmt.direction(c),
                fmt.scale(c),
                fmt.percent(weights.normalised[key]),
                c.description,
            ]
            for key, c in study.criteria.items()
        ),
    )
    lines.append("")
    if study.profiles:
        lines += table(
            ["Profile", "Name", "Description"],
            "lll",
            ([f"`{key}`", p.name, p.spec.description] for key, p in study.profiles.items()),
        )
        lines.append("")
    if study.scenarios:
        lines += table(
            ["Scenario", "Name", "Probability", "Overrides", "Profile"],
            "llrrl",
            (
                [
                    f"`{key}`",
                    s.name,
                    fmt.probability(s.spec.probability),
                    sum(len(o) for o in s.spec.scores.values()),
                    s.spec.weights or "",
                ]
                for key, s in study.scenarios.items()
            ),
        )
        lines.append("")
    return "\n".join(lines)


def comparison(result: MethodComparison) -> str:
    study = result.study
    ranks = result.ranks()
    methods = result.methods
    lines = [f"### {cell(study.title)}: rank under each method", ""]
    lines += table(
        ["Option", *methods],
        "l" + "r" * len(methods),
        (
            [f"{study.options[key].title} (`{key}`)", *(ranks[key][m] for m in methods)]
            for key in result.options
        ),
    )
    taus = result.kendall_tau()
    lines += ["", fmt.agreement_sentence(result.top()), "", "Kendall's tau-b between methods:", ""]
    lines += table(
        ["", *methods],
        "l" + "r" * len(methods),
        ([a, *(fmt.tau(taus[a][b]) for b in methods)] for a in methods),
    )
    lines += ["", weights_note(study, result.weights, methods[0]).split(" Method:")[0], ""]
    return "\n".join(lines)
