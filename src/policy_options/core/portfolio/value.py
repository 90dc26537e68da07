"""What is worth finding out for the package: the value of information when the decision
is the best package (:mod:`policy_options.core.uncertainty.value` for one option).

Every sample is the portfolio robustness's own (:mod:`.robustness`: the same sampler,
stream and candidate packages, scored with one matrix product): V_P is package P's
value (its options' added value under the weights, with interactions). Two passes over
the same draws: the first finds each package's mean value and how often it is best
(the EVPI takes the best of every candidate in each sample, exactly); the second keeps
the values of the packages that are best in some sample (at most ``DECISION_LIMIT``,
those best most often, and the package of highest mean value) and the inputs' bins, and
estimates each input's EVPPI as for options.

Costs with a range are held at their values (which packages fit is as declared): what
is worth finding out here is about the scores and the weights. Limit: packages are
enumerated, so the study may have at most ``ENUMERATION_LIMIT``
options (the others are refused, with a hint to --forbid some); above that the best
package per sample needs an integer program per sample, and the regression on its
value is not done here.
"""

from __future__ import annotations

import math

import numpy as np

from policy_options.core.portfolio import ENUMERATION_LIMIT
from policy_options.core.portfolio.model import build_model
from policy_options.core.portfolio.robustness import (
    PORTFOLIO_STREAM,
    _criterion_vectors,
    _Sampler,
    candidate_packages,
)
from policy_options.core.ranking.rank import rank
from policy_options.core.study.files.model import Study
from policy_options.core.study.weights import Weights
from policy_options.core.uncertainty.sampling import Draws, blocks, draw_values, generator
from policy_options.core.uncertainty.settings import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    WeightModel,
    check_samples,
    check_weight_settings,
)
from policy_options.core.uncertainty.value import (
    DECISION_LIMIT,
    Inputs,
    ValueOfInformation,
    estimate_inputs,
)
from policy_options.core.uncertainty.value_samples import (
    BINS,
    Samples,
    bin_centres,
    quantile_bins,
)
from policy_options.errors import UsageError

_SCORE_ELEMENTS = 1 << 22  # candidate packages x samples valued at a time (32 MiB)


def package_value_of_information(
    study: Study,
    weights: Weights,
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    weight_model: WeightModel | None = None,
    concentration: float | None = None,
    bins: int = BINS,
) -> ValueOfInformation:
    """EVPI and every input's EVPPI when the decision is the best package (additive
    model, the study's resources and limits)."""
    check_samples(samples)
    check_weight_settings(seed, weight_model or WeightModel.uniform, concentration)
    if weight_model is WeightModel.profile:
        concentration = check_weight_settings(seed, weight_model, concentration)
    if not study.spec.resources:
        raise UsageError(
            "the study declares no resources: there is no package to choose",
            hint="add resources (with limits) to study.yaml and costs to the options",
        )
    model = build_model(study, weights)
    if model.n > ENUMERATION_LIMIT:
        raise UsageError(
            f"the value of information for packages enumerates them: at most"
            f" {ENUMERATION_LIMIT} options, and the study has {model.n}",
            hint="run it on fewer options (--forbid some in `policy portfolio` first), or"
            " leave out --packages for the options themselves",
        )
    sampler = _Sampler(model, seed, weight_model or WeightModel.uniform, concentration, False)
    if weight_model is None:  # the weights as chosen, in every sample
        profile = np.array([model.w[k] for k in sampler.active])
        profile /= profile.sum()
        sampler.draw_weights = lambda _block, size: np.repeat(profile[:, None], size, axis=1)
    masks, bits = candidate_packages(sampler)
    if sampler.uncertain_costs:  # costs are held as given: the packages that fit them
        costs = np.asarray(model.costs, dtype=float).reshape(model.n, -1)
        fits = np.all(bits @ costs <= np.asarray(model.limits) + 1e-9, axis=1)
        masks, bits = masks[fits], bits[fits]
    table = np.hstack([_criterion_vectors(sampler, bits), bits]).T  # (criteria + n) x P

    def stacked(b: int, size: int) -> np.ndarray:
        """Weights and the options' drawn added values of a block: (criteria + n) x size."""
        w, extra = sampler.block(b, size)
        return np.vstack([w, np.zeros((model.n, size)) if extra is None else extra])

    p = masks.size
    step = max(1, _SCORE_ELEMENTS // p)
    sums, wins = np.zeros(p), np.zeros(p, dtype=np.int64)
    tops: list[np.ndarray] = []
    for b, _, size in blocks(0, samples):
        inputs_of_block = stacked(b, size)
        for at in range(0, size, step):
            v = table.T @ inputs_of_block[:, at : at + step]  # candidates x samples
            sums += v.sum(axis=1)
            tops.append(v.max(axis=0))
            wins += np.bincount(v.argmax(axis=0), minlength=p)
    means = sums / samples
    star = int(means.argmax())
    order = sorted(np.flatnonzero(wins).tolist(), key=lambda j: (-wins[j], j))
    chosen = sorted({star, *order[:DECISION_LIMIT]})
    scores = np.empty((len(chosen), samples))
    cells = sampler.cells
    codes = None if cells is None else np.empty((cells.count, samples), dtype=np.uint8)
    for b, at, size in blocks(0, samples):
        scores[:, at : at + size] = table.T[chosen] @ stacked(b, size)
        if cells is not None and codes is not None:
            drawn = draw_values(cells, generator(seed, PORTFOLIO_STREAM, b), size)
            codes[:, at : at + size] = quantile_bins(cells, Draws(values=drawn), bins)
    regret = np.concatenate(tops) - scores[chosen.index(star)]
    evpi = float(regret.mean())
    evpi_se = float(regret.std(ddof=1) / math.sqrt(samples)) if samples > 1 else math.inf
    names = [_label(model.ids, int(masks[j])) for j in chosen]
    members = {i for j in chosen for i in range(model.n) if int(masks[j]) >> i & 1}
    kept = None
    if weight_model is not None:
        kept = np.empty((len(sampler.active), samples))
        for b, at, size in blocks(0, samples):
            kept[:, at : at + size] = sampler.draw_weights(b, size)
    drawn_samples = Samples(
        scores=scores,
        codes=codes,
        centres=None if cells is None else bin_centres(cells, bins),
        weights=kept,
    )
    active = tuple(model.criteria[k] for k in sampler.active)
    inputs = estimate_inputs(
        Inputs(study, model.ids, active, cells),
        drawn_samples,
        scores,
        names,
        members,
        bins,
        evpi_se,
    )
    return ValueOfInformation(
        ranking=rank(study, weights, "additive"),
        samples=samples,
        seed=seed,
        weight_model=weight_model,
        concentration=concentration,
        uncertain_scores=sampler.uncertain,
        evpi=evpi,
        evpi_se=evpi_se,
        expected_best=names[chosen.index(star)],
        expected_score=float(means[star]),
        decision=tuple(names),
        decision_limited=len(order) > DECISION_LIMIT,
        first_options=len(order),
        bins=bins,
        inputs=tuple(inputs),
        packages=True,
    )


def _label(ids: tuple[str, ...], mask: int) -> str:
    """'a + b' (the empty package: 'nothing')."""
    members = [key for i, key in enumerate(ids) if mask >> i & 1]
    return " + ".join(members) if members else "nothing"
