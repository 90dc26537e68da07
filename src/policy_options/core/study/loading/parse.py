"""One file validated as its pydantic model, and pydantic's errors as located, readable
problems (an unknown key with a did-you-mean among the keys allowed there)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from policy_options.core.study.reading.yaml_document import YamlDocument
from policy_options.core.study.reading.yamlfile import read_yaml
from policy_options.core.study.suggest import did_you_mean
from policy_options.errors import Problem, StudyError

M = TypeVar("M", bound=BaseModel)


def parse_file(
    path: Path, model: type[M], display: str
) -> tuple[M | None, YamlDocument | None, list[Problem]]:
    """Read and validate one file; every problem it has, located."""
    try:
        doc = read_yaml(path, display)
    except StudyError as exc:
        return None, None, exc.problems
    return validate_document(doc, model)


def validate_document(
    doc: YamlDocument, model: type[M]
) -> tuple[M | None, YamlDocument | None, list[Problem]]:
    """A document read from a file, validated as ``model``; every problem it has, located."""
    if not isinstance(doc.data, dict):
        kind = type(doc.data).__name__ if doc.data is not None else "null"
        return (
            None,
            doc,
            [Problem(f"expected a mapping of keys at the top level, got {kind}", doc.locate())],
        )
    try:
        return model.model_validate(doc.data), doc, []
    except ValidationError as exc:
        return None, doc, [validation_problem(err, model, doc) for err in exc.errors()]


def validation_problem(
    error: Mapping[str, Any], model: type[BaseModel], doc: YamlDocument
) -> Problem:
    """A pydantic error as a located, readable line."""
    loc: tuple[str | int, ...] = tuple(
        part for part in error["loc"] if not (isinstance(part, str) and "[" in part)
    )
    kind = error["type"]
    name = str(loc[-1]) if loc else ""
    if name == "value" and len(loc) >= 2 and not isinstance(_data_at(doc.data, loc[:-1]), dict):
        name = str(loc[-2])  # `money: -1` is short for `money: {value: -1}`: name the key
    where = doc.locate(loc, key=kind == "extra_forbidden")
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        return Problem(f"unknown key '{name}'{did_you_mean(name, known)}", where)
    if kind == "missing":
        return Problem(f"missing key '{name}'", where)
    got = error.get("input")
    field_label = f"'{name}': " if isinstance(loc[-1:] and loc[-1], str) else ""
    if kind in {"float_type", "int_type", "string_type", "bool_type"}:
        expected = {
            "float_type": "a number",
            "int_type": "an integer",
            "string_type": "text",
            "bool_type": "true or false",
        }[kind]
        return Problem(f"{field_label}expected {expected}, got {got!r}", where)
    if kind == "finite_number":
        return Problem(f"{field_label}must be a finite number, got {got!r}", where)
    if kind == "greater_than_equal":
        return Problem(f"{field_label}must be >= {error['ctx']['ge']:g}, got {got!r}", where)
    if kind == "less_than_equal":
        return Problem(f"{field_label}must be <= {error['ctx']['le']:g}, got {got!r}", where)
    if kind == "enum":
        expected = error["ctx"]["expected"]
        options = [part.strip(" '") for part in expected.replace(" or ", ",").split(",")]
        hint = did_you_mean(str(got), options) if isinstance(got, str) else ""
        return Problem(f"{field_label}{got!r} is not one of {expected}{hint}", where)
    if kind == "value_error":
        return Problem(str(error["ctx"]["error"]), where)
    plain = _plain_message(kind, error, got)
    if plain is not None:
        return Problem(f"{field_label}{plain}", where)
    message = str(error["msg"])
    return Problem(f"{field_label}{message[:1].lower()}{message[1:]}", where)


def _plain_message(kind: str, error: Mapping[str, Any], got: Any) -> str | None:
    """Our words for pydantic's other common errors (its own read "Input should be a valid
    dictionary or instance of Scale", "after validation, not 0")."""
    ctx = error.get("ctx") or {}
    shown = "nothing" if got is None else repr(got)
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"expected a mapping of keys (key: value), got {shown}"
    if kind in {"list_type", "tuple_type"}:
        return f"expected a list, e.g. [1, 2], got {shown}"
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        items = "item" if least == 1 else "items"
        return f"needs at least {least} {items}, got {ctx.get('actual_length', 0)}"
    if kind == "too_long":
        most = ctx.get("max_length")
        return (
            f"takes at most {most} item{'s' if most != 1 else ''}, got {ctx.get('actual_length')}"
        )
    if kind == "literal_error":
        return f"must be {ctx.get('expected')}, got {shown}"
    if kind == "greater_than":
        return f"must be > {ctx['gt']:g}, got {shown}"
    if kind == "less_than":
        return f"must be < {ctx['lt']:g}, got {shown}"
    return None


def _data_at(data: Any, loc: tuple[str | int, ...]) -> Any:
    """The document's value at ``loc`` (None where the path does not lead anywhere)."""
    for part in loc:
        inside = (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        )
        if not inside:
            return None
        data = data[part]
    return data


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys allowed at ``loc`` inside ``model`` (aliases where set), for did-you-mean."""
    annotation: Any = model
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    found = _model_in(annotation)
    if found is None:
        return []
    return [info.alias or name for name, info in found.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, UnionType):
        for arg in get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def _step(annotation: Any, part: str | int) -> Any:
    """The annotation of the value found at key or index ``part`` of ``annotation``."""
    model = _model_in(annotation)
    if model is not None:
        for name, info in model.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
        return None
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is dict and len(args) == 2:
        return args[1]
    if origin in (list, tuple) and args:
        return args[0]
    if origin in (Union, UnionType):
        for arg in args:
            found = _step(arg, part)
            if found is not None:
                return found
    return None
