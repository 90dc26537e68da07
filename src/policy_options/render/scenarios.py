"""`policy scenarios` and `policy scenarios discover` as JSON, and the sentences their
views (views/scenarios.py, views/discovery.py) and the report share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policy_options.core.futures.regret import RegretAnalysis
from policy_options.render import fmt
from policy_options.render.fmt import exact
from policy_options.render.jsontext import dumps

if TYPE_CHECKING:  # discovery imports numpy: only its types are needed here
    from policy_options.core.futures.discovery import Box, Discovery, Limit

RULE_NAMES = {
    "minimax_regret": "minimax regret",
    "expected": "expected value",
    "maximin": "maximin",
}


def best_share(result: RegretAnalysis, option: str) -> float:
    """The share of the futures (base study included) in which ``option`` is best (its
    regret 0 within 1e-9), each weighed by its probability when every one has one."""
    row = next(o for o in result.options if o.option == option)
    weighed = all(c.probability is not None for c in result.scenarios)
    total = 0.0
    for column in result.scenarios:
        weight = (column.probability or 0.0) if weighed else 1 / len(result.scenarios)
        if row.regret[column.id] <= 1e-9:
            total += weight
    return min(1.0, total)


def best_in_futures(result: RegretAnalysis) -> str:
    """'status-quo is the best choice in 20.0% of the futures: very unlikely; ...': each
    rule's choice, with the ICD 203 word of :mod:`policy_options.core.likelihood`."""
    weighed = all(c.probability is not None for c in result.scenarios)
    chosen = list(dict.fromkeys(key for ids in result.rules.values() for key in ids))
    parts = []
    for key in chosen:
        share = best_share(result, key)
        parts.append(f"{key} {fmt.likely(share)}")
    weighing = " (weighed by their probabilities)" if weighed else ""
    return (
        f"How often each rule's choice is the best option in a future, as a share of the"
        f" futures{weighing}: " + "; ".join(parts) + "."
    )


def rules_sentence(result: RegretAnalysis) -> str:
    """One sentence: do minimax regret, expected value and maximin choose alike?"""
    rules = result.rules
    names = [RULE_NAMES[key] for key in rules]
    if result.agree:
        choice = fmt.and_list(next(iter(rules.values())))
        listed = fmt.and_list(names)
        every = "Both" if len(names) == 2 else "All three"
        return f"The rules agree: {every} rules ({listed}) choose {choice}."
    parts = [f"{RULE_NAMES[key]} chooses {fmt.and_list(ids)}" for key, ids in rules.items()]
    return "The rules disagree: " + "; ".join(parts) + "."


def reference_text(result: RegretAnalysis) -> str:
    """'status-quo is the study's reference: doing nothing new; it counts as a possible
    choice (minimax regret chooses it).' or '' without a reference."""
    key = result.reference
    if key is None:
        return ""
    text = f"{key} is the study's reference: doing nothing new; it counts as a possible choice"
    rules = [RULE_NAMES[rule] for rule, ids in result.rules.items() if key in ids]
    if rules:
        text += f" ({fmt.and_list(rules)} {'chooses' if len(rules) == 1 else 'choose'} it)"
    return text + "."


def red_line_text(result: RegretAnalysis) -> str:
    """One sentence per chosen option that fails a red line, naming the rules that choose
    it, the criteria and the scenarios; '' when no choice fails one."""
    sentences = []
    for key, where in result.failing_choices().items():
        rules = [RULE_NAMES[rule] for rule, ids in result.rules.items() if key in ids]
        criteria = sorted({c for failed in where.values() for c in failed})
        names = [result.study.all_criteria[c].name for c in criteria]
        sentences.append(
            f"{fmt.and_list(rules)} {'chooses' if len(rules) == 1 else 'choose'} {key}, which"
            f" fails the red line on {fmt.and_list(names)} (in {fmt.and_list(list(where))})."
        )
    return " ".join(sentences)


