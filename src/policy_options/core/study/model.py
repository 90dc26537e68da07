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

from policy_options.core.methods.registry import MethodName

Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Weight = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0)]
Cost = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0)]


class _Model(BaseModel):
    # attribute docstrings become the field descriptions of `policy schema`, which reads
    # them from the source itself (core/schema.py): pydantic's use_attribute_docstrings
    # would parse this file on every start-up, some 30 ms of `policy rank`
    model_config = ConfigDict(extra="forbid", frozen=True)


class Direction(StrEnum):
    """Whether a higher raw score is better or worse."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class Stance(StrEnum):
    """What the source says of an option."""

    RECOMMENDED = "recommended"
    REJECTED = "rejected"
    IN_PLACE = "in_place"


class Scale(_Model):
    """The range every raw score of the criterion lies in; values are 0..1 on it."""

    min: Number
    """Lowest possible raw score."""
    max: Number
    """Highest possible raw score (above min)."""

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if not self.min < self.max:
            raise ValueError(f"scale min ({self.min:g}) must be below max ({self.max:g})")
        return self


class PreferenceFunction(StrEnum):
    """PROMETHEE preference function shape (Brans & Vincke)."""

    USUAL = "usual"
    U_SHAPE = "u-shape"
    V_SHAPE = "v-shape"
    LEVEL = "level"
    LINEAR = "linear"
    GAUSSIAN = "gaussian"


class PreferenceSpec(_Model):
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


class Criterion(_Model):
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
    """A report or article the options cite."""

    title: str
    """The source's title."""
    authors: list[str] = []
    """Its authors, e.g. [Joe Haberman, Paul Cormarie]."""
    publisher: str = ""
    """Publisher or outlet."""
    date: Annotated[datetime.date, Field(strict=True)] | str | None = None
    """Publication date, e.g. 2024-03-14."""
    url: str | None = None
    """Where to read it."""
    file: str | None = None
    """Its text (.txt, .md, .html or .pdf), relative to the study folder, to check quotes."""


class Resource(_Model):
    """A budgeted resource for portfolios: money, senior attention, ..."""

    name: str
    """Display name, e.g. U.S. money."""
    unit: str = ""
    """Unit of the costs and the limit, e.g. $m."""
    limit: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0)]
    """The most a package may spend of it (>= 0)."""
    description: str = ""
    """What the resource is."""


class Defaults(_Model):
    """What commands use when not told otherwise."""

    weights: str | None = Field(default=None, json_schema_extra={"x-policy-ids": "profile"})
    """The weight profile (a file in weights/, without .yaml) used without --weights."""
    method: MethodName = Field(default="additive", json_schema_extra={"x-policy-ids": "method"})
    """The aggregation method used without --method."""


class StudyFile(_Model):
    """``study.yaml``."""

    schema_version: Literal[1] = Field(alias="schema")
    """Version of the study format: 1."""
    title: str
    """The study's title."""
    question: str = ""
    """The question the ranking answers."""
    sources: dict[str, Source] = {}
    """Sources by id; an option's source.ref names one."""
    criteria: dict[str, Criterion] = Field(min_length=1)
    """Criteria by id, in display order; every option scores each one."""
    resources: dict[str, Resource] = {}
    """Budgeted resources by id (portfolios): an option's costs name them."""
    defaults: Defaults = Defaults()
    """Default weight profile and method."""

    @field_validator("schema_version", mode="before")
    @classmethod
    def _not_a_boolean(cls, version: Any) -> Any:
        """``schema: true`` is not 1 (Python's True == 1 would let it through)."""
        if isinstance(version, bool):
            raise ValueError(f"schema must be 1, got {str(version).lower()}")
        return version


class SourceQuote(_Model):
    """Where an option comes from."""

    ref: str = Field(json_schema_extra={"x-policy-ids": "source"})
    """Id of a source in study.yaml's sources."""
    quote: str | None = None
    """A verbatim sentence of the source that proposes or discusses the option."""


