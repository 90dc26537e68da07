"""Sensitivity analysis: how far the ranking can be trusted.

- :mod:`.stability`: exact weight stability intervals (one weight moves, the rest keep
  their ratios; every swap point solved, not sampled).
- :mod:`.montecarlo`: SMAA-2 rank acceptability over sampled weights and score ranges
  (Lahdelma & Salminen 2001), vectorised with numpy in chunks.
- :mod:`.tornado`: each uncertain score moved to the ends of its range, one at a time.
- :mod:`.vectorised`: the aggregation methods in numpy, over many samples at once.

All three work for every aggregation method (``--method``; default: the study's).

Import the submodules directly. This package itself imports no numpy, so the CLI can
read the choices and defaults below without putting numpy on the path of ``policy rank``.
"""

from __future__ import annotations

import math
from enum import StrEnum

from policy_options.core.methods import Method, built_in
from policy_options.core.study.files.model import Study
from policy_options.errors import UsageError


class WeightModel(StrEnum):
    """How Monte Carlo draws weight vectors (criteria the profile weighs 0 always stay 0)."""

    uniform = "uniform"  # uniform on the simplex: no preference information
    profile = "profile"  # Dirichlet(K * profile weights)
    ordinal = "ordinal"  # uniform among weight vectors keeping the profile's order


DEFAULT_SAMPLES = 100_000
DEFAULT_SEED = 20240314  # the date of the source commentary; any fixed number would do
DEFAULT_CONCENTRATION = 20.0
DEFAULT_CONFIDENCE_SAMPLES = 100_000  # capped by --samples
PAIRWISE_ALL_UP_TO = 100  # Monte Carlo: every pair up to this many options ...
PAIRWISE_TOP = 30  # ... above it, the pairs among the top 30 of the base ranking
MAX_SAMPLES = 1_000_000_000
"""The most samples any command takes: 1e9 already runs for many minutes; more is a typo."""


def check_samples(samples: int, option: str = "--samples") -> int:
    """``samples`` if it is a whole number in 1..MAX_SAMPLES, else a :class:`UsageError`."""
    if samples < 1:
        raise UsageError(f"{option} must be a whole number >= 1, got {samples}")
    if samples > MAX_SAMPLES:
        raise UsageError(
            f"{option} must be at most {MAX_SAMPLES:,} (1e9), got {samples:,}",
            hint="a million samples already gives shares to within 0.1%",
        )
    return samples


def resolve_method(study: Study, method: str | None = None) -> Method:
    """The method to analyse: ``method`` if given, else the study's ``defaults.method``
    (a built-in one: a plugin's method has no numpy counterpart)."""
    return built_in(method if method is not None else study.spec.defaults.method)


def check_weight_settings(
    seed: int, model: WeightModel, concentration: float | None
) -> float | None:
    """Check a sampler's seed and weight model; the Dirichlet concentration the model uses.

    The profile model's K defaults to ``DEFAULT_CONCENTRATION``; the other models take none.
    """
    if seed < 0:
        raise UsageError(f"--seed must be a whole number >= 0, got {seed}")
    if concentration is not None:
        if not (math.isfinite(concentration) and concentration > 0):
            raise UsageError(f"--concentration must be a number > 0, got {concentration:g}")
        if model is not WeightModel.profile:
            raise UsageError(
                f"--concentration applies to --weight-model profile only, not {model.value}"
            )
    if model is WeightModel.profile:
        return DEFAULT_CONCENTRATION if concentration is None else float(concentration)
    return None
