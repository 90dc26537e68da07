"""Resolve the weights to use: a profile (by name or file), ``--set`` overrides, normalised."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policy_options.core.load import load_profile_file
from policy_options.core.model import Study
from policy_options.core.suggest import did_you_mean
from policy_options.errors import UsageError


@dataclass(frozen=True)
class Weights:
    """The weights a ranking used: where they came from, raw and normalised (sum 1)."""

    profile: str  # the profile's id, a file path, or "equal"
    name: str
    raw: dict[str, float]
    normalised: dict[str, float]
    overrides: tuple[tuple[str, float], ...] = ()

    @property
    def label(self) -> str:
        """The profile and any overrides, as a header shows them."""
        if not self.overrides:
            return self.profile
        changes = ", ".join(f"{key}={value:g}" for key, value in self.overrides)
        return f"{self.profile} with {changes}"


def normalise(raw: dict[str, float]) -> dict[str, float]:
    """Raw non-negative weights scaled to sum to 1."""
    total = math.fsum(raw.values())
    if not total > 0:
        raise UsageError("all weights are zero: give at least one criterion a positive weight")
    return {key: weight / total for key, weight in raw.items()}


def parse_override(text: str, criteria: Sequence[str]) -> tuple[str, float]:
    """``CRITERION=WEIGHT`` from ``--set``, checked: a known criterion, a finite weight >= 0."""
    key, sep, number = text.partition("=")
    key, number = key.strip(), number.strip()
    if not sep or not key or not number:
        raise UsageError(f"--set {text!r}: expected CRITERION=WEIGHT, e.g. --set deterrence=3")
    if key not in criteria:
        raise UsageError(f"--set {text!r}: unknown criterion '{key}'{did_you_mean(key, criteria)}")
    try:
        weight = float(number)
    except ValueError:
        raise UsageError(f"--set {text!r}: '{number}' is not a number") from None
    if not math.isfinite(weight) or weight < 0:
        raise UsageError(f"--set {text!r}: a weight must be a finite number >= 0")
    return key, weight


def resolve_weights(
    study: Study, spec: str | None = None, overrides: Sequence[str] = ()
) -> Weights:
    """The weights named by ``--weights NAME|FILE`` (default: the study's), with ``--set``s."""
    criteria = list(study.criteria)
    if spec is None:
        spec = study.default_profile
    if spec is None:
        profile_id, name, raw = "equal", "Equal weights", dict.fromkeys(criteria, 1.0)
    elif spec in study.profiles:
        profile = study.profiles[spec]
        profile_id, name, raw = spec, profile.name, dict(profile.spec.weights)
    elif Path(spec).is_file():
        profile = load_profile_file(Path(spec), criteria)
        profile_id, name, raw = profile.file, profile.name, dict(profile.spec.weights)
    else:
        raise UsageError(
            f"unknown weight profile '{spec}'{did_you_mean(spec, study.profiles)}",
            hint="profiles: " + (", ".join(study.profiles) or "none") + "; or give a file path",
        )
    raw = {key: float(raw[key]) for key in criteria}
    parsed = tuple(parse_override(text, criteria) for text in overrides)
    raw.update(dict(parsed))
    return Weights(profile_id, name, raw, normalise(raw), parsed)
