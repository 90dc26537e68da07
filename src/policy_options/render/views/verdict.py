"""The verdict check in words: one sentence per finding, the ``validate`` problems it
becomes, ``rank``'s closing line, and the report's section."""

from __future__ import annotations

from policy_options.core.ranking.rank import failures
from policy_options.core.ranking.verdict import Finding, VerdictCheck, top_third
from policy_options.core.study.files.model import Study
from policy_options.core.study.sources.citations import locate_value
from policy_options.errors import Location, Problem
from policy_options.render import fmt

RULE_NAMES = {
    "minimax_regret": "minimax regret",
    "expected": "expected value",
    "maximin": "maximin",
}


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 23 -> '23rd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def model_verdict(finding: Finding, check: VerdictCheck) -> str:
    """What the model did with the option, in a phrase."""
    kind = finding.kind
    placed = f"{ordinal(finding.rank)} of {finding.of}"
    if kind == "top_third":
        return f"the model ranks it {placed}, in the top third (1st to {top_third(finding.of)})"
    if kind.startswith("rule:"):
        rule = RULE_NAMES.get(kind.removeprefix("rule:"), kind.removeprefix("rule:"))
        return f"{rule} chooses it across the scenarios"
    if kind == "best_package":
        return "the model puts it in the best package"
    if kind == "prim_box":
        return "the model makes it the winner of a scenario-discovery box"
    reference = check.ranking.reference
    if kind == "below_reference" and reference is not None and finding.gain is not None:
        return (
            f"the model scores it {fmt.signed_points(finding.gain)} points against the"
            f" reference {reference.option}: worse than doing nothing"
        )
    if kind == "last":
        tied = sum(1 for row in check.ranking.rows if row.rank == finding.rank) - 1
        if tied:
            placed += f", tied with {fmt.plural(tied, 'other')}"
        if reference is not None and reference.rank > finding.rank:
            placed += ", the reference aside"
        return f"the model ranks it last ({placed})"
    return "the model agrees with the source"


def drivers_text(finding: Finding, check: VerdictCheck) -> str:
    """'driven by gain 8 points (+40.0), delay 10 months (+25.0)'; '' without drivers."""
    if not finding.drivers:
        return ""
    criteria = check.ranking.study.criteria
    parts = [
        f"{d.criterion} {fmt.with_unit(d.raw, criteria[d.criterion])} ({fmt.signed_points(d.part)})"
        for d in finding.drivers
    ]
    return "driven by " + ", ".join(parts)


def sentence(finding: Finding, check: VerdictCheck) -> str:
    """One finding, whole: the option, the stance, the model's verdict, what drives it,
    and the analyst's reason when the option departs on purpose."""
    stance = (finding.stance or "").replace("_", " ")
    if finding.kind == "nothing_to_depart":
        return (
            f"{finding.option} says departs: {finding.departs!r}, but the model agrees with"
            f" the source's stance ({stance}): nothing to depart from"
        )
    text = f"{finding.option}: the source's stance is {stance}, but {model_verdict(finding, check)}"
    drivers = drivers_text(finding, check)
    if drivers:
        text += f"; {drivers}"
    if finding.departs:
        text += f" (departs on purpose: {finding.departs!r})"
    return text


def location(finding: Finding, check: VerdictCheck) -> Location:
    """Where to look: the option's ``departs:`` when it has one, else its ``stance:``."""
    option = check.ranking.study.options[finding.option]
    return locate_value(option.file, ("departs",) if finding.departs else ("stance",))


def problems(check: VerdictCheck) -> list[Problem]:
    """The findings as ``policy validate`` lists them: warnings, and notes as notes."""
    return [
        Problem("verdict check: " + sentence(f, check), location(f, check), f.severity)
        for f in check.findings
    ]


def red_lines(study: Study) -> list[Problem]:
    """Each red line an option fails, as a warning at its score."""
    return [
        Problem(
            fmt.red_line(study, key, criterion),
            locate_value(study.options[key].file, ("scores", criterion)),
            "warning",
        )
        for key, failed in failures(study).items()
        for criterion in failed
    ]


def rank_line(check: VerdictCheck) -> str:
    """``policy rank``'s last line: the single warning, or how many and where to see them."""
    warnings = check.warnings
    if not warnings:
        return ""
    if len(warnings) == 1:
        return "verdict check: " + sentence(warnings[0], check)
    return f"verdict check: {fmt.plural(len(warnings), 'warning')} — run policy validate"


def scope(check: VerdictCheck) -> str:
    """What was checked, in a sentence."""
    checked = ["the ranking"]
    if check.rules_checked:
        checked.append("the decision rules across the scenarios")
    if check.package_checked:
        checked.append("the best package")
    if check.boxes_checked:
        checked.append("the scenario-discovery boxes")
    return (
        f"checked {fmt.and_list(checked)}. A rejected or insufficient option should not come"
        " out on top; a recommended one should not fall below the reference or come last."
    )