def probability_text(result: RegretAnalysis) -> str:
    columns = result.scenarios
    if all(c.probability is None for c in columns):
        return "No probabilities given: no expected scores."
    if any(c.probability is None for c in columns):
        missing = [c.id for c in columns[1:] if c.probability is None]
        return (
            "Expected scores need a probability on every scenario; none on "
            + ", ".join(missing)
            + "."
        )
    shares = ", ".join(f"{c.id} {fmt.percent(c.probability or 0.0)}" for c in columns)
    return f"Probabilities: {shares} (base takes the rest)."


def weights_text(result: RegretAnalysis) -> str:
    base = result.scenarios[0].weights
    text = f"Weights: {base.label}"
    own = [c for c in result.scenarios[1:] if c.weights.label != base.label]
    if own:
        text += "; " + ", ".join(
            f"{c.id} ranks under its own profile {c.weights.label}" for c in own
        )
    return text + f". Method: {result.method}."


READING = (
    "Regret: the best score in that scenario minus the option's, in points (0 = the best"
    " choice for that future). Max and mean regret across the scenarios; expected:"
    " probability-weighted score; worst: the lowest score in any scenario."
)


def satisfice_text(result: RegretAnalysis) -> str:
    if result.satisfice is None:
        return ""
    return (
        f" Satisficed: in how many of the {fmt.plural(len(result.scenarios), 'scenario')}"
        " the option"
        f" scores at least {fmt.points(result.satisfice)} and fails no criterion's threshold."
    )


def regret_json(result: RegretAnalysis) -> str:
    return dumps(
        {
            "study": result.study.title,
            "method": result.method,
            "profile": result.weights.profile,
            "satisfice": None if result.satisfice is None else exact(result.satisfice),
            "scenarios": [
                {
                    "name": c.id,
                    "title": c.name,
                    "probability": None if c.probability is None else exact(c.probability),
                    "profile": c.weights.profile,
                }
                for c in result.scenarios
            ],
            "options": [
                {
                    "option": o.option,
                    "scores": {s: exact(v) for s, v in o.scores.items()},
                    "ranks": dict(o.ranks),
                    "regret": {s: exact(v) for s, v in o.regret.items()},
                    "max_regret": exact(o.max_regret),
                    "mean_regret": exact(o.mean_regret),
                    "expected": None if o.expected is None else exact(o.expected),
                    "worst": exact(o.worst),
                    "satisficed": o.satisficed,
                    "fails": {s: list(c) for s, c in o.fails.items()},
                }
                for o in result.options
            ],
            "choices": {
                "minimax_regret": list(result.minimax_regret),
                "expected": None if result.expected is None else list(result.expected),
                "maximin": list(result.maximin),
            },
            "agree": result.agree,
            "reference": result.reference,
        }
    )


# --- discovery -----------------------------------------------------------------------------


def limit_text(limit: Limit, result: Discovery) -> str:
    """One box edge in words: 'the deterrence weight is above 31.2%'."""
    kind, _, rest = limit.dimension.partition(":")
    if kind == "scenario":
        return "the scenario is " + " or ".join(limit.values)
    if kind == "weight":
        subject = f"the {rest} weight"

        def show(x: float) -> str:
            return fmt.percent(x)
    else:
        option, _, criterion = rest.partition(":")
        subject = f"{fmt.possessive(option)} {criterion} score"
        spec = result.study.criteria[criterion]

        def show(x: float) -> str:  # three significant digits, never 1.23e+03
            return fmt.with_unit(float(f"{x:.3g}"), spec)

    if limit.low is not None and limit.high is not None:
        text = f"{subject} is between {show(limit.low)} and {show(limit.high)}"
    elif limit.low is not None:
        text = f"{subject} is above {show(limit.low)}"
    else:
        assert limit.high is not None
        text = f"{subject} is below {show(limit.high)}"
    if limit.in_scenario is None and limit.scenario is not None and limit.elsewhere is not None:
        elsewhere = show(limit.elsewhere)
        return f"{text} (it varies only in scenario {limit.scenario}; elsewhere {elsewhere})"
    return text


def box_sentence(box: Box, result: Discovery, index: int) -> str:
    """'us-eu-mediation loses first place in 81% of the samples where ...; these hold 64%'."""
    where = fmt.and_list([limit_text(limit, result) for limit in box.limits])
    others = " (outside the earlier boxes)" if index > 0 else ""
    return (
        f"{result.option} loses first place in {fmt.percent(box.density)} of the samples"
        f"{others} where{scenario_clause(box)} {where}; these hold"
        f" {fmt.percent(box.coverage)} of all its losses."
    )


