"""What is worth finding out: the expected value of information of every uncertain input.

From the Monte Carlo's samples (:mod:`.value_samples`: the one sampler, the method's
vectorised scorer), with V_d the score of option d (0..1, shown as points out of 100):

- EVPI = E[max_d V_d] - max_d E[V_d]: what knowing every uncertain input before
  choosing would add to the expected score of the option chosen;
- EVPPI of one input X = E_X[max_d E[V_d | X]] - max_d E[V_d], for every ranged score,
  every sampled weight (with a weight model), and the groups: all of one option's
  scores, all of one criterion's (regression estimators, :mod:`.value_estimators`);
- where the fitted best option changes along one input's range (switch points).

The decision is among the options that come first in at least one sample (at most
``DECISION_LIMIT``, those that come first most often): an option that never comes first
adds nothing to max_d. Groups take the cells of those options only: under the additive
model, the weighted product and weakest link an option's score depends on its own
cells alone, so another option's cells cannot change which of them is best (under
TOPSIS and PROMETHEE they can, a little: the groups leave that out, and say so).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from policy_options.core.interchange.tabular import Tabular
from policy_options.core.ranking.rank import Ranking, rank
from policy_options.core.study.files.model import Study
from policy_options.core.study.weights import Weights
from policy_options.core.uncertainty import value_estimators as estimate
from policy_options.core.uncertainty.decision import Matrix, decision
from policy_options.core.uncertainty.sampling import Cells, ranged_cells
from policy_options.core.uncertainty.settings import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    WeightModel,
    check_samples,
    check_weight_settings,
    resolve_method,
)
from policy_options.core.uncertainty.value_samples import BINS, Samples, rank_bins, sample
from policy_options.errors import UsageError

DECISION_LIMIT = 16
"""At most this many options are compared (those that come first most often)."""


@dataclass(frozen=True)
class Switch:
    """Along an input's range, the fitted best option changes here."""

    at: float  # the raw score (or weight) where it changes
    below: str  # the best option just below
    above: str  # and just above


@dataclass(frozen=True)
class InputValue:
    """The EVPPI of one uncertain input or group of inputs (0..1 score units)."""

    kind: str  # "score" | "weight" | "option" | "criterion" | "weights"
    option: str | None  # the score's option, or the group's
    criterion: str | None  # the score's criterion, the weight's, or the group's
    inputs: int  # uncertain inputs it covers
    evppi: float
    noise: float  # the estimator's noise floor for an input (or group) like this one
    low: float | None = None  # a score's range and value as given
    value: float | None = None
    high: float | None = None
    switches: tuple[Switch, ...] = ()

    @property
    def above_noise(self) -> bool:
        """Is it worth more than the Monte Carlo error (its noise floor, EVPI's error)?"""
        return self.evppi > self.noise


@dataclass(frozen=True)
class ValueOfInformation(Tabular):
    """The result of :func:`value_of_information`; ``inputs`` by value, highest first."""

    ranking: Ranking  # the base ranking (profile weights, scores as given)
    samples: int
    seed: int
    weight_model: WeightModel | None  # None: the weights stay as chosen
    concentration: float | None
    uncertain_scores: int
    evpi: float
    evpi_se: float  # Monte Carlo standard error of the EVPI
    expected_best: str | None  # the option of highest expected score (None: no option)
    expected_score: float  # its expected score
    decision: tuple[str, ...]  # the options compared (id order)
    decision_limited: bool  # were options that come first in some sample left out?
    first_options: int  # options that come first in at least one sample
    bins: int
    inputs: tuple[InputValue, ...]
    packages: bool = False  # is the decision the best package (else the best option)?

    @property
    def worth_finding(self) -> tuple[InputValue, ...]:
        return tuple(i for i in self.inputs if i.above_noise)


def value_of_information(
    study: Study,
    weights: Weights,
    *,
    method: str | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    weight_model: WeightModel | None = None,
    concentration: float | None = None,
    bins: int = BINS,
) -> ValueOfInformation:
    """EVPI and the EVPPI of every uncertain input, from ``samples`` Monte Carlo samples.

    ``weight_model`` None keeps the weights as chosen (only the score ranges vary);
    otherwise weights are drawn as in ``policy sensitivity montecarlo`` and each weight
    (and all of them together) counts as an input too.
    """
    check_samples(samples)
    if weight_model is not None:
        concentration = check_weight_settings(seed, weight_model, concentration)
    else:
        check_weight_settings(seed, WeightModel.uniform, None)  # the seed
        if concentration is not None:
            raise UsageError(
                "--concentration applies to --weight-model profile only, and no weight"
                " model is chosen (the weights stay as chosen)"
            )
    name = resolve_method(study, method)
    base = rank(study, weights, name)
    problem = decision(study, weights, name, ranged_cells(study))
    drawn = sample(problem, samples, seed, weight_model, concentration, bins)
    scores = drawn.scores
    n = scores.shape[0]
    firsts = np.bincount(scores.argmax(axis=0), minlength=n)
    means = scores.mean(axis=1)
    star = int(means.argmax())
    order = sorted(np.flatnonzero(firsts).tolist(), key=lambda j: (-firsts[j], j))
    chosen = sorted({star, *order[:DECISION_LIMIT]})
    regret = scores.max(axis=0) - scores[star]
    evpi = float(regret.mean())
    evpi_se = float(regret.std(ddof=1) / math.sqrt(samples)) if samples > 1 else math.inf
    ids = problem.ids
    inputs = estimate_inputs(
        Inputs(study, ids, problem.active, problem.cells),
        drawn,
        scores[chosen],
        [ids[j] for j in chosen],
        set(chosen),
        bins,
        evpi_se,
    )
    return ValueOfInformation(
        ranking=base,
        samples=samples,
        seed=seed,
        weight_model=weight_model,
        concentration=concentration,
        uncertain_scores=0 if problem.cells is None else problem.cells.count,
        evpi=evpi,
        evpi_se=evpi_se,
        expected_best=ids[star] if n else None,
        expected_score=float(means[star]) if n else 0.0,
        decision=tuple(ids[j] for j in chosen),
        decision_limited=len(order) > DECISION_LIMIT,
        first_options=len(order),
        bins=bins,
        inputs=tuple(inputs),
    )


