"""The sentences of ``policy sensitivity value``: what each input is worth, in words.

Shared by the view (render/views/value.py), the JSON and the report, so all three say
the same thing. Values are 0..1 in the result and points out of 100 here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policy_options.render import fmt

if TYPE_CHECKING:
    from policy_options.core.study.files.model import Study
    from policy_options.core.uncertainty.value import InputValue, ValueOfInformation


def value_points(x: float) -> str:
    """A value of information in points, two decimals: 0.01834 -> '1.83'."""
    return f"{x * 100 + 0.0:.2f}"


def input_label(item: InputValue, study: Study | None = None) -> str:
    """'fms-air-defense · deterrence', 'weight of deterrence', 'all of fms-air-defense's
    scores', 'every deterrence score', 'all the weights'; with ``study``, by names
    (an option's title, a criterion's name), as charts label them."""
    option, criterion = item.option or "", item.criterion or ""
    if study is not None:
        option = study.options[option].title if option in study.options else option
        found = study.all_criteria.get(criterion)
        criterion = found.name if found is not None else criterion
    if item.kind == "score":
        return f"{option} · {criterion}"
    if item.kind == "weight":
        return f"weight of {criterion}"
    if item.kind == "option":
        return f"all of {fmt.possessive(option)} scores ({item.inputs})"
    if item.kind == "criterion":
        return f"every {criterion} score ({item.inputs})"
    return f"all the weights ({item.inputs})"


def _subject(item: InputValue) -> str:
    if item.kind == "score":
        return f"{item.option}'s {item.criterion} score"
    if item.kind == "weight":
        return f"the weight of {item.criterion}"
    if item.kind == "option":
        return f"all {item.inputs} of {item.option}'s uncertain scores"
    if item.kind == "criterion":
        return f"the {item.inputs} uncertain {item.criterion} scores of the options in contention"
    return f"all {item.inputs} weights"


def switch_text(item: InputValue, packages: bool = False) -> str:
    """'6.4 (counter-drone below, fms-air-defense above)'; '' when none."""
    shown = [
        f"{_at(item, s.at)} ({' below, '.join(_sides(s.below, s.above, packages))} above)"
        for s in item.switches
    ]
    return "; ".join(shown)


def _sides(below: str, above: str, packages: bool) -> tuple[str, str]:
    """Two options as they are; two packages by what sets them apart ('with a + b')."""
    if not packages:
        return below, above
    low, high = below.split(" + "), above.split(" + ")

    def only(these: list[str], others: list[str]) -> str:
        found = [key for key in these if key not in others and key != "nothing"]
        return "with " + " + ".join(found) if found else "without the rest"

    return only(low, high), only(high, low)


def _at(item: InputValue, at: float) -> str:
    return fmt.percent(at) if item.kind == "weight" else fmt.raw(round(at, 1))


def input_sentence(item: InputValue, packages: bool = False) -> str:
    """The input's worth in words, or that it is below the Monte Carlo error."""
    subject = _subject(item)
    if not item.above_noise:
        return (
            f"Pinning down {subject} is worth less than the Monte Carlo error"
            f" ({value_points(item.noise)} points): not distinguishable from nothing."
        )
    sentence = (
        f"Pinning down {subject} is worth up to {value_points(item.evppi)} points of expected value"
    )
    if item.kind in ("score", "weight"):
        if item.switches:
            where = fmt.and_list([_at(item, s.at) for s in item.switches])
            below, above = _sides(item.switches[0].below, item.switches[0].above, packages)
            sentence += (
                f"; within its range the choice changes at {where}"
                f" ({below} below, {above} above"
                + (", and so on" if len(item.switches) > 1 else "")
                + ")"
            )
        else:
            sentence += "; within its range the fitted best option does not change"
    return sentence + "."


def value_verdict(result: ValueOfInformation) -> str:
    """The headline: EVPI and how many inputs are worth more than the error."""
    if result.expected_best is None:
        return "The study has no options."
    worth = len(result.worth_finding)
    if not result.inputs:
        fixed = " and the weights are as chosen" if result.weight_model is None else ""
        return (
            f"Nothing is uncertain: no score has a range{fixed},"
            f" so there is nothing to find out ({'the package ' if result.packages else ''}"
            f"{result.expected_best} is best)."
        )
    if len(result.decision) < 2:
        return (
            f"Only {'the package ' if result.packages else ''}{result.expected_best} comes"
            f" first, in every one of the {result.samples:,} samples: knowing any uncertain"
            " input would change nothing."
        )
    return (
        f"Knowing every uncertain input before choosing would be worth"
        f" {value_points(result.evpi)} points of expected score (EVPI; Monte Carlo standard"
        f" error {value_points(result.evpi_se)}) over choosing"
        f" {'the package ' if result.packages else ''}{result.expected_best} now"
        f" (expected {'value' if result.packages else 'score'}"
        f" {fmt.points(result.expected_score)}); "
        + (
            f"{fmt.plural(worth, 'input')} of {len(result.inputs)} {'is' if worth == 1 else 'are'}"
            " worth more than the Monte Carlo error."
            if worth
            else f"none of the {len(result.inputs)} inputs is worth more than the Monte Carlo"
            " error."
        )
    )


def value_method_note(result: ValueOfInformation) -> str:
    """How the numbers were estimated, and what the decision is among."""
    weights = (
        "the weights as chosen"
        if result.weight_model is None
        else f"weights drawn from the {result.weight_model.value} model (each weight an input too)"
    )
    what = "packages that are best" if result.packages else "options that come first"
    limited = (
        f" (the {len(result.decision)} that do most often of the"
        f" {result.first_options} that ever do)"
        if result.decision_limited
        else ""
    )
    return (
        f"{result.samples:,} Monte Carlo samples (seed {result.seed}), {weights}, every"
        " ranged score drawn from its triangular distribution. EVPI = E[max_d V_d] −"
        " max_d E[V_d]; an input's EVPPI replaces the inner V_d by its expected value given"
        " the input, estimated by regression on the same samples (one input: a cubic"
        f" smoothed through {result.bins} equal-probability bins, Sadatsafavi et al. 2013,"
        " Strong & Oakley 2013; a group: an additive quadratic least-squares fit). The"
        f" choice is among the {what} in some sample{limited}; groups take"
        f" {'their members' if result.packages else 'those options'}' scores."
        " Inputs under their noise floor (what the estimator finds in"
        " an input unrelated to any score, or the EVPI's standard error if larger) are"
        " marked as not distinguishable from nothing."
    )
