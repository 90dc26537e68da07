"""The study file format as pydantic models (validated, unknown keys forbidden).

A study is a folder: ``study.yaml`` (criteria, sources, defaults), one
``<option-id>.yaml`` per option and ``weights/<name>.yaml`` per weight profile.
The ``*File`` models mirror one file each: :class:`StudyFile` here, with
:class:`Study`, the loaded whole; the others beside it (criteria.py, option_file.py,
profile_file.py, scenario_file.py, interactions_file.py).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from policy_options.core.interchange.tabular import Tabular
from policy_options.core.methods.registry import MethodName
from policy_options.core.study.files.criteria import Criterion
from policy_options.core.study.files.fields import FileModel
from policy_options.core.study.files.interactions_file import Interaction
from policy_options.core.study.files.option_file import Option
from policy_options.core.study.files.profile_file import Profile
from policy_options.core.study.files.scenario_file import Scenario
from policy_options.core.study.judgements.files import Analyst, Judged


class Source(FileModel):
    """A report or article the options cite."""

    title: str
    """The source's title."""
    authors: list[str] = Field(default=[])
    """Its authors, e.g. [Joe Haberman, Paul Cormarie]."""
    publisher: str = ""
    """Publisher or outlet."""
    date: Annotated[datetime.date, Field(strict=True)] | str | None = None
    """Publication date, e.g. 2024-03-14."""
    url: str | None = None
    """Where to read it."""
    file: str | None = None
    """Its text (.txt, .md, .html or .pdf), relative to the study folder, to check quotes."""


class Resource(FileModel):
    """A budgeted resource for portfolios: money, senior attention, ..."""

    name: str
    """Display name, e.g. U.S. money."""
    unit: str = ""
    """Unit of the costs and the limit, e.g. $m."""
    limit: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0)]
    """The most a package may spend of it (>= 0)."""
    description: str = ""
    """What the resource is."""


class Defaults(FileModel):
    """What commands use when not told otherwise."""

    weights: str | None = Field(default=None, json_schema_extra={"x-policy-ids": "profile"})
    """The weight profile (a file in weights/, without .yaml) used without --weights."""
    method: MethodName = Field(default="additive", json_schema_extra={"x-policy-ids": "method"})
    """The aggregation method used without --method."""


class StudyFile(FileModel):
    """``study.yaml``."""

    schema_version: Literal[1] = Field(alias="schema")
    """Version of the study format: 1."""
    title: str
    """The study's title."""
    question: str = ""
    """The question the ranking answers."""
    sources: dict[str, Source] = Field(default={})
    """Sources by id; an option's source.ref names one."""
    criteria: dict[str, Criterion] = Field(min_length=1)
    """Criteria by id, in display order; every option scores each one."""
    reference: str | None = Field(default=None, json_schema_extra={"x-policy-ids": "option"})
    """The option that stands for doing nothing new (the status quo): shown as a reference
    line, every option's gain over it, and the portfolio baseline of every criterion."""
    resources: dict[str, Resource] = Field(default={})
    """Budgeted resources by id (portfolios): an option's costs name them."""
    defaults: Defaults = Defaults()
    """Default weight profile and method."""
    judgements: str | None = None
    """Several analysts (judgements/<analyst>/): `pooled` ranks every command with the
    pooled judgements (median value, the analysts' opinion pool as the uncertainty), an
    analyst's name with that analyst's scores; --judgements overrides it."""

    @property
    def value_criteria(self) -> dict[str, Criterion]:
        """The criteria that take a weight (every one but the modifiers), in declared order."""
        if not any(c.is_modifier for c in self.criteria.values()):
            return self.criteria
        return {key: c for key, c in self.criteria.items() if not c.is_modifier}

    @field_validator("schema_version", mode="before")
    @classmethod
    def _not_a_boolean(cls, version: Any) -> Any:
        """``schema: true`` is not 1 (Python's True == 1 would let it through)."""
        if isinstance(version, bool):
            raise ValueError(f"schema must be 1, got {str(version).lower()}")
        return version


@dataclass(frozen=True)
class Study(Tabular):
    """A loaded, cross-checked study. Options are ordered by id, criteria as declared."""

    path: Path
    spec: StudyFile
    options: dict[str, Option]
    profiles: dict[str, Profile]
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    scenario: Scenario | None = None  # the future this study is in; None: the base study
    interactions: tuple[Interaction, ...] = ()
    interactions_file: str | None = None
    analysts: dict[str, Analyst] = field(default_factory=dict)  # judgements/<analyst>/
    judged: Judged | None = None  # the judgements applied (pooled or one analyst's); None: none

    @property
    def title(self) -> str:
        """The study's title; naming the scenario when one is applied (every header shows it)."""
        title = self.spec.title
        if self.scenario is not None:
            title = f"{title} · scenario {self.scenario.id}: {self.scenario.name}"
        if self.judged is not None:
            title = f"{title} · {self.judged.label}"
        return title

    @functools.cached_property
    def criteria(self) -> dict[str, Criterion]:
        """The value criteria (weighted and added up), in declared order."""
        return self.spec.value_criteria

    @functools.cached_property
    def modifiers(self) -> dict[str, Criterion]:
        """The modifier criteria (each a factor in 0..1 on the weighted sum), in declared order."""
        return {key: c for key, c in self.spec.criteria.items() if c.is_modifier}

    @property
    def all_criteria(self) -> dict[str, Criterion]:
        """Every criterion of study.yaml, value criteria and modifiers, in declared order."""
        return self.spec.criteria

    @property
    def reference(self) -> str | None:
        """The id of the do-nothing reference option, if the study names one."""
        return self.spec.reference

    @property
    def default_profile(self) -> str | None:
        if self.spec.defaults.weights is not None:
            return self.spec.defaults.weights
        return next(iter(self.profiles), None)
