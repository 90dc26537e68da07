"""A criterion of the study: its direction and scale, and what refines them (a value
function, a PROMETHEE preference function, a threshold, a portfolio baseline)."""

from __future__ import annotations

import itertools
import math
from enum import StrEnum

from pydantic import ValidationInfo, field_validator, model_validator

from policy_options.core.study.files.fields import FileModel, Number, Weight


class Direction(StrEnum):
    """Whether a higher raw score is better or worse."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class Role(StrEnum):
    """What a criterion does to an option's score."""

    VALUE = "value"  # weighted and added up: sum_k w_k v_ik
    MODIFIER = "modifier"  # multiplies the weighted sum by a factor in 0..1 (no weight)


class Scale(FileModel):
    """The range every raw score of the criterion lies in; values are 0..1 on it."""

    min: Number
    """Lowest possible raw score."""
    max: Number
    """Highest possible raw score (above min)."""

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if not self.min < self.max:
            raise ValueError(f"scale min ({self.min:g}) must be below max ({self.max:g})")
        if not math.isfinite(self.max - self.min):  # every value would be 0/inf = 0
            raise ValueError(
                f"scale {self.min:g}..{self.max:g} is wider than the largest number"
                " (about 1.8e308): use a unit that keeps its width finite"
            )
        return self


class PreferenceFunction(StrEnum):
    """PROMETHEE preference function shape (Brans & Vincke)."""

    USUAL = "usual"
    U_SHAPE = "u-shape"
    V_SHAPE = "v-shape"
    LEVEL = "level"
    LINEAR = "linear"
    GAUSSIAN = "gaussian"


class PreferenceSpec(FileModel):
    """A PROMETHEE preference function, thresholds in the criterion's raw units."""

    function: PreferenceFunction
    """Shape: usual, u-shape, v-shape, level, linear or gaussian."""
    q: Weight = 0.0
    """Indifference threshold: differences up to q count as no preference."""
    p: Weight = 0.0
    """Preference threshold: differences of p or more count as full preference."""
    s: Weight = 0.0
    """Gaussian width (gaussian only)."""

    @model_validator(mode="after")
    def _thresholds_fit(self) -> PreferenceSpec:
        kind = self.function
        if kind in {"v-shape", "level", "linear"} and not self.p > 0:
            raise ValueError(f"preference function '{kind}' needs a threshold p > 0")
        if kind in {"level", "linear"} and not self.p > self.q:
            raise ValueError(f"preference function '{kind}' needs p > q")
        if kind == "u-shape" and not self.q > 0:
            raise ValueError("preference function 'u-shape' needs a threshold q > 0")
        if kind == "gaussian" and not self.s > 0:
            raise ValueError("preference function 'gaussian' needs s > 0")
        return self


class Criterion(FileModel):
    """One criterion the options are scored on."""

    name: str
    """Display name, e.g. Deterrence by denial."""
    description: str = ""
    """What the criterion measures and what the scale's points mean."""
    direction: Direction
    """higher_is_better or lower_is_better."""
    scale: Scale
    """The scale every score of this criterion lies in, e.g. {min: 0, max: 10}."""
    unit: str = ""
    """Unit of the raw scores, e.g. points or months."""
    role: Role = Role.VALUE
    """value (weighted and added up, the default) or modifier: the criterion takes no
    weight and its value_function maps the raw score onto a factor in 0..1 that multiplies
    the option's weighted sum (e.g. the chance the measure is adopted and carried out)."""
    value_function: list[tuple[Number, Number]] | None = None
    """Optional piecewise-linear [[x, value], ...] from the scale's min to its max,
    x strictly increasing, values in 0..1; replaces the linear value."""
    preference: PreferenceSpec | None = None
    """PROMETHEE preference function (default: v-shape over the whole scale)."""
    threshold: Number | None = None
    """Worst acceptable raw score: options beyond it are flagged (--exclude-failing drops them)."""
    baseline: Number | None = None
    """Portfolios: the raw score of an option not taken (default: the worst end of the
    scale)."""

    @model_validator(mode="after")
    def _modifier_maps_onto_a_factor(self) -> Criterion:
        if self.role is not Role.MODIFIER:
            return self
        if self.value_function is None:
            raise ValueError(
                "a modifier needs a value_function mapping its scale onto a factor in 0..1,"
                f" e.g. [[{self.scale.min:g}, 0.1], [{self.scale.max:g}, 0.9]]"
            )
        if self.baseline is not None:
            raise ValueError("a modifier takes no portfolio baseline (it scales, it adds nothing)")
        if self.preference is not None:
            raise ValueError("a modifier takes no PROMETHEE preference function (it has no weight)")
        return self

    @property
    def is_modifier(self) -> bool:
        return self.role is Role.MODIFIER

    @field_validator("baseline")
    @classmethod
    def _baseline_in_scale(cls, baseline: float | None, info: ValidationInfo) -> float | None:
        scale = info.data.get("scale")
        if baseline is not None and scale is not None and not scale.min <= baseline <= scale.max:
            raise ValueError(
                f"baseline {baseline:g} lies outside the scale {scale.min:g}..{scale.max:g}"
            )
        return baseline

    @property
    def baseline_score(self) -> float:
        """The baseline raw score: as declared, else the scale's worst end (added value = value)."""
        if self.baseline is not None:
            return self.baseline
        if self.direction is Direction.HIGHER_IS_BETTER:
            return self.scale.min
        return self.scale.max

    @field_validator("threshold")
    @classmethod
    def _threshold_in_scale(cls, threshold: float | None, info: ValidationInfo) -> float | None:
        scale = info.data.get("scale")
        if threshold is not None and scale is not None and not scale.min <= threshold <= scale.max:
            raise ValueError(
                f"threshold {threshold:g} lies outside the scale {scale.min:g}..{scale.max:g}"
            )
        return threshold

    def fails(self, x: float) -> bool:
        """True when raw score ``x`` is worse than this criterion's threshold."""
        if self.threshold is None:
            return False
        if self.direction is Direction.HIGHER_IS_BETTER:
            return x < self.threshold
        return x > self.threshold

    @field_validator("value_function")
    @classmethod
    def _value_function_fits_scale(
        cls, points: list[tuple[float, float]] | None, info: ValidationInfo
    ) -> list[tuple[float, float]] | None:
        scale = info.data.get("scale")
        if points is None or scale is None:
            return points
        if len(points) < 2:
            raise ValueError("value_function needs at least two points")
        xs = [x for x, _ in points]
        if xs[0] != scale.min or xs[-1] != scale.max:
            raise ValueError(
                f"value_function must start at the scale's min ({scale.min:g}) and end at"
                f" its max ({scale.max:g}); it runs from {xs[0]:g} to {xs[-1]:g}"
            )
        if any(b <= a for a, b in itertools.pairwise(xs)):
            raise ValueError("value_function x values must be strictly increasing")
        if any(not 0 <= v <= 1 for _, v in points):
            raise ValueError("value_function values must lie in 0..1")
        return points