@dataclass(frozen=True)
class Inputs:
    """Where the uncertain inputs come from: the cells' options and criteria by index."""

    study: Study
    ids: tuple[str, ...]  # option ids by the cells' option index
    active: tuple[str, ...]  # criteria by the cells' criterion index (and the weights')
    cells: Cells | None


def estimate_inputs(
    where: Inputs,
    drawn: Samples,
    among: Matrix,
    names: list[str],
    members: set[int],
    bins: int,
    evpi_se: float,
) -> list[InputValue]:
    """Every input's EVPPI for the decision among ``among``'s rows (named ``names``), by
    value: each score, each weight (when drawn), each group (the cells of the options in
    ``members``, by option and by criterion); none is marked above a floor below the
    EVPI's standard error."""
    found: list[InputValue] = []
    if len(names) < 2:  # one option can come first: nothing to learn
        among = among[:1]
    choice = among.shape[0] > 1
    floor = estimate.noise_floor(among, bins) if choice else 0.0
    cells, active = where.cells, where.active
    if cells is not None and drawn.codes is not None and drawn.centres is not None:
        fits = estimate.single(drawn.codes, drawn.centres, among)
        for i, fit in enumerate(fits):
            option = where.ids[int(cells.option[i])]
            key = active[int(cells.criterion[i])]
            score = where.study.options[option].spec.scores[key]
            assert score.range is not None
            switches = estimate.switch_points(fit.curves, drawn.centres[i])
            found.append(
                InputValue(
                    kind="score",
                    option=option,
                    criterion=key,
                    inputs=1,
                    evppi=fit.evppi,
                    noise=floor,
                    low=score.range[0],
                    value=score.value,
                    high=score.range[1],
                    switches=tuple(Switch(at, names[a], names[b]) for at, a, b in switches),
                )
            )
        found += _groups(where, cells, drawn, among, members, bins)
    if drawn.weights is not None and len(active) > 1:
        codes, centres = rank_bins(drawn.weights, bins)
        for k, fit in enumerate(estimate.single(codes, centres, among)):
            switches = estimate.switch_points(fit.curves, centres[k])
            found.append(
                InputValue(
                    kind="weight",
                    option=None,
                    criterion=active[k],
                    inputs=1,
                    evppi=fit.evppi,
                    noise=floor,
                    switches=tuple(Switch(at, names[a], names[b]) for at, a, b in switches),
                )
            )
        size = len(active)
        found.append(
            InputValue(
                kind="weights",
                option=None,
                criterion=None,
                inputs=size,
                evppi=estimate.group(codes, centres, among) if choice else 0.0,
                noise=(
                    estimate.noise_floor(among, bins, estimate.group_size_bucket(size))
                    if choice
                    else 0.0
                ),
            )
        )
    found = [replace(i, noise=max(i.noise, evpi_se)) for i in found]
    found.sort(key=lambda i: (-i.evppi, i.kind, i.option or "", i.criterion or ""))
    return found


def _groups(
    where: Inputs, cells: Cells, drawn: Samples, among: Matrix, members: set[int], bins: int
) -> list[InputValue]:
    """All the scores of one option (of ``members``); all of one criterion's (theirs)."""
    assert drawn.codes is not None
    assert drawn.centres is not None
    choice = among.shape[0] > 1
    floors: dict[int, float] = {}

    def floor(size: int) -> float:
        size = estimate.group_size_bucket(size)
        if size not in floors:
            floors[size] = estimate.noise_floor(among, bins, size) if choice else 0.0
        return floors[size]

    found: list[InputValue] = []
    rows_of: dict[tuple[str, int], list[int]] = {}
    for i in range(cells.count):
        j = int(cells.option[i])
        if j in members:
            rows_of.setdefault(("option", j), []).append(i)
            rows_of.setdefault(("criterion", int(cells.criterion[i])), []).append(i)
    for (kind, index), rows in sorted(rows_of.items()):
        if len(rows) < 2:
            continue
        evppi = estimate.group(drawn.codes[rows], drawn.centres[rows], among) if choice else 0.0
        found.append(
            InputValue(
                kind=kind,
                option=where.ids[index] if kind == "option" else None,
                criterion=where.active[index] if kind == "criterion" else None,
                inputs=len(rows),
                evppi=evppi,
                noise=floor(len(rows)),
            )
        )
    return found
