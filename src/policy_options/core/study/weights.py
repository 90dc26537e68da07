"""Resolve the weights to use: a profile (by name or file), ``--set`` overrides, normalised."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from policy_options.core.study.files.model import Study
from policy_options.core.study.loading.load import load_profile_file
from policy_options.core.study.suggest import did_you_mean
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


def finite_sum(values: Sequence[float] | Iterable[float]) -> float | None:
    """The exact sum of finite weights, or None when it is beyond the largest float."""
    try:
        total = math.fsum(values)
    except OverflowError:  # "intermediate overflow": 1e308 + 1e308
        return None
    return total if math.isfinite(total) else None


def normalise(raw: dict[str, float]) -> dict[str, float]:
    """Raw non-negative weights scaled to sum to 1."""
    total = finite_sum(raw.values())
    if total is None:
        raise UsageError(
            "the weights add up to more than the largest number (about 1.8e308):"
            " use smaller weights; only their ratios count"
        )
    if not total > 0:
        raise UsageError("all weights are zero: give at least one criterion a positive weight")
    return {key: weight / total for key, weight in raw.items()}


def parse_assignment(
    flag: str,
    text: str,
    keys: Sequence[str],
    *,
    name: str,
    value: str,
    example: str,
    no_keys: str | None = None,
) -> tuple[str, float]:
    """``NAME=VALUE`` from a repeatable option (``--set``, ``--budget``), checked: a known
    key and a finite number >= 0, each problem one error naming the flag and the text.
    ``no_keys`` is the message when there is nothing to name."""
    key, sep, number = text.partition("=")
    key, number = key.strip(), number.strip()
    if not sep or not key or not number:
        raise UsageError(
            f"{flag} {text!r}: expected {name.upper()}={value.upper()}, e.g. {flag} {example}"
        )
    if not keys and no_keys is not None:
        raise UsageError(f"{flag} {text!r}: {no_keys}")
    if key not in keys:
        raise UsageError(f"{flag} {text!r}: unknown {name} '{key}'{did_you_mean(key, keys)}")
    try:
        found = float(number)
    except ValueError:
        raise UsageError(f"{flag} {text!r}: '{number}' is not a number") from None
    if not math.isfinite(found) or found < 0:
        raise UsageError(f"{flag} {text!r}: a {value} must be a finite number >= 0")
    return key, found


def parse_override(text: str, criteria: Sequence[str]) -> tuple[str, float]:
    """``CRITERION=WEIGHT`` from ``--set``, checked: a known criterion, a finite weight >= 0."""
    return parse_assignment(
        "--set", text, criteria, name="criterion", value="weight", example="deterrence=3"
    )


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
