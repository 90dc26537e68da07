"""The XMCDA extension block: what a study holds that XMCDA 3 has no element for.

One YAML document, the label of ``<programParameters
mcdaConcept="policy-options-extension"><parameter id="study">``:

```yaml
format: policy-options study extension
version: 1
study: {schema: 1, title: ..., question: ..., sources: ..., defaults: ...,
        criteria: {deterrence: {unit: points, threshold: 3}}}   # what <criteria> lacks
options: {fms: {actor: ..., stance: ..., source: ..., costs: ...,
                scores: {deterrence: {range: [5, 8], rationale: ..., quote: ...}}}}
profiles: {balanced: {description: ...}}
interactions: [...]            # interactions.yaml, when the study has one
scenarios: {name: {...}}       # scenarios/<name>.yaml, whole
```

Each part is its file's own keys as written (``exclude_unset``), less what the XMCDA
elements already carry (titles, names, summaries, descriptions, scales, directions,
value functions, preference functions, weights, score values), so a key another version
of the study format adds travels without this module knowing it.
"""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Any

from policy_options.core.study.files.model import Study

FORMAT = "policy-options study extension"
VERSION = 1
CRITERION_IN_XMCDA = ("name", "description", "direction", "scale", "value_function", "preference")


def plain(data: Any) -> Any:
    """Dumped model data as YAML's safe dumper takes it (enums as values, tuples as lists)."""
    if isinstance(data, Enum):
        return data.value
    if isinstance(data, dict):
        return {str(k): plain(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [plain(v) for v in data]
    if isinstance(data, float) and data.is_integer():
        return int(data)  # 7.0 -> 7: as the analyst wrote it
    if data is None or isinstance(data, str | int | float | bool | datetime.date):
        return data
    raise TypeError(f"cannot write {type(data).__name__} in the extension block")


def _dump(model: Any) -> dict[str, Any]:
    return dict(plain(model.model_dump(mode="python", by_alias=True, exclude_unset=True)))


def extension_data(study: Study) -> dict[str, Any]:
    """The extension block's data (see the module's docstring)."""
    spec = _dump(study.spec)
    criteria = {}
    for key, criterion in spec.pop("criteria").items():
        rest = {k: v for k, v in criterion.items() if k not in CRITERION_IN_XMCDA}
        if rest:
            criteria[key] = rest
    if criteria:
        spec["criteria"] = criteria
    options = {}
    for key, option in study.options.items():
        data = _dump(option.spec)
        data.pop("title", None)
        data.pop("summary", None)
        scores = {}
        for criterion, score in data.pop("scores").items():
            rest = {k: v for k, v in score.items() if k != "value"}
            if rest:
                scores[criterion] = rest
        if scores:
            data["scores"] = scores
        if data:
            options[key] = data
    profiles = {}
    for key, profile in study.profiles.items():
        data = _dump(profile.spec)
        data.pop("weights", None)
        data.pop("name", None)
        if data:
            profiles[key] = data
    result: dict[str, Any] = {"format": FORMAT, "version": VERSION, "study": spec}
    if options:
        result["options"] = options
    if profiles:
        result["profiles"] = profiles
    if study.interactions:
        result["interactions"] = [_dump(i) for i in study.interactions]
    if study.scenarios:
        result["scenarios"] = {key: _dump(s.spec) for key, s in study.scenarios.items()}
    return result


def extension_text(study: Study) -> str:
    """The extension block as YAML text (key order kept, Unicode as is)."""
    import yaml

    return str(
        yaml.safe_dump(extension_data(study), sort_keys=False, allow_unicode=True, width=4096)
    )


def lost_without_extension(study: Study) -> list[str]:
    """What an export without the extension block drops, in words (for a warning)."""
    data = extension_data(study)
    lost = []
    options = data.get("options", {})
    for what, field in (
        ("rationales", "rationale"),
        ("quotes", "quote"),
        ("score ranges", "range"),
    ):
        count = sum(1 for o in options.values() for s in o.get("scores", {}).values() if field in s)
        if count:
            lost.append(f"{count} {what}")
    for what, field in (("option sources", "source"), ("costs", "costs"), ("stances", "stance")):
        count = sum(1 for o in options.values() if field in o)
        if count:
            lost.append(f"{what} of {count} options")
    modifiers = [k for k, c in data["study"].get("criteria", {}).items() if "role" in c]
    if modifiers:
        lost.append(f"the role of {len(modifiers)} modifier criteria")
    if data["study"].get("reference"):
        lost.append("the reference option")
    if data["study"].get("sources"):
        lost.append("the study's sources")
    if "interactions" in data:
        lost.append(f"{len(data['interactions'])} interactions")
    if "scenarios" in data:
        lost.append(f"{len(data['scenarios'])} scenarios")
    return lost
