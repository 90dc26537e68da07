"""``policy portfolio`` in one call: the best package, ties, runners-up, binding
constraints, the frontier and the robustness of its members."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

from policy_options.core.portfolio import (
    DEFAULT_SAMPLES,
    DEFAULT_TIME_LIMIT,
    ENUMERATION_LIMIT,
    RUNNERS_UP,
    SEARCH_FROM,
)
from policy_options.core.portfolio.model import (
    VALUE_TOLERANCE,
    Package,
    Portfolio,
    PortfolioModel,
    baseline_origin,
    build_model,
    red_lines,
    slack,
)
from policy_options.core.study.files.model import Study
from policy_options.core.study.suggest import did_you_mean
from policy_options.core.study.weights import Weights
from policy_options.core.uncertainty.settings import DEFAULT_SEED, WeightModel
from policy_options.errors import UsageError

if TYPE_CHECKING:
    from policy_options.core.portfolio.search import Tables

MAX_TIES = 20
"""At most this many packages tied with the best are listed."""
Engine = Literal["auto", "enumeration", "search", "milp"]
ProgressCallback = Callable[[int, int], None]


def _order(packages: list[Package]) -> list[Package]:
    """Best first; within 1e-9 of each other, fewer options first, then by ids."""
    ranked = sorted(packages, key=lambda p: -p.value)
    groups: list[list[Package]] = []
    for package in ranked:
        if groups and groups[-1][0].value - package.value <= VALUE_TOLERANCE:
            groups[-1].append(package)
        else:
            groups.append([package])
    return [p for group in groups for p in sorted(group, key=lambda p: (len(p.options), p.options))]


def _no_package(model: PortfolioModel) -> UsageError:
    what = []
    if model.forced_in:
        what.append("--require " + " ".join(model.ids[j] for j in sorted(model.forced_in)))
    if model.size_max is not None:
        what.append(f"--size-max {model.size_max}")
    return UsageError(
        "no package meets every constraint" + (f" ({'; '.join(what)})" if what else ""),
        hint="the options required, with what they require, cost more than the budget allows"
        " or exclude each other",
    )


def portfolio(
    study: Study,
    weights: Weights,
    *,
    method: str | None = None,
    budget: Sequence[str] = (),
    require: Sequence[str] = (),
    forbid: Sequence[str] = (),
    size_max: int | None = None,
    frontier: str | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    weight_model: WeightModel = WeightModel.uniform,
    concentration: float | None = None,
    fixed_scores: bool = False,
    engine: Engine = "auto",
    on_chunk: ProgressCallback | None = None,
    weight_info: str | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> Portfolio:
    """The whole portfolio analysis of ``study`` under ``weights`` and the constraints.

    ``engine`` picks enumeration (up to ``ENUMERATION_LIMIT`` options), the bounded
    search (up to ``SEARCH_LIMIT``) or integer programs; "auto" enumerates below
    ``SEARCH_FROM`` options, then searches, and a search that gives up falls back to
    integer programs. Without enumeration the relaxed limits come from one more search
    per constraint, the frontier needs ``frontier`` by name and the feasible packages are
    counted only when the search scored them all. ``time_limit`` (seconds, None: none)
    bounds the integer program of the best package: when it stops there, the best
    package found so far is given with the proven bound on the optimum (``bound``).
    ``samples`` 0 skips robustness. ``weight_info`` ("none", "ordinal" or "bounds:D")
    adds Robust Portfolio Modeling's core index (enumerable studies only).
    """
    from policy_options.core.portfolio.robustness import check_settings

    concentration = check_settings(samples, seed, weight_model, concentration)
    model = build_model(
        study,
        weights,
        method=method,
        budget=budget,
        require=require,
        forbid=forbid,
        size_max=size_max,
    )
    resources = model.resources
    if frontier is not None and frontier not in resources:
        if not resources:
            raise UsageError(f"--frontier {frontier}: the study declares no resources")
        raise UsageError(
            f"--frontier {frontier}: unknown resource '{frontier}'"
            f"{did_you_mean(frontier, resources)}"
        )
    frontier_index = (
        resources.index(frontier) if frontier is not None else (0 if resources else None)
    )
    enumerated = model.n < SEARCH_FROM if engine == "auto" else engine == "enumeration"
    enumerable = model.n <= ENUMERATION_LIMIT if engine == "auto" else enumerated
    solver = None
    scored = None
    bound = None
    feasible: int | None
    relaxed: dict[str, float] | None
    if enumerated:
        best, ties, runners, relaxed, points, feasible = _by_enumeration(
            model, frontier_index, on_chunk
        )
        used = "enumeration"
    else:
        from policy_options.core.portfolio.frontier import from_milp
        from policy_options.core.portfolio.milp import MilpSolver
        from policy_options.core.portfolio.search import SEARCH_LIMIT, search

        relaxed = None
        found = None
        tables: Tables = {}  # the halves' tables, shared with the relaxed searches
        if engine == "search" or (engine == "auto" and model.n <= SEARCH_LIMIT):
            found = search(model, keep=1 + max(RUNNERS_UP, MAX_TIES), tables=tables)
        if found is not None:
            best, ties, runners = _from_top(model, found.top)
            feasible, scored, used = found.feasible_count, found.pairs, "search"
            relaxed = _relaxed_by_search(model, tables)
        else:
            solver = MilpSolver(model, time_limit)
            best, ties, runners, bound = _by_milp(model, solver, on_chunk)
            solver.time_limit = None  # the rest (frontier, robustness) solves exactly
            used = "milp"
            feasible = None
            if not best.options and bound is None:  # only the empty package? (say so)
                import numpy as np

                largest = solver.solve(np.ones(solver.size))
                feasible = 1 if not largest else None
        # two integer programs per frontier point: only when asked for by name
        points = ()
        if frontier is not None:
            solver = solver or MilpSolver(model)
            points = from_milp(model, solver, frontier_index or 0)
    constraining = (
        tuple(r for r in resources if relaxed[f"resource:{r}"] > best.value + VALUE_TOLERANCE)
        if relaxed is not None
        else None
    )
    binding = tuple(
        r
        for r, limit in zip(resources, model.limits, strict=True)
        if best.costs[r] >= limit - slack(limit)
    )
    size_binding = (
        (model.size_max is not None and relaxed["size"] > best.value + VALUE_TOLERANCE)
        if relaxed is not None
        else None
    )
    result_robustness = None
    if samples > 0:
        from policy_options.core.portfolio.robustness import robustness

        result_robustness = robustness(
            model,
            best.options,
            enumerable=enumerable,
            samples=samples,
            seed=seed,
            weight_model=weight_model,
            concentration=concentration,
            fixed_scores=fixed_scores,
            solver=solver,
            on_chunk=on_chunk,
        )
    rpm = None
    if weight_info is not None:
        from policy_options.core.portfolio.rpm import rpm_core

        if not enumerable:
            raise UsageError(
                f"--weight-info: Robust Portfolio Modeling's core index is computed exactly"
                f" by enumeration, up to {ENUMERATION_LIMIT} options ({model.n} here)",
                hint="--forbid some options to bring the study within the limit",
            )
        rpm = rpm_core(model, weight_info)
    return Portfolio(
        study=study,
        weights=weights,
        method="additive",
        budget=dict(zip(resources, model.limits, strict=True)),
        overridden=tuple(sorted({text.partition("=")[0].strip() for text in budget})),
        required=tuple(sorted(set(require))),
        forbidden=tuple(sorted(set(forbid))),
        size_max=size_max,
        engine=used,
        feasible_count=feasible,
        scored=scored,
        best=best,
        ties=ties,
        runners_up=runners,
        binding=binding,
        constraining=constraining,
        size_binding=size_binding,
        frontier_resource=None if frontier_index is None else resources[frontier_index],
        frontier_skipped=not enumerated and frontier is None and bool(resources),
        frontier=points,
        robustness=result_robustness,
        option_values={key: model.utility(j) for j, key in enumerate(model.ids)},
        reference=study.reference,
        baseline_origin={key: baseline_origin(study, key) for key in model.criteria},
        red_lines=red_lines(study, require),
        red_lines_required={
            key: failed for key, failed in red_lines(study).items() if key in set(require)
        },
        factors=dict(zip(model.ids, model.factors, strict=True)) if model.factors else {},
        rpm=rpm,
        bound=bound,
        time_limit=time_limit if used == "milp" else None,
    )


def _split(packages: list[Package]) -> tuple[Package, tuple[Package, ...], tuple[Package, ...]]:
    ordered = _order(packages)
    best = ordered[0]
    ties = tuple(p for p in ordered[1:] if best.value - p.value <= VALUE_TOLERANCE)[:MAX_TIES]
    runners = tuple(ordered[1 : 1 + RUNNERS_UP])
    return best, ties, runners


def _from_top(
    model: PortfolioModel, top: tuple[tuple[float, int], ...]
) -> tuple[Package, tuple[Package, ...], tuple[Package, ...]]:
    """The best, its ties and the runners-up from the best (value, mask) pairs found."""
    from policy_options.core.portfolio.enumerate import members

    if not top:
        raise _no_package(model)
    return _split([model.package(members(mask, model.n)) for _, mask in top])


def _by_enumeration(
    model: PortfolioModel, frontier_index: int | None, on_chunk: ProgressCallback | None = None
) -> tuple[Package, tuple[Package, ...], tuple[Package, ...], dict[str, float], tuple, int]:  # type: ignore[type-arg]
    from policy_options.core.portfolio.enumerate import enumerate_packages
    from policy_options.core.portfolio.frontier import from_enumeration

    found = enumerate_packages(model, frontier_index, on_chunk)
    best, ties, runners = _from_top(model, found.top)
    points = from_enumeration(model, found) if frontier_index is not None else ()
    return best, ties, runners, found.relaxed, points, found.feasible_count


def _relaxed_by_search(model: PortfolioModel, tables: Tables) -> dict[str, float] | None:
    """The best value with each resource's limit lifted (and without ``size_max``), one
    bounded search each, as enumeration gives them; None when a search gives up."""
    from dataclasses import replace

    from policy_options.core.portfolio.search import search

    relaxed: dict[str, float] = {}
    variants: list[tuple[str, PortfolioModel]] = []
    for r, resource in enumerate(model.resources):
        total = sum(max(0.0, row[r]) for row in model.costs)
        limits = list(model.limits)
        limits[r] = max(limits[r], total + 1.0)  # never binding: every option fits
        variants.append((f"resource:{resource}", replace(model, limits=tuple(limits))))
    if model.size_max is not None:
        variants.append(("size", replace(model, size_max=None)))
    for key, variant in variants:
        found = search(variant, keep=1, tables=tables)
        if found is None:
            return None
        relaxed[key] = found.top[0][0] if found.top else float("-inf")
    return relaxed


def _ticking(on_chunk: ProgressCallback | None, seconds: float | None) -> Callable[[], None]:
    """Call ``on_chunk(tenths elapsed, tenths allowed)`` from a thread every quarter of a
    second, while a solver that reports nothing runs up to ``seconds``; returns the stop."""
    if on_chunk is None or seconds is None:
        return lambda: None
    import threading

    stop = threading.Event()
    started = time.monotonic()
    total = max(1, round(seconds * 10))

    def tick() -> None:
        while not stop.wait(0.25):
            on_chunk(min(total - 1, round((time.monotonic() - started) * 10)), total)

    threading.Thread(target=tick, daemon=True).start()
    return stop.set


def _by_milp(
    model: PortfolioModel, solver: object, on_chunk: ProgressCallback | None = None
) -> tuple[Package, tuple[Package, ...], tuple[Package, ...], float | None]:
    """The best package, ties and runners-up by integer programs with no-good cuts, and
    None; or, when the solver's time limit stops the first one, the best package found
    so far, no ties or runners-up, and the proven upper bound on the optimum."""
    stop = _ticking(on_chunk, getattr(solver, "time_limit", None))
    try:
        return _solved_top(model, solver)
    finally:
        stop()


def _solved_top(
    model: PortfolioModel, solver: object
) -> tuple[Package, tuple[Package, ...], tuple[Package, ...], float | None]:
    import numpy as np

    from policy_options.core.portfolio.milp import MilpSolver

    assert isinstance(solver, MilpSolver)
    coefficients = solver.objective(np.array([model.utility(j) for j in range(model.n)]), model.w)
    found: list[list[int]] = []
    started = time.monotonic()
    first = solver.solve(coefficients)
    if first is None:
        if solver.last_status == 1:
            raise UsageError(
                f"the integer program found no package within the time limit"
                f" ({solver.time_limit:g} s)",
                hint="give it longer with --time-limit SECONDS",
            )
        raise _no_package(model)
    if solver.last_status == 1:
        best = model.package(first)
        bound = solver.last_bound
        return best, (), (), max(best.value, bound if bound is not None else float("inf"))
    found.append(first)
    top = model.value(first)
    # the next packages, with no-good cuts, until RUNNERS_UP past the last tie
    # (within what is left of the time limit; a package cut short is not listed)
    limit = solver.time_limit
    deadline = None if limit is None else started + limit
    while True:
        if deadline is not None:
            solver.time_limit = deadline - time.monotonic()
            if solver.time_limit <= 0:
                break
        following = solver.solve(coefficients, cuts=found)
        if following is None or solver.last_status == 1:
            break
        found.append(following)
        value = model.value(following)
        enough = len(found) > RUNNERS_UP
        if enough and (value < top - VALUE_TOLERANCE or len(found) > MAX_TIES):
            break
    solver.time_limit = limit
    packages = [model.package(members) for members in found]
    best, ties_, runners = _split(packages)
    return best, ties_, runners, None
