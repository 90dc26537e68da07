"""PROMETHEE II net outranking flow (Brans & Vincke 1985; Brans, Vincke & Mareschal 1986).

For each criterion k, a preference function P_k turns the raw difference d between two
options (signed by the criterion's direction) into a preference degree in 0..1:

    usual     P = 1 if d > 0
    u-shape   P = 1 if d > q                       (quasi-criterion)
    v-shape   P = d / p for 0 < d <= p, 1 above    (linear, no indifference)
    level     P = 1/2 for q < d <= p, 1 above p
    linear    P = (d - q) / (p - q) for q < d <= p, 1 above p
    gaussian  P = 1 - exp(-d^2 / (2 s^2)) for d > 0

and 0 otherwise. With n options: phi+(a) = 1/(n-1) sum_b sum_k w_k P_k(a, b),
phi-(a) = 1/(n-1) sum_b sum_k w_k P_k(b, a), phi(a) = phi+(a) - phi-(a) in -1..1.
The score is (phi + 1) / 2. Contributions: w_k * phi_k(a), each criterion's part of
phi (they add up to phi). A criterion without a declared preference function uses
v-shape with p = its scale's width, so preference grows with the raw difference.

With no preference function declared on any criterion, PROMETHEE II adds nothing to the
additive model on linear values: every |d| <= p, so P(a, b) - P(b, a) = d / p =
v_a - v_b (v the linear value), phi_k(a) = n / (n - 1) * (v_ak - mean_b v_bk) and
phi(a) = n / (n - 1) * (V(a) - mean V), V the additive score. The ranking is the
additive ranking exactly when no criterion has a value function either (this module
reads raw scores: value functions are ignored). ``policy compare`` does not count it
as an independent check then (:mod:`policy_options.core.ranking.method_notes`).

:func:`flows` is the plain-Python reference. Large studies use the same formulas either
on the sorted scores (:mod:`.promethee_sorted`, O(m n log n), Calders & Van Assche 2018)
or in numpy (:mod:`.promethee_flows`), whichever is quicker for the study; the tests
hold both to 1e-9 of the reference.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from policy_options.core.methods.base import Evaluation, Preference, Problem
from policy_options.core.methods.registry import MethodSpec


def preference(function: Preference, d: float) -> float:
    """The preference degree P(d) of a raw difference d (already signed by direction)."""
    kind, q, p, s = function.function, function.q, function.p, function.s
    if d <= 0:
        return 0.0
    if kind == "usual":
        return 1.0
    if kind == "u-shape":
        return 1.0 if d > q else 0.0
    if kind == "v-shape":
        return min(1.0, d / p) if p > 0 else 1.0
    if kind == "level":
        return 0.0 if d <= q else (0.5 if d <= p else 1.0)
    if kind == "linear":
        if d <= q:
            return 0.0
        return min(1.0, (d - q) / (p - q)) if p > q else 1.0
    if kind == "gaussian":
        return 1.0 - math.exp(-(d**2) / (2 * s**2)) if s > 0 else 1.0
    raise ValueError(f"unknown preference function {kind!r}")


def flows(
    raw: Sequence[Sequence[float]],
    weights: Sequence[float],
    benefit: Sequence[bool],
    preferences: Sequence[Preference],
) -> tuple[list[float], list[float], list[list[float]]]:
    """(phi+, phi-, per-criterion net flows phi_k) for every option."""
    n, m = len(raw), len(weights)
    plus = [0.0] * n
    minus = [0.0] * n
    per_criterion = [[0.0] * m for _ in range(n)]
    if n < 2:
        return plus, minus, per_criterion
    for a in range(n):
        for b in range(n):
            if a == b:
                continue
            for k in range(m):
                sign = 1.0 if benefit[k] else -1.0
                d = sign * (raw[a][k] - raw[b][k])
                p_ab = preference(preferences[k], d)
                p_ba = preference(preferences[k], -d)
                plus[a] += weights[k] * p_ab
                minus[a] += weights[k] * p_ba
                per_criterion[a][k] += p_ab - p_ba
    scale = 1.0 / (n - 1)
    return (
        [x * scale for x in plus],
        [x * scale for x in minus],
        [[x * scale for x in row] for row in per_criterion],
    )


NUMPY_FROM = 20_000
"""Pairs x criteria from which the sorted or numpy flows take over: below, the pure
loop is quick enough (the shipped study: 14^2 x 8)."""


Flows = Callable[
    [Sequence[Sequence[float]], Sequence[float], Sequence[bool], Sequence[Preference]],
    tuple[list[float], list[float], list[list[float]]],
]


def _large_flows(problem: Problem) -> Flows:
    """The quicker of the two ways for a large study: the sorted flows (O(m n log n),
    no numpy; cost grows with the distinct scores) or the numpy matrices (n^2 per
    criterion, plus numpy's import; never above ``SORTED_ABOVE`` options)."""
    import sys

    from policy_options.core.methods import promethee_sorted

    n, m = len(problem.raw), len(problem.weights)
    if any(f.function not in promethee_sorted.PIECEWISE for f in problem.preferences):
        from policy_options.core.methods import promethee_flows

        return promethee_flows.flows
    distinct = sum(len({row[k] for row in problem.raw}) for k in range(m))
    sorted_cost = 1e-5 * distinct + 3e-7 * n * m
    numpy_cost = 3e-9 * n * n * m + (0.0 if "numpy" in sys.modules else 0.11)
    if n > SORTED_ABOVE or sorted_cost <= numpy_cost:
        return promethee_sorted.flows
    from policy_options.core.methods import promethee_flows

    return promethee_flows.flows


SORTED_ABOVE = 3000
"""From this many options the numpy matrices (n^2 doubles each) are not used."""


def evaluate(problem: Problem) -> Evaluation:
    n, m = len(problem.raw), len(problem.weights)
    compute: Flows = flows
    if n * n * m >= NUMPY_FROM:
        compute = _large_flows(problem)
    plus, minus, per_criterion = compute(
        problem.raw, problem.weights, problem.higher_is_better, problem.preferences
    )
    phi = [p - q for p, q in zip(plus, minus, strict=True)]
    return Evaluation(
        scores=tuple((f + 1.0) / 2.0 for f in phi),
        contributions=tuple(
            tuple(w * x for w, x in zip(problem.weights, row, strict=True)) for row in per_criterion
        ),
        details=tuple(
            {"phi_plus": p, "phi_minus": q, "phi": f}
            for p, q, f in zip(plus, minus, phi, strict=True)
        ),
        score_per_contribution=0.5,
    )


SPEC = MethodSpec(
    name="promethee",
    evaluate=evaluate,
    summary="PROMETHEE II net flow (Brans & Vincke 1985) on raw scores, shown as (phi + 1) / 2;"
    " with no preference function declared it ranks exactly as additive on linear values",
    contribution="weight × the criterion's net flow; they add up to phi",
    contribution_header="Net flow part",
    highlight_header="Net flow φ (largest parts)",
    raw_scores=True,
)
