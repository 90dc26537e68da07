"""``policy portfolio`` as JSON, and the sentences its view shows (views/portfolio.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from policy_options.core.likelihood import likelihood
from policy_options.core.portfolio import SEARCH_FROM
from policy_options.core.portfolio.model import Package, Portfolio
from policy_options.core.study.files.model import Resource
from policy_options.render import fmt
from policy_options.render.jsonout import _weights
from policy_options.render.jsontext import dumps

if TYPE_CHECKING:  # numpy stays out until a command needs it
    from policy_options.core.portfolio.futures import PackageAcross, PortfolioFutures

exact = fmt.exact


def points(x: float) -> float:
    """A 0..1-of-the-weights value as points (x 100), for machine-readable output."""
    return exact(x * 100)


def named(resource: Resource) -> str:
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
        "optimal": result.bound is None,
        "bound": None if result.bound is None else points(result.bound),
        "gap": None if result.gap is None else exact(result.gap),
        "time_limit": result.time_limit,
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
            # core_index is kept for compatibility: it is the share of samples in the best
            # package (best_package_share), not RPM's core index (see "rpm")
            "core_index": {key: exact(p) for key, p in rob.core_index.items()},
            "best_package_share": {key: exact(p) for key, p in rob.core_index.items()},
            "class": {key: result.core_class(key) for key in rob.core_index},
            "best_stays": exact(rob.best_stays),
            "uncertain_costs": rob.uncertain_costs,
            "base_over_budget": exact(rob.base_over_budget),
            "no_package_samples": rob.no_package,
        }
    rpm = result.rpm
    if rpm is not None:
        document["rpm"] = {
            "weight_info": rpm.weight_info,
            "criteria": list(rpm.criteria),
            "extreme_points": rpm.extreme_points,
            "feasible_packages": rpm.feasible,
            "non_dominated_packages": rpm.non_dominated,
            "core_index": {key: exact(p) for key, p in rpm.core_index.items()},
            "class": {key: rpm.core_class(key) for key in rpm.core_index},
        }
    document["reference"] = result.reference
    document["baseline_origin"] = dict(result.baseline_origin)
    document["red_lines"] = {key: list(v) for key, v in result.red_lines.items()}
    document["red_lines_required"] = {key: list(v) for key, v in result.red_lines_required.items()}
    document["factors"] = {key: exact(m) for key, m in result.factors.items()}
    return dumps(document)


def futures_json(result: PortfolioFutures) -> str:
    """``policy portfolio --scenarios`` as JSON (values and regrets in points)."""

    def package(p: PackageAcross) -> dict[str, Any]:
        return {
            "options": list(p.options),
            "values": {key: points(v) for key, v in p.values.items()},
            "regrets": {key: points(v) for key, v in p.regrets.items()},
            "max_regret": points(p.max_regret),
            "worst": points(p.worst),
            "expected": None if p.expected is None else points(p.expected),
        }

    return dumps(
        {
            "study": result.study.title,
            "reference": result.reference,
            "futures": [
                {"id": f.id, "name": f.name, "probability": f.probability, "weights": f.weights}
                for f in result.futures
            ],
            "feasible_packages": result.feasible_count,
            "minimax_regret": package(result.minimax_regret),
            "maximin": package(result.maximin),
            "expected_value": None if result.expected is None else package(result.expected),
            "best_in": {key: package(p) for key, p in result.best_in.items()},
        }
    )


def baseline_line(result: Portfolio) -> str:
    """Where each criterion's baseline (the score of an option not taken) comes from."""
    origin = result.baseline_origin
    study = result.study
    own = [study.criteria[k].name for k, o in origin.items() if o == "baseline"]
    rest = len(origin) - len(own)
    if result.reference is not None:
        head = f"the reference {result.reference} (doing nothing new)"
        text = f"baseline: {head}" + (" on every criterion" if not own else "")
        if own:
            text += f" on {_criteria(rest)}, study.yaml's on " + ", ".join(own)
        return text + f"; {result.reference} is never a member"
    if not own:
        return "baseline: the scale's worst end on every criterion (an option adds its score)"
    text = "baseline: study.yaml's on " + ", ".join(own)
    if rest:
        text += f", the scale's worst end on {_criteria(rest)}"
    return text


def _criteria(n: int) -> str:
    return f"{n} criterion" if n == 1 else f"{n} criteria"


def red_line_lines(result: Portfolio) -> list[str]:
    """One sentence on the options a red line keeps out, one on those required anyway."""
    names = result.study.criteria | result.study.modifiers

    def listed(found: dict[str, tuple[str, ...]]) -> str:
        return "; ".join(
            f"{key} (fails {', '.join(names[c].name for c in failed)})"
            for key, failed in found.items()
        )

    lines = []
    if result.red_lines:
        lines.append(f"Kept out by a red line (threshold): {listed(result.red_lines)}.")
    if result.red_lines_required:
        lines.append(
            f"Required (--require) despite a red line: {listed(result.red_lines_required)}."
        )
    return lines


def rpm_line(result: Portfolio) -> str:
    rpm = result.rpm
    assert rpm is not None
    what = {
        "none": "any non-negative weights",
        "ordinal": "any weights in the profile's order",
    }.get(
        rpm.weight_info, f"each weight within ±{rpm.weight_info.partition(':')[2]} of the profile's"
    )
    return (
        f"{rpm.non_dominated:,} of {rpm.feasible:,} feasible packages non-dominated under {what}"
        f" ({rpm.weight_info}: {fmt.plural(rpm.extreme_points, 'extreme point')} of the weight"
        " set; scores and costs as given); an option's core index is the share of them"
        " holding it (core: all, exterior: none)"
    )


def constraints_line(result: Portfolio) -> str:
    parts = []
    for key, limit in result.budget.items():
        resource = result.study.spec.resources[key]
        unit = f" {resource.unit}" if resource.unit else ""
        flag = " (--budget)" if key in result.overridden else ""
        parts.append(f"{resource.name} ≤ {fmt.amount(limit)}{unit}{flag}")
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
    if result.bound is not None and result.gap is not None:
        return (
            f"NOT PROVEN OPTIMAL: the 0-1 integer program over {n} options (HiGHS) stopped at"
            f" its time limit ({result.time_limit:g} s) with this package, the best found so"
            f" far; no package is worth more than {result.bound * 100:.1f} points (gap"
            f" {result.gap:.2%}); no ties or runners-up listed: --time-limit SECONDS for more"
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
        f" ({likelihood(rob.best_stays)})"
    )
    if rob.uncertain_costs:
        text += (
            f"; {fmt.plural(rob.uncertain_costs, 'ranged cost')} drawn (triangular: low, the"
            " cost, high), a package over a limit at the drawn costs is infeasible in that"
            f" sample: the base package is over in {fmt.percent(rob.base_over_budget)}"
        )
        if rob.no_package:
            text += f", no package fits in {fmt.plural(rob.no_package, 'sample')}"
    if result.factors:
        text += "; modifier factors as scored (their ranges are not drawn here)"
    if rob.engine == "milp":
        text += f"; {rob.samples:,} integer programs solved in {rob.seconds:.1f} s"
    return text


def more_line(result: Portfolio, key: str) -> str:
    if result.constraining is None:
        return "not computed"
    return "yes" if key in result.constraining else "no"


FRONTIER_SKIPPED = (
    f"Frontier not traced: from {SEARCH_FROM} options the packages are not enumerated, and"
    " each point takes two integer programs; ask for it with --frontier RESOURCE."
)
