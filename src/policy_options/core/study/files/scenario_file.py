"""A scenario file (``scenarios/<name>.yaml``): a future in which some scores differ from
the base study. Applying one to a study is :mod:`policy_options.core.study.scenarios`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import Field, field_validator

from policy_options.core.study.files.fields import FileModel, Number
from policy_options.core.study.files.option_file import Score, SourceQuote, expand_shorthand


class ScenarioFile(FileModel):
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
            return {option: expand_shorthand(found) for option, found in scores.items()}
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
