"""A weight profile file (``weights/<name>.yaml``) and the profile as loaded."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from policy_options.core.study.files.fields import FileModel, Weight


class ProfileFile(FileModel):
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


@dataclass(frozen=True)
class Profile:
    id: str
    spec: ProfileFile
    file: str

    @property
    def name(self) -> str:
        return self.spec.name or self.id
