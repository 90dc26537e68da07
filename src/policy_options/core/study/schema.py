"""JSON Schema (draft 2020-12) of the study files, generated from the pydantic models.

The registry :data:`KINDS` maps a file kind to its model; a new kind of study file
is one entry (a model, or a type such as ``list[Model]`` for a file that is a YAML
list). Fields that name ids defined elsewhere in the study carry a marker,
``json_schema_extra={"x-policy-ids": KIND}``, that :func:`json_schema` replaces by
the study's current ids, so an editor completes and checks them:

- ``criterion`` / ``option`` / ``source`` / ``profile``: a string (or each item of an
  array, or each key of a mapping) is one of those ids;
- ``criterion-weights``: a mapping with exactly one entry per criterion;
- ``criterion-scores``: the same, each value a score inside that criterion's scale;
- ``option-scores``: a mapping option -> (criterion -> score), none required (the
  overrides of a scenario);
- ``method``: a method's name, ``$defs/Method``: every registered method, plugins' too.

Rules the schema cannot express (a comparison between two numbers of one file, files
that must exist) stay with the loader: see :data:`LOADER_ONLY_RULES`.
"""

from __future__ import annotations

import ast
import copy
import functools
import inspect
import itertools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, TypeAdapter

from policy_options.core.methods import registry as methods
from policy_options.core.study.files.criteria import Direction
from policy_options.core.study.files.fields import FileModel
from policy_options.core.study.files.interactions_file import Interaction
from policy_options.core.study.files.model import StudyFile
from policy_options.core.study.files.option_file import OptionFile
from policy_options.core.study.files.profile_file import ProfileFile
from policy_options.core.study.files.scenario_file import ScenarioFile
from policy_options.errors import UsageError

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = ".schema"
MARKER = "x-policy-ids"


@dataclass(frozen=True)
class Kind:
    """One kind of study file: its model, and where its files live in a study."""

    model: Any  # a pydantic model, or any type pydantic validates (e.g. list[Model])
    title: str
    description: str
    folder: str = ""  # "" for the study folder itself, else a sub-folder such as "weights"


KINDS: dict[str, Kind] = {
    "study": Kind(
        StudyFile,
        "policy-options study.yaml",
        "The study: title, question, sources, criteria (scale and direction) and defaults.",
    ),
    "option": Kind(
        OptionFile,
        "policy-options option",
        "One policy option (<option-id>.yaml): title, source quote and one score per criterion.",
    ),
    "weights": Kind(
        ProfileFile,
        "policy-options weight profile",
        "One weight profile (weights/<name>.yaml): a raw weight for every criterion.",
        folder="weights",
    ),
    "scenario": Kind(
        ScenarioFile,
        "policy-options scenario",
        "One future (scenarios/<name>.yaml): the scores that differ in it, its probability.",
        folder="scenarios",
    ),
    "interactions": Kind(
        list[Interaction],
        "policy-options interactions.yaml",
        "Pairwise interactions for portfolios (interactions.yaml, a YAML list): two options"
        " that, taken together, add to a criterion's total.",
    ),
}

# Rules the loader enforces that a JSON Schema cannot state; the tests allow the schema
# to accept a file that breaks only these (message fragments of the loader's errors).
LOADER_ONLY_RULES: dict[str, str] = {
    "must be below max": "a scale's min below its max (two numbers of one mapping)",
    "does not hold the value": "a score's range holds its value (two numbers of one mapping)",
    "value_function": "a value function runs from the scale's min to its max, x increasing",
    "threshold": "a threshold lies in its criterion's scale; PROMETHEE p > q",
    "needs p > q": "PROMETHEE thresholds: p above q",
    "the study has no options": "a study holds at least one option file (a fact about files)",
    "is the implicit scenario": "no scenario file is named base (a file name, not a value)",
    "baseline": "a criterion's portfolio baseline lies in its scale (two numbers of one file)",
    "itself": "an option does not require or exclude itself (its id is its file name)",
    "and also excludes it": "an option does not both require and exclude another (two lists)",
    "which excludes it": "a requirement the other option excludes (across option files)",
    "two different options": "an interaction's two options differ (two items of one pair)",
    "probabilities sum to": "the scenarios' probabilities add up to at most 1 (across files)",
}


