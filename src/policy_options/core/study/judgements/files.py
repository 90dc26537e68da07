"""The judgement files: ``judgements/<analyst>/<option>.yaml`` and the optional
``judgements/<analyst>/weights.yaml``, and an analyst's layer as loaded.

A judgement is IDEA's four-point answer (Hemming et al. 2018): a best estimate
(``value``), a ``lowest`` and a ``highest`` plausible score and the ``confidence`` (in
percent) that the truth lies between them, with a rationale. An analyst scores any
subset of the cells; the option files' own scores stay the study's point of reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator

from policy_options.core.study.files.fields import FileModel, Number
from policy_options.core.study.files.option_file import expand_shorthand
from policy_options.core.study.files.profile_file import Profile
from policy_options.core.study.judgements.distribution import Pool

JUDGEMENTS_DIR = "judgements"
ANALYST_WEIGHTS = "weights.yaml"
POOLED = "pooled"
"""``--judgements pooled``: every analyst's judgements pooled; any other name is an analyst."""

Percent = Annotated[float, Field(strict=True, allow_inf_nan=False)]


class Judgement(FileModel):
    """One analyst's score of one cell; `criterion: 5` is short for `criterion: {value: 5}`."""

    value: Number
    """The analyst's best estimate, inside the criterion's scale."""
    lowest: Number | None = None
    """The lowest plausible score (IDEA's lowest estimate)."""
    highest: Number | None = None
    """The highest plausible score (IDEA's highest estimate)."""
    confidence: Percent | None = None
    """How sure, in percent (above 0, at most 100), that the truth lies in [lowest, highest]
    (default: the common credibility, 80)."""
    rationale: str = ""
    """Why this score, in a sentence."""

    @field_validator("confidence")
    @classmethod
    def _percent(cls, confidence: float | None) -> float | None:
        if confidence is not None and not 0 < confidence <= 100:
            raise ValueError(f"confidence must lie in (0, 100] percent, got {confidence:g}")
        return confidence

    @model_validator(mode="after")
    def _ordered(self) -> Judgement:
        low = self.value if self.lowest is None else self.lowest
        high = self.value if self.highest is None else self.highest
        if low > high:
            raise ValueError(f"lowest {low:g} is above highest {high:g}")
        if not low <= self.value <= high:
            raise ValueError(
                f"the best estimate {self.value:g} lies outside [lowest, highest]"
                f" = [{low:g}, {high:g}]"
            )
        return self


class JudgementFile(FileModel):
    """``judgements/<analyst>/<option>.yaml``: one analyst's scores of one option."""

    scores: dict[str, Judgement] = Field(
        default={}, json_schema_extra={"x-policy-ids": "criterion-scores"}
    )
    """criterion -> the analyst's judgement (any subset of the criteria)."""

    @field_validator("scores", mode="before", json_schema_input_type=dict[str, Judgement | Number])
    @classmethod
    def _shorthand(cls, scores: Any) -> Any:
        return expand_shorthand(scores)


@dataclass(frozen=True)
class Analyst:
    """One analyst's layer: option -> criterion -> judgement, the files, optional weights."""

    id: str
    scores: dict[str, dict[str, Judgement]]
    files: dict[str, str]  # option -> the file it was read from
    weights: Profile | None = None

    @property
    def cells(self) -> int:
        return sum(len(found) for found in self.scores.values())


@dataclass(frozen=True)
class Judged:
    """What ``apply_judgements`` did to a study: ``pooled`` or one analyst's name, and for
    a pooled study each pooled cell's opinion pool (what the sampler draws from)."""

    name: str
    pools: dict[tuple[str, str], Pool] = field(default_factory=dict)  # (option, criterion)

    @property
    def label(self) -> str:
        return "judgements pooled" if self.name == POOLED else f"analyst {self.name}"