def scenario_clause(box: Box) -> str:
    """', in scenario storm (the only one where x's b score varies),' for a box whose limit
    on a score leaves out the value that score has in every other future; else ''."""
    confined = [limit for limit in box.limits if limit.in_scenario is not None]
    if not confined:
        return ""
    scenarios = sorted({str(limit.in_scenario) for limit in confined})
    scores = fmt.and_list([_score_subject(limit.dimension) for limit in confined])
    varies = "varies" if len(confined) == 1 else "vary"
    if len(scenarios) > 1:  # an empty box: no sample lies in two futures at once
        return f", in scenarios {' and '.join(scenarios)} at once ({scores} {varies} only there),"
    return f", in scenario {scenarios[0]} (the only one where {scores} {varies}),"


def _score_subject(dimension: str) -> str:
    option, _, criterion = dimension.partition(":")[2].partition(":")
    return f"{fmt.possessive(option)} {criterion} score"


def discovery_summary(result: Discovery) -> str:
    """What PRIM found, then how likely the option stays first, in ICD 203's word."""
    head = (
        f"{result.option} loses first place in {fmt.percent(result.failure_rate)} of"
        f" {result.samples:,} samples"
    )
    stays = f" That it stays first is {fmt.likely(1 - result.failure_rate)}."
    if not result.boxes:
        if result.failure_rate == 0:
            return head + ": nothing to explain." + stays
        if result.failure_rate == 1:
            return head + ": it never comes first, so there is no region where it wins." + stays
        return head + ": no box holds its losses much better than the whole space does." + stays
    return head + "." + stays


def settings_text(result: Discovery) -> str:
    dims = fmt.plural(len(result.dimensions), "dimension")
    profile = result.weights.label
    if result.weight_model == "profile":
        weights = f"Dirichlet around {profile}, K = {result.concentration:g}"
    elif result.weight_model == "ordinal":
        weights = f"any that keep the order of {profile}"
    else:
        weights = f"uniform over the criteria {profile} weighs"
    futures = ""
    if len(result.scenario_probabilities) > 1:
        shares = ", ".join(f"{s} {fmt.percent(p)}" for s, p in result.scenario_probabilities)
        futures = f" and the scenario ({shares})"
    return (
        f"Sampled {dims}: weights ({weights}),"
        f" {fmt.plural(result.uncertain_scores, 'score')} with a range (triangular){futures}."
        f" Method: {result.method}. Seed {result.seed}."
        " Boxes: PRIM peeling and pasting (Friedman & Fisher 1999); coverage = share of"
        " all losses inside the box, density = share of the box's samples that are losses."
    )


def _limit(limit: Limit) -> dict[str, Any]:
    found: dict[str, Any] = {
        "dimension": limit.dimension,
        "low": None if limit.low is None else exact(limit.low),
        "high": None if limit.high is None else exact(limit.high),
    }
    if limit.dimension == "scenario":
        found["values"] = list(limit.values)
    if limit.scenario is not None and limit.elsewhere is not None:
        found["varies_only_in"] = limit.scenario
        found["elsewhere"] = exact(limit.elsewhere)
        found["in_scenario"] = limit.in_scenario
    return found


def discovery_json(result: Discovery) -> str:
    return dumps(
        {
            "study": result.study.title,
            "option": result.option,
            "method": result.method,
            "profile": result.weights.profile,
            "weight_model": result.weight_model,
            "concentration": result.concentration,
            "samples": result.samples,
            "seed": result.seed,
            "failure_rate": exact(result.failure_rate),
            "dimensions": list(result.dimensions),
            "scenarios": {s: exact(p) for s, p in result.scenario_probabilities},
            "boxes": [
                {
                    "coverage": exact(box.coverage),
                    "density": exact(box.density),
                    "limits": [_limit(limit) for limit in box.limits],
                    "sentence": box_sentence(box, result, i),
                }
                for i, box in enumerate(result.boxes)
            ],
        }
    )
