"""The words of the brief: the summary generated from the numbers, reading guides, escaping."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from policy_options.core.brief import Brief
from policy_options.core.methods import SUMMARIES
from policy_options.core.ranking.explain import Explanation
from policy_options.core.study.files.model import Source, Study
from policy_options.core.uncertainty.settings import WeightModel
from policy_options.render import fmt
from policy_options.render.portfolio import changes
from policy_options.render.sensitivity import (
    stability_summary,
    tornado_verdict,
    weight_model_text,
)

GUIDES: dict[str, tuple[str, str]] = {
    "ranking": (
        "Scores and what makes them",
        "Each bar is an option's score out of 100, best on top; its coloured segments are"
        " what each criterion adds (weight × value under the additive method). Options"
        " marked in red fail a criterion's threshold.",
    ),
    "acceptability": (
        "Rank acceptability under uncertainty",
        "Each row is an option, each column a rank: a cell is the share of the Monte Carlo"
        " samples of weights (and of uncertain scores) that put the option at that rank. A"
        " dark cell at rank 1 marks an option that wins whatever the weights; a row spread"
        " over many ranks marks one whose place depends on them.",
    ),
    "stability": (
        "How far each weight can move",
        "Each row moves one criterion's weight from 0% to 100% while the others keep their"
        " ratios: the coloured part is where the top option stays on top, the black tick the"
        " weight now, and the labels name the option that takes over beyond each end. A"
        " coloured part that ends close to the tick is a weight worth debating.",
    ),
    "tornado": (
        "Which uncertain scores matter",
        "Each bar moves one uncertain score to the low and to the high end of its range,"
        " everything else as given, and spans the leader's lead over the runner-up at those"
        " ends (dashed: the lead as given). A bar that crosses the red line at 0 is a"
        " judgement that, if wrong, changes the top option.",
    ),
    "profiles": (
        "Whose priorities count",
        "Each line follows one option's rank (1 at the top) across the study's weight"
        " profiles. Flat lines mean the ranking does not depend on whose priorities count;"
        " the black line is the robust choice, the option whose worst rank is best.",
    ),
    "value": (
        "What each uncertain input is worth finding out",
        "Each bar is what knowing one uncertain input (or a group of them) before choosing"
        " would add, on average, to the score of the option chosen, in points out of 100; the"
        " dashed line is what knowing all of them would add (EVPI). Pale bars are within the"
        " Monte Carlo error: on this evidence, not worth finding out.",
    ),
    "frontier": (
        "What more budget buys",
        "Each step is the best package the budget of the first resource can buy, the other"
        " budgets as in the study: its value is the options' added value under the weights,"
        " in points. Long flat stretches are budget that buys nothing more; the dashed line"
        " is the budget the study sets.",
    ),
    "scenarios": (
        "Scores in other futures",
        "Each row is an option, each marker its score in one future: the black dot the"
        " base study, the open shapes the study's scenarios. A long grey line is an option"
        " whose value depends on which future comes; the option in bold has the smallest"
        " worst regret (the most it can fall short of the best option in any future).",
    ),
}


def missing(kind: str, brief: Brief) -> str:
    """Why a chart has no result to draw."""
    if kind == "tornado":
        return "The study has a single option: there is no runner-up to compare the leader with."
    return f"No {kind} result."


def quoted(title: str) -> str:
    return f"“{title}”"


def option_name(study: Study, option: str) -> str:
    """'“Title” (id)'."""
    return f"{quoted(study.options[option].title)} ({option})"


def summary(brief: Brief) -> str:
    """One paragraph in plain words, every number from the brief's results."""
    study, ranking = brief.study, brief.ranking
    rows = ranking.rows
    leaders = [row for row in rows if row.rank == 1]
    others = [row for row in rows if row.rank != 1]
    lead = (
        f"With the {brief.weights.name} weights ({brief.weights.label}) and the"
        f" {brief.method} method"
    )
    names = fmt.and_list([option_name(study, row.option) for row in leaders])
    if len(leaders) == 1:
        sentences = [f"{lead}, {names} ranks first with {fmt.points(leaders[0].score)} out of 100"]
    else:
        sentences = [
            f"{lead}, {names} tie for first with {fmt.points(leaders[0].score)} out of 100"
        ]
    if others:
        runner = others[0]
        sentences[0] += (
            f", {(leaders[0].score - runner.score) * 100:.1f} points ahead of"
            f" {option_name(study, runner.option)}."
        )
    else:
        sentences[0] += "; there is no other option."
    if brief.portfolio is not None:  # else the bottom line has said these of the leader
        sentences.append(_uncertainty(brief, leaders[0].option))
        sentences.append(stability_summary(brief.stability))
        if brief.tornado is not None:
            sentences.append(tornado_verdict(brief.tornado))
    profiles = brief.profiles
    robust = profiles.robust
    count = len(profiles.rankings)
    sentences.append(
        f"Across {fmt.plural(count, 'weight profile')}, the robust choice (the option whose"
        f" worst rank is best) is {option_name(study, robust.option)}: never below rank"
        f" {robust.worst}."
    )
    if brief.scenarios is not None:
        sentences.append(_futures(brief))
    return " ".join(sentences)


