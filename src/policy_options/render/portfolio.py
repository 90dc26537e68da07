"""``policy portfolio`` as JSON, CSV and Markdown (pure: the result in, text out)."""

from __future__ import annotations

import csv as csvlib
import io
from collections.abc import Sequence
from typing import Any

from policy_options.core.portfolio.model import Package, Portfolio
from policy_options.core.study.files.model import Resource
from policy_options.render import fmt
from policy_options.render.jsonout import _weights, dumps
from policy_options.render.views import common
from policy_options.render.writers.markdown import cell as escape
from policy_options.render.writers.markdown import inline

exact = fmt.exact


def points(x: float) -> float:
    """A 0..1-of-the-weights value as points (x 100), for machine-readable output."""
    return exact(x * 100)


amount = fmt.amount


def _named(resource: Resource) -> str:
    """'U.S. funding ($ millions)'; the name alone when the resource has no unit."""
    return f"{resource.name} ({resource.unit})" if resource.unit else resource.name


def changes(options: Sequence[str], reference: Sequence[str]) -> list[str]:
    """['+trophy-aps', '−counter-drone']: the options added to ``reference``, then those
    dropped (each in the order given: ids are sorted)."""
    return [f"+{o}" for o in options if o not in reference] + [
        f"−{o}" for o in reference if o not in options
    ]


def difference(package: Package, best: Package) -> str:
    """'+trophy-aps −counter-drone': how a package differs from the best one."""
    return " ".join(changes(package.options, best.options)) or "(same options)"


def _package(package: Package) -> dict[str, Any]:
    return {
        "options": list(package.options),
        "value": points(package.value),
        "values": {key: points(v) for key, v in package.values.items()},
        "costs": {key: exact(c) for key, c in package.costs.items()},
        "interactions": [
            {"options": list(i.options), "criterion": i.criterion, "value": exact(i.value)}
            for i in package.interactions
        ],
    }


def json(result: Portfolio) -> str:
    best = result.best
    document: dict[str, Any] = {
        "study": result.study.title,
        "method": result.method,
        **_weights(result.weights),
        "budget": {key: exact(limit) for key, limit in result.budget.items()},
        "constraints": {
            "require": list(result.required),
            "forbid": list(result.forbidden),
            "size_max": result.size_max,
        },
        "engine": result.engine,
        "feasible_packages": result.feasible_count,
        "best": {
            **_package(best),
            "binding": list(result.binding),
            "constraining": None if result.constraining is None else list(result.constraining),
            "size_binding": result.size_binding,
        },
        "ties": [_package(p) for p in result.ties],
        "runners_up": [
            {**_package(p), "gap": points(best.value - p.value)} for p in result.runners_up
        ],
        "frontier_resource": result.frontier_resource,
        "frontier_skipped": result.frontier_skipped,
        "frontier": [
            {
                "budget": exact(point.budget),
                "options": list(point.package.options),
                "value": points(point.package.value),
                "cost": exact(point.cost),
            }
            for point in result.frontier
        ],
    }
    rob = result.robustness
    if rob is not None:
        document["robustness"] = {
            "samples": rob.samples,
            "seed": rob.seed,
            "weight_model": rob.weight_model.value,
            "concentration": None if rob.concentration is None else exact(rob.concentration),
            "uncertain_scores": rob.uncertain_scores,
            "engine": rob.engine,
            "core_index": {key: exact(p) for key, p in rob.core_index.items()},
            "class": {key: result.core_class(key) for key in rob.core_index},
            "best_stays": exact(rob.best_stays),
        }
    return dumps(document)


def csv(result: Portfolio) -> str:
    """One row per option: in the best package?, its added value, costs, core index."""
    model_costs = {key: o.spec.costs for key, o in result.study.options.items()}
    resources = list(result.budget)
    buffer = io.StringIO()
    writer = csvlib.writer(buffer, lineterminator="\n")
    header = ["option", "title", "in_best", "points_alone", *[f"cost_{r}" for r in resources]]
    if result.robustness is not None:
        header += ["core_index", "class"]
    writer.writerow(header)
    for key, option in result.study.options.items():
        row: list[object] = [
            key,
            option.title,
            int(key in result.best.options),
            points(result.option_values[key]),
            *[exact(model_costs[key].get(r, 0.0)) for r in resources],
        ]
        if result.robustness is not None:
            row += [exact(result.robustness.core_index[key]), result.core_class(key)]
        writer.writerow(row)
    return buffer.getvalue()


def constraints_line(result: Portfolio) -> str:
    parts = []
    for key, limit in result.budget.items():
        resource = result.study.spec.resources[key]
        unit = f" {resource.unit}" if resource.unit else ""
        flag = " (--budget)" if key in result.overridden else ""
        parts.append(f"{resource.name} ≤ {amount(limit)}{unit}{flag}")
    if result.required:
        parts.append("required: " + ", ".join(result.required))
    if result.forbidden:
        parts.append("forbidden: " + ", ".join(result.forbidden))
    if result.size_max is not None:
        parts.append(f"at most {fmt.plural(result.size_max, 'option')}")
    return "; ".join(parts) or "no budget (the study declares no resources)"


