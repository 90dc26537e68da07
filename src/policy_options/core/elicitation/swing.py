"""Swing weights (von Winterfeldt & Edwards 1986, *Decision Analysis and Behavioral
Research*, ch. 8).

Each criterion's swing from the worst to the best of its scale gets points relative to
the most wanted swing (100); weights are the points normalised.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from policy_options.core.elicitation.derived_weights import DerivedWeights, check_criterion
from policy_options.errors import UsageError

MAX_POINTS = 100.0


def parse_points(texts: Sequence[str], criteria: Sequence[str]) -> dict[str, float]:
    """``CRITERION=POINTS`` from ``--points``: a known criterion, once, points in 0..100."""
    points: dict[str, float] = {}
    seen: set[str] = set()
    for text in texts:
        key, sep, number = text.partition("=")
        key, number = key.strip(), number.strip()
        if not sep or not key or not number:
            raise UsageError(
                f"--points {text!r}: expected CRITERION=POINTS, e.g. --points deterrence=100"
            )
        try:
            check_criterion(key, criteria, seen, "--points")
        except UsageError as exc:
            raise UsageError(f"--points {text!r}: {exc.message}", hint=exc.hint) from None
        try:
            value = float(number)
        except ValueError:
            raise UsageError(f"--points {text!r}: '{number}' is not a number") from None
        check_points(key, value)
        points[key] = value
    return points


def check_points(key: str, value: float) -> None:
    if not (math.isfinite(value) and 0 <= value <= MAX_POINTS):
        raise UsageError(
            f"points for '{key}' must lie in 0..100 (the best swing gets 100), got {value:g}"
        )


def swing_weights(points: Mapping[str, float], criteria: Sequence[str]) -> DerivedWeights:
    """Swing weights: the points of each criterion's worst-to-best swing, normalised.

    Every criterion needs points (0 ignores one), each in 0..100, and the most
    wanted swing gets exactly 100: the others are judged relative to it.
    """
    missing = [key for key in criteria if key not in points]
    if missing:
        raise UsageError(
            "no points for " + ", ".join(f"'{key}'" for key in missing),
            hint="give every criterion --points CRITERION=N (0 ignores one)",
        )
    for key in criteria:
        check_points(key, points[key])
    best = max(points[key] for key in criteria)
    if best != MAX_POINTS:
        raise UsageError(
            f"the best swing gets 100 points, but the highest given is {best:g}",
            hint="give the swing you would most want 100 and the others points relative to it",
        )
    order = sorted(criteria, key=lambda key: (-points[key], list(criteria).index(key)))
    listing = ", ".join(f"{key} {points[key]:g}" for key in order)
    return DerivedWeights(
        method="swing",
        label="Swing weights",
        description=(
            "Swing weights (von Winterfeldt & Edwards 1986): points for each criterion's"
            " swing from the worst to the best of its scale, relative to the most wanted"
            f" swing (100): {listing}."
        ),
        raw={key: float(points[key]) for key in criteria},
    )
