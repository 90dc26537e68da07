"""The study file format as pydantic models (validated, unknown keys forbidden).

A study is a folder: ``study.yaml`` (criteria, sources, defaults), one
``<option-id>.yaml`` per option and ``weights/<name>.yaml`` per weight profile.
The ``*File`` models mirror one file each; :class:`Study` is the loaded whole.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from policy_options.core.methods import Method

Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Weight = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0)]
Cost = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class Stance(StrEnum):
    """What the source says of an option."""

    RECOMMENDED = "recommended"
    REJECTED = "rejected"
    IN_PLACE = "in_place"


class Scale(_Model):
    min: Number
    max: Number

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if not self.min < self.max:
            raise ValueError(f"scale min ({self.min:g}) must be below max ({self.max:g})")
        return self


class PreferenceFunction(StrEnum):
    USUAL = "usual"
    U_SHAPE = "u-shape"
    V_SHAPE = "v-shape"
    LEVEL = "level"
    LINEAR = "linear"
    GAUSSIAN = "gaussian"


class PreferenceSpec(_Model):
    """A PROMETHEE preference function, thresholds in the criterion's raw units."""

    function: PreferenceFunction
    q: Weight = 0.0
    p: Weight = 0.0
    s: Weight = 0.0

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


class Criterion(_Model):
    name: str
    description: str = ""
    direction: Direction
    scale: Scale
    unit: str = ""
    value_function: list[tuple[Number, Number]] | None = None
    preference: PreferenceSpec | None = None
    threshold: Number | None = None
    baseline: Number | None = None  # portfolios: the raw score of an option not taken

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


class Source(_Model):
    title: str
    authors: list[str] = []
    publisher: str = ""
    date: datetime.date | str | None = None
    url: str | None = None
    file: str | None = None  # its text (.txt, .md, .html, .pdf), relative to the study folder


class Resource(_Model):
    """A budgeted resource for portfolios: money, senior attention, ..."""

    name: str
    unit: str = ""
    limit: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0)]
    description: str = ""


class Defaults(_Model):
    weights: str | None = None
    method: Method = Method.additive


class StudyFile(_Model):
    """``study.yaml``."""

    schema_version: Literal[1] = Field(alias="schema")
    title: str
    question: str = ""
    sources: dict[str, Source] = {}
    criteria: dict[str, Criterion] = Field(min_length=1)
    resources: dict[str, Resource] = {}
    defaults: Defaults = Defaults()


class SourceQuote(_Model):
    ref: str
    quote: str | None = None


class Score(_Model):
    value: Number
    range: tuple[Number, Number] | None = None
    rationale: str = ""
    quote: str | None = None

    @model_validator(mode="after")
    def _range_holds_value(self) -> Score:
        if self.range is not None:
            low, high = self.range
            if not low <= self.value <= high:
                raise ValueError(
                    f"range [{low:g}, {high:g}] does not hold the value {self.value:g}"
                )
        return self


def _expand_shorthand(scores: Any) -> Any:
    """``{criterion: 5}`` -> ``{criterion: {value: 5}}``; anything else is left to validation."""
    if isinstance(scores, dict):
        return {
            key: {"value": value}
            if isinstance(value, int | float) and not isinstance(value, bool)
            else value
            for key, value in scores.items()
        }
    return scores


class OptionFile(_Model):
    """``<option-id>.yaml``."""

    title: str
    actor: str = ""
    stance: Stance | None = None
    summary: str = ""
    source: SourceQuote | None = None
    scores: dict[str, Score]
    costs: dict[str, Cost] = {}
    cost_rationale: str = ""
    requires: list[str] = []
    excludes: list[str] = []
    link_rationale: str = ""  # why it requires or excludes what it does
    link_quote: str | None = None

    @field_validator("scores", mode="before")
    @classmethod
    def _shorthand(cls, scores: Any) -> Any:
        """``criterion: 5`` is short for ``criterion: {value: 5}``."""
        return _expand_shorthand(scores)


class ProfileFile(_Model):
    """``weights/<name>.yaml``: raw weights, normalised when used."""

    name: str | None = None
    description: str = ""
    weights: dict[str, Weight]


class ScenarioFile(_Model):
    """``scenarios/<name>.yaml``: a future in which some scores differ from the base study."""

    name: str
    description: str = ""
    probability: Number | None = None  # in (0, 1]; the rest of the mass goes to base
    source: SourceQuote | None = None
    scores: dict[str, dict[str, Score]] = {}  # option -> criterion -> the score in this future
    weights: str | None = None  # a profile that becomes the default in this future

    @field_validator("probability")
    @classmethod
    def _probability(cls, probability: float | None) -> float | None:
        if probability is not None and not 0 < probability <= 1:
            raise ValueError(f"probability must lie in (0, 1], got {probability:g}")
        return probability

    @field_validator("scores", mode="before")
    @classmethod
    def _shorthand(cls, scores: Any) -> Any:
        """``criterion: 5`` is short for ``criterion: {value: 5}``, as in an option file."""
        if isinstance(scores, dict):
            return {option: _expand_shorthand(found) for option, found in scores.items()}
        return scores


@dataclass(frozen=True)
class Scenario:
    """A loaded scenario: its id is the file name without ``.yaml``."""

    id: str
    spec: ScenarioFile
    file: str

    @property
    def name(self) -> str:
        return self.spec.name


BASE_SCENARIO = "base"
"""The implicit scenario: the study as its option files give it."""


class Interaction(_Model):
    """One entry of ``interactions.yaml``: when both options are in a package, add ``value``
    (on the 0..1 value scale) to the package's total on ``criterion``."""

    options: tuple[str, str]
    criterion: str
    value: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-1, le=1)]
    rationale: str = ""
    quote: str | None = None

    @field_validator("options")
    @classmethod
    def _two_different(cls, options: tuple[str, str]) -> tuple[str, str]:
        if options[0] == options[1]:
            raise ValueError(
                f"an interaction needs two different options, got '{options[0]}' twice"
            )
        return options


class InteractionsFile(_Model):
    """``interactions.yaml``: a list of pairwise interactions (the file is a YAML list)."""

    interactions: list[Interaction]


@dataclass(frozen=True)
class Option:
    id: str
    spec: OptionFile
    file: str

    @property
    def title(self) -> str:
        return self.spec.title


@dataclass(frozen=True)
class Profile:
    id: str
    spec: ProfileFile
    file: str

    @property
    def name(self) -> str:
        return self.spec.name or self.id


@dataclass(frozen=True)
class Study:
    """A loaded, cross-checked study. Options are ordered by id, criteria as declared."""

    path: Path
    spec: StudyFile
    options: dict[str, Option]
    profiles: dict[str, Profile]
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    scenario: Scenario | None = None  # the future this study is in; None: the base study
    interactions: tuple[Interaction, ...] = ()
    interactions_file: str | None = None

    @property
    def title(self) -> str:
        """The study's title; naming the scenario when one is applied (every header shows it)."""
        if self.scenario is None:
            return self.spec.title
        return f"{self.spec.title} · scenario {self.scenario.id}: {self.scenario.name}"

    @property
    def criteria(self) -> dict[str, Criterion]:
        return self.spec.criteria

    @property
    def default_profile(self) -> str | None:
        if self.spec.defaults.weights is not None:
            return self.spec.defaults.weights
        return next(iter(self.profiles), None)
