"""Aggregation methods: one module each, a pure function from a Problem to an Evaluation.

A method is one module ending with ``SPEC = MethodSpec(...)`` (name, evaluator, summary,
contribution note) and one registration line below; a third party's comes from the entry
point group ``policy_options.methods`` (see :mod:`.registry`).
"""

from __future__ import annotations

from enum import StrEnum

from policy_options.core.methods import (
    additive,
    promethee,
    topsis,
    weakest_link,
    weighted_product,
    weighted_product_ratio,
)
from policy_options.core.methods.base import Evaluation, Problem
from policy_options.core.methods.registry import ByName, MethodSpec, get, names, register
from policy_options.errors import UsageError

__all__ = [
    "CONTRIBUTIONS",
    "EVALUATORS",
    "SUMMARIES",
    "Evaluation",
    "Method",
    "MethodSpec",
    "Problem",
    "built_in",
    "get",
    "names",
    "register",
]

register(additive.SPEC)
register(weighted_product.SPEC)
register(topsis.SPEC)
register(promethee.SPEC)
register(weakest_link.SPEC)
register(weighted_product_ratio.SPEC)


class Method(StrEnum):
    """The built-in methods, which the numpy analyses (uncertainty.vectorised, stability,
    Monte Carlo, tornado, discovery, why) know by name and dispatch on. Which methods
    exist is the registry's to say: :func:`names`."""

    additive = "additive"
    weighted_product = "weighted-product"
    topsis = "topsis"
    promethee = "promethee"
    weakest_link = "weakest-link"


def built_in(name: str) -> Method:
    """The built-in method ``name``, for an analysis that dispatches on the built-ins.

    A registered method that is not one (a plugin's) ranks, explains and compares, but
    has no numpy counterpart for stability intervals, Monte Carlo, the tornado, scenario
    discovery, ``policy why`` or the report: a :class:`UsageError` says so. An unknown
    name is an :class:`~policy_options.errors.UnknownNameError` with a did-you-mean.
    """
    spec = get(name)
    if spec.name not in {method.value for method in Method}:
        raise UsageError(
            f"method '{spec.name}' ranks, explains and compares only: this analysis needs a"
            " built-in method",
            hint="built-in methods: " + ", ".join(Method),
        )
    return Method(spec.name)


# Views of the registry, one field of every method's spec each, for the callers that
# predate it (new code asks get(name) for the spec).
EVALUATORS = ByName(lambda spec: spec.evaluate)
SUMMARIES = ByName(lambda spec: spec.summary)
CONTRIBUTIONS = ByName(lambda spec: spec.contribution)