def empty_line(result: Portfolio) -> str:
    """Why the best package is empty."""
    if result.only_empty:
        return "No option fits: the only feasible package is the empty one."
    return "No option adds value under these weights: the best package is the empty one."


def engine_line(result: Portfolio) -> str:
    n = len(result.study.options)
    if result.engine == "enumeration":
        return (
            f"exact: all {2**n:,} packages of {n} options enumerated,"
            f" {result.feasible_count:,} feasible"
        )
    if result.engine == "search":
        return (
            f"exact: meet-in-the-middle search over {n} options,"
            f" {result.scored:,} of {2**n:,} packages scored within the bound"
        )
    return f"exact: 0-1 integer program over {n} options (HiGHS)"


def robustness_line(result: Portfolio) -> str:
    rob = result.robustness
    assert rob is not None
    scores = (
        f"{fmt.plural(rob.uncertain_scores, 'ranged score')} drawn"
        if rob.uncertain_scores
        else "scores fixed"
    )
    text = (
        f"{rob.samples:,} samples, seed {rob.seed}, weights {rob.weight_model.value}, {scores};"
        f" the base package stays best in {fmt.percent(rob.best_stays)}"
    )
    if rob.engine == "milp":
        text += f"; {rob.samples:,} integer programs solved in {rob.seconds:.1f} s"
    return text


def _more(result: Portfolio, key: str) -> str:
    if result.constraining is None:
        return "not computed"
    return "yes" if key in result.constraining else "no"


FRONTIER_SKIPPED = (
    "Frontier not traced: above 25 options each point takes two integer programs;"
    " ask for it with --frontier RESOURCE."
)


def markdown(result: Portfolio) -> str:
    study = result.study
    best = result.best
    titles = {key: o.title for key, o in study.options.items()}
    lines = [
        f"# Best package: {escape(study.title)}",
        "",
        f"Constraints: {escape(constraints_line(result))}. Method: additive, value in points"
        f" of the weights ({escape(result.weights.label)}); {escape(engine_line(result))}.",
        "",
    ]
    if not best.options:
        lines += [f"**{empty_line(result)}**", ""]
    lines += [
        f"**Value {fmt.points(best.value)}** with {fmt.plural(len(best.options), 'option')}:",
        "",
    ]
    lines += ["| Option | Id |", "|---|---|"]
    lines += [f"| {escape(titles[key])} | `{key}` |" for key in best.options]
    lines += ["", "| Criterion | Points |", "|---|---:|"]
    lines += [
        f"| {escape(study.criteria[key].name)} | {fmt.points(v)} |"
        for key, v in best.values.items()
    ]
    if result.budget:
        lines += [
            "",
            "| Resource | Cost | Limit | At its limit | More would raise the value |",
            "|---|---:|---:|---|---|",
        ]
        for key, limit in result.budget.items():
            resource = study.spec.resources[key]
            lines.append(
                f"| {escape(_named(resource))} |"
                f" {amount(best.costs[key])} | {amount(limit)} |"
                f" {'yes' if key in result.binding else 'no'} |"
                f" {_more(result, key)} |"
            )
    if result.size_binding:
        lines += ["", f"The size limit ({result.size_max}) binds."]
    if best.interactions:
        lines += ["", "Active interactions:", ""]
        lines += [
            f"- `{i.options[0]}` + `{i.options[1]}`: {escape(study.criteria[i.criterion].name)}"
            f" {i.value:+g}"
            for i in best.interactions
        ]
    if result.runners_up:
        lines += [
            "",
            "## Runners-up",
            "",
            "| # | Value | Gap | Differs by |",
            "|---:|---:|---:|---|",
        ]
        lines += [
            f"| {n} | {fmt.points(p.value)} | {fmt.points(best.value - p.value)} |"
            f" {escape(difference(p, best))} |"
            for n, p in enumerate(result.runners_up, start=2)
        ]
    if result.frontier and result.frontier_resource is not None:
        resource = study.spec.resources[result.frontier_resource]
        lines += [
            "",
            f"## Efficient frontier: {escape(_named(resource))}",
            "",
            "| Budget | Value | Best package |",
            "|---:|---:|---|",
        ]
        lines += [
            f"| {amount(point.budget)} | {fmt.points(point.package.value)} |"
            f" {escape(', '.join(point.package.options) or '(none)')} |"
            for point in result.frontier
        ]
    if result.frontier_skipped:
        lines += ["", FRONTIER_SKIPPED]
    if result.robustness is not None:
        rob = result.robustness
        lines += [
            "",
            "## Robustness",
            "",
            escape(robustness_line(result)) + ".",
            "",
            "| Option | Core index | Class |",
            "|---|---:|---|",
        ]
        order = sorted(rob.core_index.items(), key=lambda kv: (-kv[1], kv[0]))
        lines += [
            f"| {escape(titles[key])} | {fmt.percent(p)} | {result.core_class(key)} |"
            for key, p in order
        ]
    lines += ["", inline(common.weights_note(study, result.weights, result.method)), ""]
    return "\n".join(lines)
