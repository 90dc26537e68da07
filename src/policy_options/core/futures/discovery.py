"""Scenario discovery: where in the space of weights, scores and futures an option loses.

Following Bryant & Lempert (2010): sample the uncertain inputs, mark the samples where
the option of interest (default: the base leader) is not first, and find a few boxes,
each bounded on one to three inputs, that hold most of those losses. The samples come
from :mod:`.discovery_space`, the boxes from PRIM, the Patient Rule Induction Method
(Friedman & Fisher 1999; :mod:`.prim`); this module turns the boxes into limits on the
named dimensions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from policy_options.core.futures.discovery_space import ProgressCallback, sample_space
from policy_options.core.futures.prim import MAX_BOXES, PrimResult, prim
from policy_options.core.study.files.model import Study
from policy_options.core.study.scenarios import DEFAULT_DISCOVERY_SAMPLES
from policy_options.core.study.weights import Weights
from policy_options.core.uncertainty.settings import DEFAULT_SEED, WeightModel


@dataclass(frozen=True)
class Limit:
    """One edge of a box: low <= x <= high (None: unbounded), or the scenarios kept."""

    dimension: str
    low: float | None = None
    high: float | None = None
    values: tuple[str, ...] = ()  # the ``scenario`` dimension: the scenarios inside
    # a score that varies in one scenario only: that scenario and the score elsewhere
    scenario: str | None = None
    elsewhere: float | None = None

    @property
    def in_scenario(self) -> str | None:
        """The scenario this limit confines the box to: the one where the score varies,
        when the limit leaves out the score it has in every other future; else None."""
        if self.scenario is None or self.elsewhere is None:
            return None
        below = self.low is not None and self.elsewhere < self.low
        above = self.high is not None and self.elsewhere > self.high
        return self.scenario if below or above else None


@dataclass(frozen=True)
class Box:
    coverage: float  # share of all losses inside the box (and outside earlier boxes)
    density: float  # share of the box's samples (outside earlier boxes) that are losses
    count: int  # samples in the box (outside earlier boxes)
    limits: tuple[Limit, ...]


@dataclass(frozen=True)
class Discovery:
    """The result of :func:`discover`."""

    study: Study
    option: str
    method: str
    weights: Weights
    weight_model: str
    concentration: float | None
    samples: int
    seed: int
    failure_rate: float
    dimensions: tuple[str, ...]
    scenario_probabilities: tuple[tuple[str, float], ...]
    uncertain_scores: int
    boxes: tuple[Box, ...]


def discover(
    study: Study,
    weights: Weights,
    *,
    option: str | None = None,
    method: str | None = None,
    samples: int = DEFAULT_DISCOVERY_SAMPLES,
    seed: int = DEFAULT_SEED,
    weight_model: WeightModel = WeightModel.uniform,
    concentration: float | None = None,
    fixed_scores: bool = False,
    max_boxes: int = MAX_BOXES,
    on_chunk: ProgressCallback | None = None,
) -> Discovery:
    """Sample, mark where ``option`` is not first, and find PRIM boxes; see the module doc."""
    space = sample_space(
        study,
        weights,
        option=option,
        method=method,
        samples=samples,
        seed=seed,
        weight_model=weight_model,
        concentration=concentration,
        fixed_scores=fixed_scores,
        on_chunk=on_chunk,
    )
    found = prim(space.x, space.lost, space.categorical, max_boxes=max_boxes)
    boxes = tuple(
        _box(result, space.dimensions, space.scenarios, space.categorical, space.varies_only_in)
        for result in found
    )
    return Discovery(
        study=study,
        option=space.option,
        method=space.method,
        weights=weights,
        weight_model=weight_model.value,
        concentration=space.concentration,
        samples=samples,
        seed=seed,
        failure_rate=float(space.lost.mean()),
        dimensions=space.dimensions,
        scenario_probabilities=space.probabilities,
        uncertain_scores=space.uncertain_scores,
        boxes=boxes,
    )


def _box(
    result: PrimResult,
    names: Sequence[str],
    scenarios: Sequence[str],
    categorical: Sequence[int],
    varies_only_in: Mapping[str, tuple[str, float]],
) -> Box:
    lows, highs = result.full.low, result.full.high
    limits = []
    for j in sorted(result.columns):
        if j in categorical:
            kept = tuple(scenarios[c] for c in sorted(result.box.categories[j]))
            limits.append(Limit(names[j], values=kept))
            continue
        low = float(result.box.low[j]) if result.box.low[j] > lows[j] else None
        high = float(result.box.high[j]) if result.box.high[j] < highs[j] else None
        scenario, elsewhere = varies_only_in.get(names[j], (None, None))
        limits.append(Limit(names[j], low, high, scenario=scenario, elsewhere=elsewhere))
    return Box(result.coverage, result.density, result.count, tuple(limits))