@dataclass(frozen=True)
class StudyIds:
    """The ids of a study that other files refer to; ``None``: not known, left open."""

    criteria: Mapping[str, Any] | None = None  # id -> Criterion (scale, name, ...)
    options: Sequence[str] | None = None
    sources: Sequence[str] | None = None
    profiles: Sequence[str] | None = None
    extra: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def ids(self, kind: str) -> list[str] | None:
        found: Sequence[str] | Mapping[str, Any] | None = {
            "criterion": self.criteria,
            "criterion-weights": self.weighted,
            "option-groups": self.options,
            "criterion-scores": self.criteria,
            "option": self.options,
            "option-scores": self.options,
            "source": self.sources,
            "profile": self.profiles,
        }.get(kind, self.extra.get(kind))
        return None if found is None else list(found)

    @property
    def weighted(self) -> Mapping[str, Any] | None:
        """The criteria a weight profile weighs: every one but the modifiers."""
        if self.criteria is None:
            return None
        return {k: c for k, c in self.criteria.items() if not getattr(c, "is_modifier", False)}


def study_ids(folder: Path, study: StudyFile | None) -> StudyIds:
    """The ids of the study in ``folder`` (``study``: its parsed study.yaml, if valid)."""
    from policy_options.core.study.loading.folder import INTERACTIONS_FILE, STUDY_FILE, WEIGHTS_DIR

    not_options = {STUDY_FILE, "study.yml", INTERACTIONS_FILE, "interactions.yml"}
    options = sorted(
        {
            p.stem
            for pattern in ("*.yaml", "*.yml")
            for p in folder.glob(pattern)
            if p.name not in not_options
        }
    )
    profiles = sorted(
        {p.stem for pattern in ("*.yaml", "*.yml") for p in (folder / WEIGHTS_DIR).glob(pattern)}
    )
    if study is None:
        return StudyIds(options=options, profiles=profiles)
    return StudyIds(
        dict(study.criteria),
        options,
        list(study.sources),
        profiles,
        extra={"resource": list(study.resources)},
    )


def json_schema(kind: str, ids: StudyIds | None = None) -> dict[str, Any]:
    """The JSON Schema of a ``kind`` file, with the study's ids where the file refers to them."""
    if kind not in KINDS:
        raise UsageError(f"unknown kind of file '{kind}': one of {', '.join(KINDS)}")
    spec = KINDS[kind]
    _describe_fields()
    generated = TypeAdapter(spec.model).json_schema(by_alias=True, mode="validation")
    if _marks(generated, "method"):  # a method's name: defined once, every registered name
        defs = {**generated.get("$defs", {}), "Method": methods.json_schema()}
        generated["$defs"] = dict(sorted(defs.items()))
    generated.pop("title", None)
    generated.pop("description", None)
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "title": spec.title,
        "description": spec.description,
        **generated,
    }
    resolved = _resolve(schema, ids or StudyIds())
    assert isinstance(resolved, dict)
    return resolved


@functools.cache
def _describe_fields() -> None:
    """Give every field of the study's models its attribute docstring as description.

    What pydantic's ``use_attribute_docstrings`` does at class creation, done here, once,
    when a schema is asked for: the descriptions set, each model rebuilt, inner ones first.
    """
    models = _models()
    for model in models:
        docs = _attribute_docs(model)
        for name, info in model.model_fields.items():
            if info.description is None and name in docs:
                info.description = docs[name]
    for model in models:
        model.model_rebuild(force=True)


@functools.cache
def _models() -> list[type[BaseModel]]:
    """The study files' pydantic models (the subclasses of :class:`FileModel`), each after
    the models its fields hold: a model rebuilt takes their schemas as they are then."""
    ordered: dict[type[BaseModel], None] = {}

    def add(model: type[BaseModel]) -> None:
        for info in model.model_fields.values():
            for inner in _held(info.annotation):
                if inner not in ordered:
                    add(inner)
        ordered[model] = None

    pending: list[type[BaseModel]] = [FileModel]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub not in ordered:
                add(sub)
            pending.append(sub)
    return list(ordered)


