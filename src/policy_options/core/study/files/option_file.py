"""An option file (``<option-id>.yaml``) and its parts: the source quote, the scores.

The option's id is its file name; :class:`Option` is an option as loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import Field, field_validator, model_validator

from policy_options.core.study.files.fields import Cost, FileModel, Number


class Stance(StrEnum):
    """What the source says of an option."""

    RECOMMENDED = "recommended"  # the source argues for it
    CONDITIONAL = "conditional"  # for it, under conditions the source states
    DOUBTED = "doubted"  # the source doubts it will work or happen
    INSUFFICIENT = "insufficient"  # worth having, not enough on its own
    REJECTED = "rejected"  # the source argues against it
    IN_PLACE = "in_place"  # already happening


class Basis(StrEnum):
    """Where a score comes from."""

    TEXT = "text"  # the source says it
    INFERENCE = "inference"  # the analyst's reading of what the source says
    OUTSIDE = "outside"  # knowledge from outside the source (name it with ref)


class Confidence(StrEnum):
    """How sure the analyst is of a score."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class SourceQuote(FileModel):
    """Where an option comes from."""

    ref: str = Field(json_schema_extra={"x-policy-ids": "source"})
    """Id of a source in study.yaml's sources."""
    quote: str | None = None
    """A verbatim sentence of the source that proposes or discusses the option."""


class Score(FileModel):
    """One raw score; `criterion: 5` is short for `criterion: {value: 5}`."""

    value: Number
    """The raw score, inside the criterion's scale."""
    range: tuple[Number, Number] | None = None
    """Optional plausible [low, high] holding the value, used by sensitivity analysis."""
    rationale: str = ""
    """Why this score, in a sentence that cites the source."""
    quote: str | None = None
    """A verbatim quote of the source backing the score."""
    basis: Basis | None = None
    """Where the score comes from: text, inference or outside (the source does not say)."""
    ref: str | None = Field(default=None, json_schema_extra={"x-policy-ids": "source"})
    """The source the quote and rationale come from (default: the option's source)."""
    confidence: Confidence | None = None
    """How sure the analyst is: low, medium or high."""

    @model_validator(mode="after")
    def _range_holds_value(self) -> Score:
        if self.range is not None:
            low, high = self.range
            if not low <= self.value <= high:
                raise ValueError(
                    f"range [{low:g}, {high:g}] does not hold the value {self.value:g}"
                )
        return self


class CostSpec(FileModel):
    """One cost; `funding: 250` is short for `funding: {value: 250}`."""

    value: Cost
    """The cost (>= 0) in the resource's unit."""
    range: tuple[Cost, Cost] | None = None
    """Optional plausible [low, high] holding the value, sampled by portfolio robustness."""

    @model_validator(mode="after")
    def _range_holds_value(self) -> CostSpec:
        if self.range is not None:
            low, high = self.range
            if not low <= self.value <= high:
                raise ValueError(f"range [{low:g}, {high:g}] does not hold the cost {self.value:g}")
        return self


def expand_shorthand(scores: Any) -> Any:
    """``{criterion: 5}`` -> ``{criterion: {value: 5}}``; anything else is left to validation."""
    if isinstance(scores, dict):
        return {
            key: {"value": value}
            if isinstance(value, int | float) and not isinstance(value, bool)
            else value
            for key, value in scores.items()
        }
    return scores


class OptionFile(FileModel):
    """``<option-id>.yaml``."""

    title: str
    """One-line title of the option."""
    actor: str = ""
    """Who would carry it out."""
    stance: Stance | None = None
    """What the source says of it: recommended, conditional, doubted, insufficient, rejected
    or in_place."""
    departs: str = ""
    """Why the model's verdict on this option departs from the source's stance on purpose
    (turns the verdict check's warning into a note quoting this reason)."""
    summary: str = ""
    """One or two sentences on what the option is and does."""
    source: SourceQuote | None = None
    """The source the option comes from, with a verbatim quote."""
    scores: dict[str, Score] = Field(json_schema_extra={"x-policy-ids": "criterion-scores"})
    """One score per criterion of the study."""
    costs: dict[str, CostSpec] = Field(default={}, json_schema_extra={"x-policy-ids": "resource"})
    """Portfolios: what the option costs of each resource of study.yaml (>= 0), a number or
    {value, range}."""
    cost_rationale: str = ""
    """Where the costs come from."""
    requires: list[str] = Field(default=[], json_schema_extra={"x-policy-ids": "option"})
    """Portfolios: options that must be taken with this one."""
    requires_any: list[list[str]] = Field(
        default=[], json_schema_extra={"x-policy-ids": "option-groups"}
    )
    """Portfolios: groups of options; a package with this option holds at least one of each
    group (a condition, e.g. arms sales only with political engagement)."""
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
        return expand_shorthand(scores)

    @field_validator("costs", mode="before", json_schema_input_type=dict[str, CostSpec | Cost])
    @classmethod
    def _cost_shorthand(cls, costs: Any) -> Any:
        """``funding: 250`` is short for ``funding: {value: 250}``."""
        return expand_shorthand(costs)

    @property
    def cost_values(self) -> dict[str, float]:
        """resource -> the cost's value."""
        return {key: cost.value for key, cost in self.costs.items()}

    @property
    def cost_ranges(self) -> dict[str, tuple[float, float]]:
        """resource -> [low, high] for the costs that give a range."""
        return {key: cost.range for key, cost in self.costs.items() if cost.range is not None}


@dataclass(frozen=True)
class Option:
    id: str
    spec: OptionFile
    file: str

    @property
    def title(self) -> str:
        return self.spec.title