def _futures(brief: Brief) -> str:
    """What the decision rules choose across the base study and its scenarios."""
    from policy_options.render.scenarios import RULE_NAMES

    result = brief.scenarios
    assert result is not None
    parts = "; ".join(
        f"{RULE_NAMES[key]} chooses {fmt.and_list(list(ids))}" for key, ids in result.rules.items()
    )
    verdict = "the decision rules agree" if result.agree else "the decision rules disagree"
    futures = fmt.plural(len(result.scenarios) - 1, "scenario")
    return f"Across the base study and its {futures}, {verdict} ({parts})."


def _uncertainty(brief: Brief, top: str) -> str:
    result = brief.acceptability
    shares = {row.option: row.first for row in result.options}
    best = max(result.options, key=lambda row: (row.first, -row.base_rank))
    scores = "; uncertain scores drawn from their ranges" if result.score_uncertainty else ""
    text = (
        f"When the weights are drawn at random ({result.samples:,} samples,"
        f" {_model(result.weight_model)}{scores}), {top} comes first in"
        f" {fmt.percent(shares[top])} of them"
    )
    if best.option != top and best.first > shares[top]:
        return text + f", less often than {best.option} ({fmt.percent(best.first)})."
    return text + ", more often than any other option."


def _model(model: WeightModel) -> str:
    return {
        WeightModel.uniform: "uniform over all weights",
        WeightModel.profile: "around the profile's weights",
        WeightModel.ordinal: "keeping the profile's order of criteria",
    }[model]


def weights_line(brief: Brief) -> str:
    return ", ".join(
        f"{brief.study.criteria[key].name} {fmt.percent(w)}"
        for key, w in brief.weights.normalised.items()
    )


def method_line(brief: Brief) -> str:
    return f"{brief.method}: {SUMMARIES[brief.method]}"


def montecarlo_line(brief: Brief) -> str:
    result = brief.acceptability
    scores = (
        f"{fmt.plural(result.uncertain_scores, 'uncertain score')} drawn from triangular"
        " distributions"
        if result.score_uncertainty
        else "scores fixed"
    )
    return (
        f"{result.samples:,} samples, seed {result.seed}; weights {weight_model_text(result)};"
        f" {scores}."
    )


def reference(source: Source) -> str:
    """A full reference: authors, title, publisher, date, and the address without its
    scheme (printed, not linked: the brief requests nothing, not even on a click)."""
    parts = []
    if source.authors:
        parts.append(fmt.and_list(list(source.authors)))
    parts.append(quoted(source.title))
    if source.publisher:
        parts.append(source.publisher)
    if source.date:
        parts.append(str(source.date))
    text = ", ".join(parts) + "."
    if source.url:
        text += " Online: " + re.sub(r"^[a-z][a-z0-9+.-]*://", "", source.url, flags=re.I)
    return text


