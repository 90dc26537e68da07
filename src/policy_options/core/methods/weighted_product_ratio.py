"""The weighted product model in its ratio form, on raw scores (Bridgman 1922; Miller &
Starr 1969; Triantaphyllou 2000, ch. 2).

An option's product is P(a) = prod_j x_aj ** (+w_j) over benefit criteria and
x_aj ** (-w_j) over cost criteria, on the raw scores x (which must be > 0) with
normalised weights. Two options compare by the ratio P(a) / P(b) = prod_j (x_aj /
x_bj) ** (+-w_j): dimensionless, so a criterion's unit and the scale's ends do not
matter, and no other option changes it (no rank reversal).

The printed 0..1 score divides P(a) by the product of the ideal option at hand (the
best raw score of the options on every criterion: the highest for a benefit, the
lowest for a cost): S(a) = prod_j r_aj ** w_j with r_aj = x_aj / max_i x_ij for a
benefit and min_i x_ij / x_aj for a cost, the linear ("max") normalisation of the
WASPAS literature (Chakraborty, Zavadskas & Antucheviciene 2015). 1 means best on
every criterion. The ideal on the declared scale would not do: a cost criterion's
scale usually starts at 0, where x ** -w is infinite. Dividing by a constant leaves
every ratio, and so the ranking, as it is; the score depends on the options at hand
(as TOPSIS's does), the ranking does not.

Contributions are the factors r_aj ** w_j (1 for a criterion of weight 0, or where the
option is the best at hand): their product is the score, as with ``weighted-product``.

``weighted-product`` differs: it multiplies the 0..1 values of the declared scale (and
value functions), so a criterion's factor depends on how far a score is from the
scale's worst end, not on its ratio to other scores; the two can rank differently
(docs/methods.md gives an example). A raw score of 0 or below has no ratio: this
method refuses it (:class:`~.base.ScoreError`, as scikit-criteria's
``WeightedProductModel`` does), naming the option and criterion.
"""

from __future__ import annotations

import math

from policy_options.core.methods.base import Evaluation, Problem, ScoreError
from policy_options.core.methods.registry import MethodSpec

NAME = "weighted-product-ratio"


def check_positive(problem: Problem) -> None:
    """Raise :class:`~.base.ScoreError` at the first raw score <= 0 of a weighted
    criterion (a criterion of weight 0 drops out and may score anything)."""
    for i, row in enumerate(problem.raw):
        for j, x in enumerate(row):
            if x <= 0 and problem.weights[j] > 0:
                raise ScoreError(
                    f"method '{NAME}' needs raw scores above 0: option"
                    f" '{problem.options[i]}' scores {x:g} on '{problem.criteria[j]}'",
                    option=problem.options[i],
                    criterion=problem.criteria[j],
                    hint="use --method weighted-product (0..1 values on the declared scale),"
                    " or give the criterion a scale whose scores are all above 0",
                )


def ratios(problem: Problem) -> list[list[float]]:
    """r_ij: x_ij / max_i x_ij for a benefit criterion, min_i x_ij / x_ij for a cost."""
    columns = list(zip(*problem.raw, strict=True)) if problem.raw else []
    best = [
        max(column) if benefit else min(column)
        for column, benefit in zip(columns, problem.higher_is_better, strict=True)
    ]
    return [
        [
            x / top if benefit else top / x
            for x, top, benefit in zip(row, best, problem.higher_is_better, strict=True)
        ]
        for row in problem.raw
    ]


def log_product(
    raw: tuple[float, ...], weights: tuple[float, ...], benefit: tuple[bool, ...]
) -> float:
    """ln P = sum_j (+-w_j) ln x_j: the log of the unnormalised product."""
    return math.fsum(
        (w if up else -w) * math.log(x) for x, w, up in zip(raw, weights, benefit, strict=True) if w
    )


def evaluate(problem: Problem) -> Evaluation:
    check_positive(problem)
    factors = tuple(
        tuple(1.0 if w == 0 else float(r**w) for r, w in zip(row, problem.weights, strict=True))
        for row in ratios(problem)
    )
    details: tuple[dict[str, float | str | None], ...] = tuple(
        {"log_product": log_product(row, problem.weights, problem.higher_is_better)}
        for row in problem.raw
    )
    return Evaluation(
        scores=tuple(math.prod(row) for row in factors),
        contributions=factors,
        details=details,
        score_per_contribution=None,
    )


SPEC = MethodSpec(
    name=NAME,
    evaluate=evaluate,
    summary="product of raw-score ratios, benefits x^w and costs x^−w (scores must be > 0),"
    " over the ideal option at hand; ignores value functions",
    contribution="factor (score / best score at hand) ** weight, inverted for a cost;"
    " their product is the score",
    contribution_header="Factor",
    highlight_header="Weakest factors",
    raw_scores=True,
)
