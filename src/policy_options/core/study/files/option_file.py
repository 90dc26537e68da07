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

    RECOMMENDED = "recommended"
    REJECTED = "rejected"
    IN_PLACE = "in_place"


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

    @model_validator(mode="after")
    def _range_holds_value(self) -> Score:
        if self.range is not None:
            low, high = self.range
            if not low <= self.value <= high:
                raise ValueError(
                    f"range [{low:g}, {high:g}] does not hold the value {self.value:g}"
                )
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
        return expand_shorthand(scores)


@dataclass(frozen=True)
class Option:
    id: str
    spec: OptionFile
    file: str

    @property
    def title(self) -> str:
        return self.spec.title