def paragraph(brief: Brief, option: str, criterion: str | None = None) -> str:
    """Where a quote is in its source for the report: '¶ 12', 'p. 3', 'not found in the
    source', or '' when the source's text was not read."""
    if brief.provenance is None:
        return ""
    checked = brief.provenance.quote(option, criterion)
    if checked is None or checked.match is None:
        return ""
    match = checked.match
    if not match.found:
        return "not found in the source"
    return f"p. {match.page}" if match.page is not None else f"¶ {match.paragraph}"


def top_lines(explanation: Explanation) -> list[Any]:
    """The criteria that add most to an option's score, largest first, with their words."""
    keys = [key for key, _ in explanation.row.top_contributors()]
    lines = {line.criterion: line for line in explanation.lines}
    return [lines[key] for key in keys]


def gap(explanation: Explanation) -> str | None:
    """What puts the option above the next one, in words."""
    below = explanation.below
    if below is None:
        return None
    names = {key: fmt.contribution_name(c) for key, c in explanation.ranking.study.criteria.items()}
    return (
        f"Against {below.other.title} (rank {below.other.rank}): "
        + fmt.gap_sentence(below.margin, below.by_criterion, names)
        + "."
    )


def stance(value: object) -> str:
    return "" if value is None else str(getattr(value, "value", value)).replace("_", " ")


_MARKDOWN = str.maketrans(
    {
        "\\": "\\\\",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
        "[": "\\[",
        "]": "\\]",
        "|": "\\|",
        "<": "&lt;",
        ">": "&gt;",
        "\n": " ",
        "\r": " ",
    }
)


def markdown_escape(value: object) -> object:
    """Jinja2's finalize for Markdown: text from the study can neither open an HTML tag nor
    start emphasis, a link or a table cell; trusted Markup passes through."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return str(value).translate(_MARKDOWN)


def markdown_cell(value: object) -> Markup:
    """A table cell: escaped as :func:`markdown_escape`, never empty."""
    text = markdown_escape(value)
    return Markup(text if str(text).strip() else " ")


def counts(brief: Brief) -> str:
    criteria = len(brief.study.criteria)
    return (
        f"{fmt.plural(len(brief.ranking.rows), 'option')} · {criteria}"
        f" {'criterion' if criteria == 1 else 'criteria'}"
    )


def scenario_rules(brief: Brief) -> str:
    """The rules' choices, then (when they apply) the reference counted as a choice and
    any choice that fails a red line, as `policy scenarios` says them."""
    from policy_options.render.scenarios import red_line_text, reference_text, rules_sentence

    assert brief.scenarios is not None
    parts = [rules_sentence(brief.scenarios), reference_text(brief.scenarios)]
    parts.append(red_line_text(brief.scenarios))
    return " ".join(part for part in parts if part)


def frontier_rows(brief: Brief) -> list[tuple[str, str, str]]:
    """The frontier as (budget, value in points, what changes from the step before)."""
    result = brief.portfolio
    assert result is not None
    rows = []
    previous: tuple[str, ...] = ()
    for point in result.frontier:
        change = changes(point.package.options, previous)
        previous = point.package.options
        rows.append((fmt.amount(point.budget), fmt.points(point.package.value), " ".join(change)))
    return rows


def resource_line(brief: Brief) -> str:
    """'U.S. funding 285 of 500 $ millions over five years; ...': the best package's costs."""
    result = brief.portfolio
    assert result is not None
    parts = []
    for key, limit in result.budget.items():
        spec = brief.study.spec.resources[key]
        unit = f" {spec.unit}" if spec.unit else ""
        parts.append(
            f"{spec.name} {fmt.amount(result.best.costs[key])} of {fmt.amount(limit)}{unit}"
        )
    return "; ".join(parts)


def value_lines(brief: Brief, shown: int = 5) -> list[str]:
    """The value section's sentences: the verdict, then the inputs worth most."""
    from policy_options.render.value_text import input_sentence, value_verdict

    result = brief.value
    if result is None:
        return []
    return [value_verdict(result)] + [
        input_sentence(i, result.packages) for i in result.worth_finding[:shown]
    ]
