"""The bottom line in plain words: three short sentences, names not ids, the likelihood
word of :mod:`policy_options.core.likelihood` bound to the number it says."""

from __future__ import annotations

from dataclasses import dataclass

from policy_options.core.bottom_line import BottomLine, Change, bottom_line
from policy_options.core.brief import Brief
from policy_options.core.likelihood import likelihood
from policy_options.core.study.files.model import Study
from policy_options.render import fmt
from policy_options.render.views.verdict import ordinal


@dataclass(frozen=True)
class Words:
    what: str  # what we recommend
    sure: str  # how sure we are
    change: str  # what would change it
    changes: tuple[str, ...]  # every thing that would change it, nearest first
    warnings: tuple[str, ...]  # where the model disagrees with the source, by option
    line: BottomLine


def title(study: Study, option: str) -> str:
    return study.options[option].title


def _reference(study: Study, key: str) -> str:
    return f"the status quo ({title(study, key)})"


def what(line: BottomLine, brief: Brief) -> str:
    study = brief.study
    if line.package:
        if not line.options:
            keep = _reference(study, line.reference) if line.reference else "the status quo"
            return f"We recommend no new measure within the budget: keep {keep}."
        names = fmt.and_list([title(study, key) for key in line.options])
        count = fmt.plural(len(line.options), "measure")
        text = f"We recommend a package of {count} within the budget: {names}"
        if line.reference:
            text += f", over {_reference(study, line.reference)}"
        return text + "."
    if line.keeps_reference:
        return f"We recommend keeping {_reference(study, line.options[0])}: no option beats it."
    names = fmt.and_list([title(study, key) for key in line.options])
    tie = " (tied)" if len(line.options) > 1 else ""
    text = f"We recommend {names}{tie}"
    if line.reference:
        text += f", over {_reference(study, line.reference)}"
    return text + "."


def sure(line: BottomLine) -> str:
    if line.share is None:
        return "How sure we are is not measured here (no random draws of the weights)."
    subject = "this exact package" if line.package else "it"
    return (
        f"It is {likelihood(line.share)} ({fmt.percent(line.share)} of {line.samples:,}"
        f" random draws of the weights and uncertain scores) that {subject} stays the best"
        " choice."
    )


def change_text(change: Change, brief: Brief) -> str:
    study = brief.study
    names = {key: c.name for key, c in study.criteria.items()}
    if change.kind == "weight":
        assert change.criterion
        assert change.option
        assert change.now is not None
        assert change.at is not None
        way = "fell below" if change.at < change.now else "rose above"
        return (
            f"if the weight of {names[change.criterion]} {way} {fmt.percent(change.at)}"
            f" (now {fmt.percent(change.now)}), {title(study, change.option)} would lead"
        )
    if change.kind == "score":
        assert change.criterion
        assert change.option
        assert change.added
        scale = study.criteria[change.criterion]
        unit = f" {scale.unit}" if getattr(scale, "unit", None) else ""
        return (
            f"if {title(study, change.added[0])} scored {change.at:g}{unit} on"
            f" {names[change.criterion]} (scored {change.now:g}), the low or high end of its"
            f" range, {title(study, change.option)} would lead"
        )
    if change.kind == "future":
        assert change.option
        assert change.scenario
        assert brief.scenarios is not None
        future = next(c.name for c in brief.scenarios.scenarios if c.id == change.scenario)
        return f"in the future “{future}”, {title(study, change.option)} would lead"
    if change.kind == "member":
        assert change.option
        assert change.now is not None
        return (
            f"{title(study, change.option)} is the least certain member: it is in the best"
            f" package in {fmt.percent(change.now)} of the draws ({likelihood(change.now)})"
        )
    if change.kind == "runner":
        assert change.now is not None
        dropped = [title(study, key) for key in (change.option or "").split(",") if key]
        swap = []
        if dropped:
            swap.append("drops " + fmt.and_list(dropped))
        if change.added:
            swap.append("adds " + fmt.and_list([title(study, k) for k in change.added]))
        return (
            f"the next best package, {fmt.points(change.now)} points behind,"
            f" {' and '.join(swap) or 'differs'}"
        )
    assert change.criterion
    assert change.now is not None
    assert change.at is not None
    resource = study.spec.resources[change.criterion]
    unit = f" {resource.unit}" if resource.unit else ""
    added = fmt.and_list([title(study, key) for key in change.added]) or "more"
    return (
        f"with {resource.name} of {fmt.amount(change.at)}{unit} (now"
        f" {fmt.amount(change.now)}), the best package would add {added}"
    )


def words(brief: Brief) -> Words:
    line = bottom_line(brief)
    changes = tuple(_sentence(change_text(c, brief)) for c in line.changes)
    if changes:
        change = "What would change it: " + change_text(line.changes[0], brief) + "."
    else:
        change = "No single weight, uncertain score or future we tried changes it."
    return Words(what(line, brief), sure(line), change, changes, warnings(brief), line)


def warnings(brief: Brief) -> tuple[str, ...]:
    """'The model disagrees with the source on “X”: the source recommends it, the model
    ranks it 9th of 14.' for each warning of the verdict check."""
    check = brief.verdict
    if check is None:
        return ()
    found = []
    for finding in check.warnings:
        stance = (finding.stance or "").replace("_", " ")
        if finding.kind == "nothing_to_depart":
            continue
        if finding.kind == "best_package":
            verdict = "the model puts it in the best package"
        elif finding.kind.startswith("rule:"):
            rule = finding.kind.partition(":")[2].replace("_", " ")
            verdict = f"the {rule} rule across the futures chooses it"
        elif finding.kind == "prim_box":
            verdict = "the model makes it the winner of a scenario-discovery box"
        elif finding.kind == "below_reference":
            verdict = "the model puts it below the status quo"
        else:
            verdict = f"the model ranks it {ordinal(finding.rank)} of {finding.of}"
        found.append(
            f"The model disagrees with the source on {title(brief.study, finding.option)}:"
            f" the source calls it {stance}, but {verdict}."
        )
    return tuple(found)


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."
