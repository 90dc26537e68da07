"""Studies with modifiers for the analyses' tests: a criterion turned into a modifier.

``as_modifier`` copies a study folder and turns one of its criteria into a modifier
(``role: modifier`` with a value function onto 0..1), its weight dropped from every
profile: the shipped study with political feasibility as the chance of adoption.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

FEASIBILITY = [[0, 0.1], [5, 0.6], [10, 0.9]]
"""Political feasibility 0..10 as the chance the measure is adopted and carried out."""


def as_modifier(
    source: Path, target: Path, key: str = "feasibility", points: list[list[float]] | None = None
) -> Path:
    """A copy of the study folder ``source`` at ``target`` with criterion ``key`` a modifier."""
    shutil.copytree(source, target)
    study_path = target / "study.yaml"
    spec: dict[str, Any] = yaml.safe_load(study_path.read_text(encoding="utf-8"))
    criterion = spec["criteria"][key]
    criterion["role"] = "modifier"
    criterion["value_function"] = points or FEASIBILITY
    criterion.pop("baseline", None)
    criterion.pop("preference", None)
    study_path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    for path in sorted((target / "weights").glob("*.yaml")):
        profile = yaml.safe_load(path.read_text(encoding="utf-8"))
        profile["weights"].pop(key, None)
        path.write_text(yaml.safe_dump(profile, sort_keys=False), encoding="utf-8")
    return target
