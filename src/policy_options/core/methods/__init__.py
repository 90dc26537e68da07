"""Aggregation methods: one module each, a pure function from a Problem to an Evaluation."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from policy_options.core.methods import additive, promethee, topsis, weakest_link, weighted_product
from policy_options.core.methods.base import Evaluation, Problem


class Method(StrEnum):
    """Aggregation method: additive (weighted sum, the default), weighted-product, topsis,
    promethee or weakest-link."""

    additive = "additive"
    weighted_product = "weighted-product"
    topsis = "topsis"
    promethee = "promethee"
    weakest_link = "weakest-link"


EVALUATORS: dict[str, Callable[[Problem], Evaluation]] = {
    Method.additive: additive.evaluate,
    Method.weighted_product: weighted_product.evaluate,
    Method.topsis: topsis.evaluate,
    Method.promethee: promethee.evaluate,
    Method.weakest_link: weakest_link.evaluate,
}

SUMMARIES: dict[str, str] = {
    Method.additive: additive.SUMMARY,
    Method.weighted_product: weighted_product.SUMMARY,
    Method.topsis: topsis.SUMMARY,
    Method.promethee: promethee.SUMMARY,
    Method.weakest_link: weakest_link.SUMMARY,
}

CONTRIBUTIONS: dict[str, str] = {
    Method.additive: "weight × value; they add up to the score",
    Method.weighted_product: "factor value ** weight; their product is the score",
    Method.topsis: "weighted normalised raw score (distance to the ideal decides)",
    Method.promethee: "weight × the criterion's net flow; they add up to phi",
    Method.weakest_link: "the 0–1 value; the lowest weighted one is the score",
}
