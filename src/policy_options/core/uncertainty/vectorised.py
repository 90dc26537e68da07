"""The aggregation methods in numpy: many weight vectors and score draws at once.

:mod:`policy_options.core.methods` evaluates one weight vector on one decision matrix,
in plain Python; it is the reference. Here each method scores the options for a whole
block of samples at once, and gives the same numbers (to rounding; the tests check
1e-9 against the reference, sample by sample). A scorer (:mod:`.scorer`) works on the
study's decision matrix on its weighted criteria (:mod:`.decision`):

- additive, weighted product, weakest link (:mod:`.vectorised_additive`): one matrix
  product, in log space for the weighted product; the minimum for weakest link;
- TOPSIS (:mod:`.vectorised_topsis`): two matrix products over the squared weights;
- PROMETHEE II (:mod:`.vectorised_promethee`): the per-criterion net flows, which do
  not depend on the weights, times the weights.

This module picks the scorer of a method; with modifiers it is wrapped in
:class:`~.scorer.Modified`, which weighs the method's score by each option's factor
(m s, or s_ref + m (s - s_ref) against a reference option).
"""

from __future__ import annotations

from policy_options.core.methods import Method
from policy_options.core.uncertainty.decision import Decision
from policy_options.core.uncertainty.scorer import Modified, Scorer
from policy_options.core.uncertainty.vectorised_additive import (
    Additive,
    WeakestLink,
    WeightedProduct,
)
from policy_options.core.uncertainty.vectorised_promethee import Promethee
from policy_options.core.uncertainty.vectorised_topsis import Topsis

SCORERS: dict[Method, type[Scorer]] = {
    Method.additive: Additive,
    Method.weighted_product: WeightedProduct,
    Method.topsis: Topsis,
    Method.promethee: Promethee,
    Method.weakest_link: WeakestLink,
}


def scorer(problem: Decision) -> Scorer:
    """The vectorised scorer of ``problem.method`` (weighed by the modifier factors, if any)."""
    found = SCORERS[problem.method](problem)
    return found if problem.factors is None else Modified(found)
