"""docs/study-format.md names every key of every study file, and shows each in YAML.

The keys come from the file format's pydantic models (unknown keys are errors, so the
models are the format), walked field by field into nested models; the models are found
as the ``*File`` models of policy_options, wherever the package keeps them.
"""

from __future__ import annotations

import enum
import re
import typing
from typing import Any

from pydantic import BaseModel

from tests.conftest import ROOT

PAGE = ROOT / "docs" / "study-format.md"
LIST_FILES = {"InteractionsFile"}
"""Files that are a YAML list: their one field is the list, not a key written in the file."""


def file_models() -> list[type[BaseModel]]:
    """The pydantic models of the study's files (``StudyFile``, ``OptionFile``, ...)."""
    import policy_options

    policy_options.load_study  # noqa: B018 - loads the modules that define the models
    found: dict[str, type[BaseModel]] = {}
    pending: list[type[BaseModel]] = [BaseModel]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("policy_options.") and sub.__name__.endswith("File"):
                found[sub.__name__] = sub
    return [found[name] for name in sorted(found)]


def inner_types(annotation: Any) -> list[Any]:
    """The types inside an annotation: ``dict[str, Score] | None`` -> [str, Score, None]."""
    if typing.get_origin(annotation) is typing.Annotated:
        return inner_types(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) is typing.Literal:
        return []
    arguments = typing.get_args(annotation)
    if not arguments:
        return [annotation]
    return [found for argument in arguments for found in inner_types(argument)]


def walk(model: type[BaseModel], keys: dict[str, str], enums: set[type[enum.Enum]]) -> None:
    """Every key of ``model`` and of the models inside it, with the model that has it."""
    for name, info in model.model_fields.items():
        if model.__name__ not in LIST_FILES:
            keys.setdefault(info.alias or name, model.__name__)
        for inner in inner_types(info.annotation):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                walk(inner, keys, enums)
            elif isinstance(inner, type) and issubclass(inner, enum.Enum):
                enums.add(inner)


def yaml_blocks(text: str) -> str:
    return "\n".join(re.findall(r"^```yaml\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL))


def format_keys() -> tuple[dict[str, str], set[type[enum.Enum]]]:
    keys: dict[str, str] = {}
    enums: set[type[enum.Enum]] = set()
    models = file_models()
    assert {"StudyFile", "OptionFile", "ProfileFile", "ScenarioFile"} <= {
        model.__name__ for model in models
    }, [model.__name__ for model in models]
    for model in models:
        walk(model, keys, enums)
    return keys, enums


def test_the_walk_finds_the_format() -> None:
    keys, enums = format_keys()
    assert {"schema", "criteria", "value_function", "baseline", "costs", "requires"} <= set(keys)
    assert {"probability", "link_quote", "options", "q", "ref"} <= set(keys)
    assert "interactions" not in keys  # interactions.yaml is a list, not a mapping
    assert {kind.__name__ for kind in enums} >= {"Direction", "Stance", "PreferenceFunction"}


def test_every_key_is_documented_with_a_yaml_example() -> None:
    text = PAGE.read_text(encoding="utf-8")
    examples = yaml_blocks(text)
    keys, _ = format_keys()
    undocumented = sorted(
        f"{key} ({model})" for key, model in keys.items() if f"`{key}`" not in text
    )
    no_example = sorted(
        f"{key} ({model})"
        for key, model in keys.items()
        if not re.search(rf"(^|[\s{{,-]){re.escape(key)}:", examples, flags=re.MULTILINE)
    )
    assert undocumented == [], f"keys not named as `key` in {PAGE.name}"
    assert no_example == [], f"keys without a YAML example in {PAGE.name}"


def test_every_choice_is_documented() -> None:
    """The values of every enumeration in the format (directions, stances, ...)."""
    text = PAGE.read_text(encoding="utf-8")
    _, enums = format_keys()
    missing = sorted(
        f"{member.value} ({kind.__name__})"
        for kind in enums
        for member in kind
        if f"`{member.value}`" not in text
    )
    assert missing == []
