"""Sensitivity analysis: how far the ranking can be trusted.

- :mod:`.stability`: exact weight stability intervals (one weight moves, the rest keep
  their ratios; every swap point solved, not sampled).
- :mod:`.montecarlo`: SMAA-2 rank acceptability over sampled weights and score ranges
  (Lahdelma & Salminen 2001), vectorised with numpy in chunks.
- :mod:`.tornado`: each uncertain score moved to the ends of its range, one at a time.

Import the submodules directly. This package itself imports no numpy, so the CLI can
read the choices and defaults below without putting numpy on the path of ``policy rank``.
"""

from __future__ import annotations

from enum import StrEnum

from policy_options.core.methods import additive
from policy_options.core.model import Study
from policy_options.errors import UsageError

METHOD = additive.NAME
"""The aggregation method the sensitivity analyses cover (others: the methods issue)."""


class WeightModel(StrEnum):
    """How Monte Carlo draws weight vectors (criteria the profile weighs 0 always stay 0)."""

    uniform = "uniform"  # uniform on the simplex: no preference information
    profile = "profile"  # Dirichlet(K * profile weights)
    ordinal = "ordinal"  # uniform among weight vectors keeping the profile's order


DEFAULT_SAMPLES = 100_000
DEFAULT_SEED = 20240314  # the date of the source commentary; any fixed number would do
DEFAULT_CONCENTRATION = 20.0
DEFAULT_CONFIDENCE_SAMPLES = 100_000  # capped by --samples


def require_additive(study: Study) -> str:
    """The method to analyse: additive, unless the study asks for another (an error for now)."""
    wanted = str(study.spec.defaults.method)
    if wanted != METHOD:
        raise UsageError(
            f"sensitivity analysis covers the additive method only, and this study's default"
            f" method is {wanted}",
            hint="set `defaults: {method: additive}` in study.yaml to analyse the additive model",
        )
    return METHOD
