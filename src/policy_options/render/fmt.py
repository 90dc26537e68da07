"""Number formats shared by every renderer, so the same number reads the same everywhere."""

from __future__ import annotations

from policy_options.core.model import Criterion


def points(score: float) -> str:
    """A 0..1 score as points out of 100 with one decimal: 0.6321 -> '63.2'."""
    return f"{score * 100 + 0.0:.1f}"


def signed_points(delta: float) -> str:
    """A 0..1 difference as signed points: 0.021 -> '+2.1'."""
    text = f"{delta * 100:+.1f}".replace("-", "−")
    return "±0.0" if text in {"+0.0", "−0.0"} else text


def percent(weight: float) -> str:
    """A weight as a percentage with one decimal: 0.25 -> '25.0%'."""
    return f"{weight * 100 + 0.0:.1f}%"


def raw(x: float) -> str:
    """A raw score as the analyst wrote it: 7 -> '7', 7.5 -> '7.5'."""
    return f"{x:g}"


def with_unit(x: float, criterion: Criterion) -> str:
    """'24 months', '1 month', '7 points'; a bare number when the criterion has no unit."""
    unit = criterion.unit
    if not unit:
        return raw(x)
    if x == 1 and unit.endswith("s") and len(unit) > 1:
        unit = unit[:-1]
    return f"{raw(x)} {unit}"


def scale(criterion: Criterion) -> str:
    text = f"{raw(criterion.scale.min)}–{raw(criterion.scale.max)}"
    return f"{text} {criterion.unit}" if criterion.unit else text


def direction(criterion: Criterion) -> str:
    return "higher is better" if criterion.direction == "higher_is_better" else "lower is better"


def exact(x: float) -> float:
    """A float for machine-readable output: rounded to 12 decimals, never -0.0."""
    return round(x, 12) + 0.0


def gap_sentence(
    margin: float, diffs: tuple[tuple[str, float], ...], names: dict[str, str], n: int = 3
) -> str:
    """'3.3 points behind; gains on A +12.4; loses on B -6.2, C -3.4': what makes a gap.

    ``margin`` is this option's score minus the other's; ``diffs`` the per-criterion
    contribution differences, largest first.
    """
    if abs(margin) <= 1e-9:
        head = "level"
    else:
        head = f"{abs(margin) * 100:.1f} points {'ahead' if margin > 0 else 'behind'}"
    gains = [f"{names[k]} {signed_points(d)}" for k, d in diffs if d > 1e-12][:n]
    losses = [f"{names[k]} {signed_points(d)}" for k, d in diffs if d < -1e-12][:n]
    parts = [head]
    if gains:
        parts.append("gains on " + ", ".join(gains))
    if losses:
        parts.append("loses on " + ", ".join(losses))
    return "; ".join(parts)