def _held(annotation: Any) -> Iterator[type[BaseModel]]:
    """The study models an annotation names, e.g. ``Score`` in ``dict[str, Score] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, FileModel):
        yield annotation
    for arg in get_args(annotation):
        yield from _held(arg)


@functools.cache
def _attribute_docs(model: type[BaseModel]) -> dict[str, str]:
    """``field: docstring`` for each annotated field followed by a string, as PEP 257 puts it."""
    tree = ast.parse(inspect.cleandoc("\n" + inspect.getsource(model)))
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for node, following in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[node.target.id] = inspect.cleandoc(following.value.value)
    return docs


def schema_text(kind: str, ids: StudyIds | None = None) -> str:
    """The schema as stable, indented JSON text (keys in the models' order)."""
    return json.dumps(json_schema(kind, ids), indent=2, ensure_ascii=False) + "\n"


def schema_path(kind: str) -> str:
    """Where a study keeps the schema of ``kind``: ``.schema/<kind>.schema.json``."""
    return f"{SCHEMA_DIR}/{kind}.schema.json"


def modeline(kind: str) -> str:
    """The first line that points the YAML language server at the schema of ``kind``."""
    depth = KINDS[kind].folder.count("/") + 1 if KINDS[kind].folder else 0
    return f"# yaml-language-server: $schema={'../' * depth}{schema_path(kind)}"


def schema_files(ids: StudyIds, kinds: Sequence[str] | None = None) -> dict[str, str]:
    """Relative path -> text of each kind's schema (default: all), for a study's ``.schema/``."""
    return {schema_path(kind): schema_text(kind, ids) for kind in kinds or KINDS}


def _resolve(node: Any, ids: StudyIds) -> Any:
    """A copy of ``node`` with every ``x-policy-ids`` marker replaced by the ids it names."""
    if isinstance(node, list):
        return [_resolve(item, ids) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _resolve(value, ids) for key, value in node.items() if key != MARKER}
    if isinstance(out.get("description"), str):  # attribute docstrings may span lines
        out["description"] = " ".join(out["description"].split())
    marker = node.get(MARKER)
    if marker is None:
        return out
    if marker == "method":  # the field refers to $defs/Method (see json_schema)
        kept = {key: out[key] for key in ("default", "description") if key in out}
        return {"$ref": "#/$defs/Method", **kept}
    known = ids.ids(marker)
    if known is None:
        return out
    if "anyOf" in out:  # an optional field: constrain the non-null branches
        out["anyOf"] = [_constrain(branch, marker, known, ids) for branch in out["anyOf"]]
        return out
    return _constrain(out, marker, known, ids)


def _marks(node: Any, marker: str) -> bool:
    """Does ``node`` hold a field marked ``marker``?"""
    if isinstance(node, list):
        return any(_marks(item, marker) for item in node)
    if isinstance(node, dict):
        return node.get(MARKER) == marker or any(_marks(v, marker) for v in node.values())
    return False


def _constrain(
    node: dict[str, Any], marker: str, known: list[str], ids: StudyIds
) -> dict[str, Any]:
    node = copy.deepcopy(node)
    kind = node.get("type")
    if kind == "string":
        node["enum"] = known
    elif kind == "array" and marker == "option-groups":  # a list of lists of ids
        node["items"] = {"type": "array", "items": {"type": "string", "enum": known}}
    elif kind == "array" and "prefixItems" in node:  # a tuple: each of its items
        node["prefixItems"] = [{**item, "enum": known} for item in node["prefixItems"]]
    elif kind == "array":
        node["items"] = {**node.get("items", {}), "enum": known}
    elif kind == "object":
        node["propertyNames"] = {"enum": known}
        if marker in ("criterion-weights", "criterion-scores") and ids.criteria is not None:
            node["required"] = known
            _per_criterion(node, ids, marker)
        if marker == "option-scores" and ids.criteria is not None:
            inner = node.get("additionalProperties")
            if isinstance(inner, dict) and inner.get("type") == "object":
                inner = copy.deepcopy(inner)
                inner["propertyNames"] = {"enum": list(ids.criteria)}
                _per_criterion(inner, ids, "criterion-scores")
                node["additionalProperties"] = inner
    return node


def _per_criterion(node: dict[str, Any], ids: StudyIds, marker: str) -> None:
    """Describe and bound each criterion's entry of a mapping keyed by criterion."""
    assert ids.criteria is not None
    chosen = ids.weighted if marker == "criterion-weights" else ids.criteria
    assert chosen is not None
    node["properties"] = {
        key: _criterion_entry(key, criterion, node.get("additionalProperties"), marker)
        for key, criterion in chosen.items()
    }


def _criterion_entry(key: str, criterion: Any, value_schema: Any, marker: str) -> dict[str, Any]:
    """One criterion's entry of a scores or weights mapping, its scale and meaning described."""
    low, high = _plain(criterion.scale.min), _plain(criterion.scale.max)
    if marker == "criterion-weights":
        return {**(value_schema or {}), "description": f"Raw weight of {criterion.name} (>= 0)."}
    better = "higher" if criterion.direction is Direction.HIGHER_IS_BETTER else "lower"
    unit = f" {criterion.unit}" if criterion.unit else ""
    about = f"{criterion.name}: {low:g}..{high:g}{unit}, {better} is better."
    if criterion.description:
        about += f" {criterion.description}"
    bounds = {"minimum": low, "maximum": high}
    score_ref = next(
        (b for b in (value_schema or {}).get("anyOf", []) if "$ref" in b), {"type": "object"}
    )
    return {
        "description": about,
        "anyOf": [
            {"type": "number", **bounds},
            {
                **score_ref,
                "properties": {
                    "value": bounds,
                    "range": {"items": bounds},  # applies to a list, lets null through
                },
            },
        ],
    }


def _plain(x: float) -> float | int:
    """``10.0`` as ``10``: the schema reads like the study file."""
    return int(x) if float(x).is_integer() else x
