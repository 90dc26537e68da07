"""``policy new criterion ID``: a criterion added to a whole study at once.

A criterion is a key of ``study.yaml`` that every option scores and every weight
profile weighs, so adding one touches every file: ``study.yaml`` gains the commented
criterion, each option a placeholder score at the middle of the scale (empty rationale:
``policy validate`` warns until it is filled), each profile a weight of 0 (the ranking is
unchanged until the analyst weighs it). Files are edited in ruamel.yaml's round-trip
mode, so keys, quotes and comments stay as they were. Nothing is written here: the caller
gets every file's new text, checked to load, and writes them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policy_options.core.study.loading.folder import (
    NOT_OPTIONS,
    STUDY_FILE,
    WEIGHTS_DIR,
    display_path,
    yaml_files,
)
from policy_options.core.study.scaffold import title_of, yaml_number
from policy_options.errors import UsageError


@dataclass(frozen=True)
class NewCriterion:
    """What the analyst asked for: an id, a direction, a scale."""

    id: str
    higher_is_better: bool = True
    low: float = 0.0
    high: float = 10.0
    unit: str = "points"


def parse_scale(text: str) -> tuple[float, float]:
    """``0..10`` -> (0, 10); a UsageError otherwise."""
    low, sep, high = text.partition("..")
    try:
        bounds = (float(low), float(high)) if sep else None
    except ValueError:
        bounds = None
    if bounds is None or not bounds[0] < bounds[1]:
        raise UsageError(f"--scale '{text}': give MIN..MAX with MIN below MAX, e.g. 0..10")
    return bounds


def criterion_files(folder: Path, new: NewCriterion) -> dict[Path, str]:
    """Every file of the study in ``folder`` that changes, with its new text."""
    yaml = _yaml()
    study_path = folder / STUDY_FILE
    study = yaml.load(study_path.read_text(encoding="utf-8"))
    criteria = study.get("criteria")
    if new.id in criteria:
        raise UsageError(f"criterion '{new.id}' exists already in {display_path(study_path)}")
    criteria[new.id] = _criterion(new)
    criteria.yaml_set_comment_before_after_key(
        new.id, before="written by `policy new criterion`: fill in its description", indent=2
    )
    changed = {study_path: _dump(yaml, study)}
    middle = (new.low + new.high) / 2
    for path in yaml_files(folder)[0]:  # the study loaded without errors first
        if path.name in NOT_OPTIONS:
            continue
        option = yaml.load(path.read_text(encoding="utf-8"))
        scores = option.get("scores") if hasattr(option, "get") else None
        if scores is None or not hasattr(scores, "__setitem__"):
            continue  # not a valid option: `policy validate` says so, not this
        scores[new.id] = _flow({"value": _number(middle), "rationale": ""})
        changed[path] = _dump(yaml, option)
    for path in yaml_files(folder / WEIGHTS_DIR)[0]:
        profile = yaml.load(path.read_text(encoding="utf-8"))
        weights = profile.get("weights") if hasattr(profile, "get") else None
        if weights is None or not hasattr(weights, "__setitem__"):
            continue
        weights[new.id] = 0
        changed[path] = _dump(yaml, profile)
    return changed


def _criterion(new: NewCriterion) -> Any:
    from ruamel.yaml.comments import CommentedMap

    entry = CommentedMap()
    entry["name"] = title_of(new.id)
    entry["description"] = (
        f"TODO: what {title_of(new.id).lower()} measures and what its points mean"
    )
    entry["direction"] = "higher_is_better" if new.higher_is_better else "lower_is_better"
    entry["scale"] = _flow({"min": _number(new.low), "max": _number(new.high)})
    if new.unit:
        entry["unit"] = new.unit
    return entry


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(yaml_number(x))


def _flow(items: dict[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap(items)
    mapping.fa.set_flow_style()
    return mapping


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


def _dump(yaml: Any, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
