"""``interactions.yaml`` (portfolios): pairs of options that, taken together, add to a
criterion's total."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from policy_options.core.study.files.fields import FileModel


class Interaction(FileModel):
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


class InteractionsFile(FileModel):
    """``interactions.yaml``: a list of pairwise interactions (the file is a YAML list)."""

    interactions: list[Interaction]