class Score(_Model):
    """One raw score; `criterion: 5` is short for `criterion: {value: 5}`."""

    value: Number
    """The raw score, inside the criterion's scale."""
    range: tuple[Number, Number] | None = None
    """Optional plausible [low, high] holding the value, used by sensitivity analysis."""
    rationale: str = ""
    """Why this score, in a sentence that cites the source."""
    quote: str | None = None
    """A verbatim quote of the source backing the score."""

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
    """One-line title of the option."""
    actor: str = ""
    """Who would carry it out."""
    stance: Stance | None = None
    """What the source says of it: recommended, rejected or in_place."""
    summary: str = ""
    """One or two sentences on what the option is and does."""
    source: SourceQuote | None = None
    """The source the option comes from, with a verbatim quote."""
    scores: dict[str, Score] = Field(json_schema_extra={"x-policy-ids": "criterion-scores"})
    """One score per criterion of the study."""
    costs: dict[str, Cost] = Field(default={}, json_schema_extra={"x-policy-ids": "resource"})
    """Portfolios: what the option costs of each resource of study.yaml (>= 0)."""
    cost_rationale: str = ""
    """Where the costs come from."""
    requires: list[str] = Field(default=[], json_schema_extra={"x-policy-ids": "option"})
    """Portfolios: options that must be taken with this one."""
    excludes: list[str] = Field(default=[], json_schema_extra={"x-policy-ids": "option"})
    """Portfolios: options that cannot be taken with this one."""
    link_rationale: str = ""
    """Why it requires or excludes what it does."""
    link_quote: str | None = None
    """A verbatim quote of the source backing the links."""

    @field_validator("scores", mode="before", json_schema_input_type=dict[str, Score | Number])
    @classmethod
    def _shorthand(cls, scores: Any) -> Any:
        """``criterion: 5`` is short for ``criterion: {value: 5}``."""
        return _expand_shorthand(scores)


class ProfileFile(_Model):
    """``weights/<name>.yaml``: raw weights, normalised when used."""

    name: str | None = None
    """Display name of the profile (default: its file name)."""
    description: str = ""
    """Whose view or which concern the weights express."""
    weights: dict[str, Weight] = Field(
        json_schema_extra={
            "x-policy-ids": "criterion-weights",
            "not": {"additionalProperties": {"maximum": 0}},
        }
    )
    """Raw weight per criterion: numbers >= 0, not all zero, normalised to sum 1 when used;
    every criterion needs one (0 ignores it)."""


class ScenarioFile(_Model):
    """``scenarios/<name>.yaml``: a future in which some scores differ from the base study."""

    name: str
    """Display name of the future."""
    description: str = ""
    """What happens in this future, and why some scores differ in it."""
    probability: Number | None = Field(
        default=None, json_schema_extra={"exclusiveMinimum": 0, "maximum": 1}
    )
    """Optional chance of this future, in (0, 1]; the rest of the mass goes to the base study."""
    source: SourceQuote | None = None
    """The source that describes this future, with a verbatim quote."""
    scores: dict[str, dict[str, Score]] = Field(
        default={}, json_schema_extra={"x-policy-ids": "option-scores"}
    )
    """Overrides: option -> criterion -> its score in this future (replaces the whole score)."""
    weights: str | None = Field(default=None, json_schema_extra={"x-policy-ids": "profile"})
    """A weight profile (in weights/) that becomes the default in this future."""

    @field_validator("probability")
    @classmethod
    def _probability(cls, probability: float | None) -> float | None:
        if probability is not None and not 0 < probability <= 1:
            raise ValueError(f"probability must lie in (0, 1], got {probability:g}")
        return probability

    @field_validator(
        "scores", mode="before", json_schema_input_type=dict[str, dict[str, Score | Number]]
    )
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

    options: tuple[str, str] = Field(json_schema_extra={"x-policy-ids": "option"})
    """The two (different) options that interact when taken together."""
    criterion: str = Field(json_schema_extra={"x-policy-ids": "criterion"})
    """The criterion whose package total the pair changes."""
    value: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-1, le=1)]
    """What the pair adds to the package's total on the criterion, on the 0..1 value scale."""
    rationale: str = ""
    """Why the pair interacts."""
    quote: str | None = None
    """A verbatim quote of the source backing it."""

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
