"""`policy schema`: the JSON Schemas validate every shipped file, and on a few hundred seeded
mutations the schema and the loader agree, except on the rules listed in LOADER_ONLY_RULES."""

from __future__ import annotations

import copy
import datetime
import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from policy_options.core.study.loading.load import inspect_study
from policy_options.core.study.scaffold import read_study_file
from policy_options.core.study.schema import KINDS, LOADER_ONLY_RULES, json_schema, study_ids
from tests.conftest import SHIPPED, TINY_OPTIONS, TINY_STUDY, run_cli, write_study


def json_data(data: Any) -> Any:
    """YAML data as a YAML language server sees it: dates are strings (YAML 1.2 has none)."""
    if isinstance(data, dict):
        return {str(k): json_data(v) for k, v in data.items()}
    if isinstance(data, list):
        return [json_data(v) for v in data]
    if isinstance(data, datetime.date):
        return data.isoformat()
    return data


def validators(folder: Path) -> dict[str, Draft202012Validator]:
    ids = study_ids(folder, read_study_file(folder))
    out = {}
    for kind in KINDS:
        schema = json_schema(kind, ids)
        Draft202012Validator.check_schema(schema)
        out[kind] = Draft202012Validator(schema)
    return out


def files_of(folder: Path) -> Iterator[tuple[str, Path]]:
    yield "study", folder / "study.yaml"
    for path in sorted(folder.glob("*.yaml")):
        if path.name not in ("study.yaml", "interactions.yaml"):
            yield "option", path
    for path in sorted((folder / "weights").glob("*.yaml")):
        yield "weights", path
    for path in sorted((folder / "scenarios").glob("*.yaml")):
        yield "scenario", path
    if (folder / "interactions.yaml").exists():
        yield "interactions", folder / "interactions.yaml"


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_every_shipped_file_validates() -> None:
    checks = validators(SHIPPED)
    seen = 0
    for kind, path in files_of(SHIPPED):
        errors = [e.message for e in checks[kind].iter_errors(json_data(load(path)))]
        assert errors == [], path
        seen += 1
    # study.yaml, 15 options, 4 weight profiles, 5 scenarios, interactions.yaml
    assert seen == 1 + 15 + 4 + 5 + 1


def test_a_new_study_validates_against_the_schemas_it_points_at(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    assert run_cli("init", str(folder)).exit_code == 0
    assert run_cli("new", "option", "second", "--study", str(folder)).exit_code == 0
    for kind, path in files_of(folder):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (folder / ".schema" / f"{kind}.schema.json").resolve()
        schema = json.loads(target.read_text(encoding="utf-8"))
        assert schema == json_schema(kind, study_ids(folder, read_study_file(folder)))
        assert list(Draft202012Validator(schema).iter_errors(json_data(load(path)))) == []


def descriptions_missing(node: Any, where: str = "") -> list[str]:
    """Every property schema without a description."""
    missing: list[str] = []
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            bounds_only = set(prop) <= {"minimum", "maximum", "anyOf", "items"}
            if "description" not in prop and not bounds_only:  # bounds sit under a described field
                missing.append(f"{where}/{name}")
        for key, value in node.items():
            missing += descriptions_missing(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            missing += descriptions_missing(item, f"{where}/{i}")
    return missing


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_has_a_description(kind: str) -> None:
    schema = json_schema(kind, study_ids(SHIPPED, read_study_file(SHIPPED)))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"].startswith("policy-options")
    assert descriptions_missing(schema) == []
    assert [name for name, d in schema.get("$defs", {}).items() if "description" not in d] == []


def test_ids_become_enums() -> None:
    ids = study_ids(SHIPPED, read_study_file(SHIPPED))
    option = json_schema("option", ids)
    criteria = list(read_study_file(SHIPPED).criteria)
    assert option["properties"]["scores"]["propertyNames"] == {"enum": criteria}
    assert option["properties"]["scores"]["required"] == criteria
    assert option["$defs"]["SourceQuote"]["properties"]["ref"]["enum"] == ["rand-2024"]
    months = option["properties"]["scores"]["properties"]["time_to_effect"]
    assert months["anyOf"][0] == {"type": "number", "minimum": 0, "maximum": 60}
    assert months["description"].startswith("Time to effect: 0..60 months, lower is better.")
    weights = json_schema("weights", ids)["properties"]["weights"]
    # a profile weighs every criterion but the modifiers (feasibility, time_to_effect)
    weighted = [k for k, c in read_study_file(SHIPPED).criteria.items() if not c.is_modifier]
    assert weighted == ["deterrence", "stability", "agency", "russian_backlash", "diversion",
                        "entrapment"]  # fmt: skip
    assert weights["required"] == weighted
    study = json_schema("study", ids)
    assert study["$defs"]["Defaults"]["properties"]["weights"]["anyOf"][0]["enum"] == [
        "balanced",
        "deterrence-first",
        "diplomacy-first",
        "moscow-cautious",
    ]
    generic = json_schema("option")  # no study: the ids stay open
    assert "propertyNames" not in generic["properties"]["scores"]


# --- schema and loader agree on mutations --------------------------------------------------

BAD_VALUES: list[Any] = ["x", True, None, [1], {"a": 1}, -1, 1e6, 0.5, 11, "", 3]


def paths(data: Any, where: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield where
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*where, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from paths(value, (*where, i))


def get(data: Any, where: tuple[Any, ...]) -> Any:
    for part in where:
        data = data[part]
    return data


def mutate(data: Any, rng: random.Random) -> tuple[Any, str]:
    """One random edit of the kind an analyst makes by mistake; returns it and a description."""
    data = copy.deepcopy(data)
    spots = list(paths(data))[1:]
    where = rng.choice(spots)
    parent, last = get(data, where[:-1]), where[-1]
    kind = rng.choice(["delete", "unknown", "retype", "number", "misspell", "swap"])
    if kind == "delete" and isinstance(parent, dict):
        del parent[last]
    elif kind == "unknown":
        target = get(data, where) if isinstance(get(data, where), dict) else data
        target[rng.choice(["extra", "deterence", "gain_", "titel"])] = rng.choice([1, "x"])
    elif kind == "misspell" and isinstance(parent, dict) and isinstance(last, str):
        parent[last[:-1] or "x"] = parent.pop(last)
    elif kind == "number" and isinstance(get(data, where), int | float):
        parent[last] = rng.choice([-5, -0.5, 0, 0.25, 1, 5, 9.5, 10, 10.5, 15, 20, 25, 100])
    elif (
        kind == "swap"
        and isinstance(get(data, where), dict)
        and {"min", "max"} <= set(get(data, where))
    ):
        node = get(data, where)
        node["min"], node["max"] = node["max"], node["min"]
    else:
        parent[last] = rng.choice(BAD_VALUES)
    return data, f"{kind} at {'/'.join(map(str, where))}"


def loader_errors(folder: Path, path: Path) -> list[str]:
    """The loader's errors located in ``path``."""
    return [
        p.message
        for p in inspect_study(folder).errors
        if p.location is not None and Path(p.location.path).name == path.name
    ]


def loader_only(message: str) -> bool:
    return any(fragment in message for fragment in LOADER_ONLY_RULES)


def test_schema_and_loader_agree_on_mutations(tmp_path: Path) -> None:
    """400 seeded mutations of the tiny study's files: whenever the schema rejects, the loader
    rejects; whenever the loader rejects and the schema accepts, every loader error is one of
    the rules a schema cannot express (LOADER_ONLY_RULES)."""
    original = write_study(tmp_path / "original")
    checks = validators(original)
    files = list(files_of(original))
    rng = random.Random(20240314)
    counts = {"both reject": 0, "both accept": 0, "loader only": 0}
    folder = Path(shutil.copytree(original, tmp_path / "work"))
    for n in range(400):
        kind, source = files[n % len(files)]
        target = folder / source.relative_to(original)
        data, what = mutate(load(source), rng)
        target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        schema_errors = [e.message for e in checks[kind].iter_errors(json_data(data))]
        errors = loader_errors(folder, target)
        context = f"mutation {n}: {what} in {source.name}: schema {schema_errors}, loader {errors}"
        if schema_errors:
            assert errors, context
            counts["both reject"] += 1
        elif errors:
            assert all(loader_only(e) for e in errors), context
            counts["loader only"] += 1
        else:
            counts["both accept"] += 1
        shutil.copyfile(source, target)
    print(counts)
    assert counts["both reject"] > 150, counts
    assert counts["both accept"] > 20, counts


TARGETED: list[tuple[str, tuple[Any, ...], Any]] = [
    ("study", ("schema",), True),
    ("study", ("schema",), 1.0),
    ("study", ("schema",), "1"),
    ("study", ("schema",), 2),
    ("study", ("sources", "src", "date"), 0),
    ("study", ("sources", "src", "date"), datetime.date(2024, 3, 14)),
    ("study", ("sources", "src", "date"), "March 2024"),
    ("study", ("sources", "src", "authors"), "One Author"),
    ("study", ("criteria", "gain", "direction"), "Higher_is_better"),
    ("study", ("criteria", "gain", "scale", "min"), True),
    ("study", ("criteria", "gain", "value_function"), [[0, 1]]),
    ("study", ("criteria", "gain", "preference"), {"function": "v-shape"}),
    ("study", ("criteria", "gain", "preference"), {"function": "v-shape", "p": 2}),
    ("study", ("criteria",), {}),
    ("study", ("defaults", "method"), "topsis"),
    ("study", ("defaults", "method"), "TOPSIS"),
    ("study", ("defaults", "weights"), "gain-first"),
    ("alpha", ("stance",), "Recommended"),
    ("alpha", ("stance",), None),
    ("alpha", ("scores", "gain"), 7),
    ("alpha", ("scores", "gain"), True),
    ("alpha", ("scores", "gain"), "7"),
    ("alpha", ("scores", "gain"), 10.5),
    ("alpha", ("scores", "gain", "range"), [6]),
    ("alpha", ("scores", "gain", "range"), [6, 8, 9]),
    ("alpha", ("scores", "gain", "range"), None),
    ("alpha", ("scores", "gain", "range"), [-1, 9]),
    ("alpha", ("scores", "delay", "value"), 20),
    ("alpha", ("scores", "delay", "value"), 21),
    ("alpha", ("source", "ref"), "elsewhere"),
    ("alpha", ("source",), None),
    ("alpha", ("title",), 5),
    ("alpha", ("requires",), ["beta"]),
    ("alpha", ("requires",), ["betta"]),
    ("alpha", ("excludes",), "beta"),
    ("alpha", ("costs",), {"money": 1}),
    ("alpha", ("costs",), {}),
    ("even", ("weights", "gain"), 0),
    ("even", ("weights",), {"gain": 0, "delay": 0}),
    ("even", ("weights", "gain"), -1),
    ("even", ("weights", "gain"), "1"),
    ("even", ("name",), None),
]


SCENARIO = "name: Dry\nprobability: 0.5\nscores: {alpha: {gain: 3}, beta: {delay: {value: 5}}}\n"

TARGETED += [
    ("dry", ("probability",), 0),
    ("dry", ("probability",), 1),
    ("dry", ("probability",), 1.5),
    ("dry", ("probability",), None),
    ("dry", ("scores", "alpha", "gain"), 11),
    ("dry", ("scores", "alpha", "gain"), {"value": 4, "range": [3, 5]}),
    ("dry", ("scores", "alpha", "gian"), 4),
    ("dry", ("scores", "alfa"), {"gain": 4}),
    ("dry", ("scores", "beta", "delay", "value"), 25),
    ("dry", ("weights",), "gain-first"),
    ("dry", ("weights",), "gain-last"),
    ("dry", ("name",), None),
]


@pytest.mark.parametrize(
    ("entry", "valid"),
    [
        ("{options: [alpha, beta], criterion: gain, value: 0.1, rationale: r}", True),
        ("{options: [alpha, betta], criterion: gain, value: 0.1, rationale: r}", False),
        ("{options: [alpha], criterion: gain, value: 0.1, rationale: r}", False),
        ("{options: [alpha, beta], criterion: gian, value: 0.1, rationale: r}", False),
        ("{options: [alpha, beta], criterion: gain, value: 1.5, rationale: r}", False),
        ("{options: [alpha, beta], criterion: gain, value: -1, rationale: r}", True),
        ("{options: [alpha, beta], criterion: gain, value: 0.1, why: r}", False),
    ],
)
def test_schema_and_loader_agree_on_interactions(tmp_path: Path, entry: str, valid: bool) -> None:
    folder = write_study(tmp_path / "study")
    path = folder / "interactions.yaml"
    path.write_text(f"- {entry}\n", encoding="utf-8")
    schema = Draft202012Validator(
        json_schema("interactions", study_ids(folder, read_study_file(folder)))
    )
    assert schema.is_valid(load(path)) is valid
    assert (loader_errors(folder, path) == []) is valid


def scenario_study(folder: Path) -> Path:
    write_study(folder)
    (folder / "scenarios").mkdir()
    (folder / "scenarios" / "dry.yaml").write_text(SCENARIO, encoding="utf-8")
    assert inspect_study(folder).errors == []
    return folder


@pytest.fixture(scope="module")
def scenario_checks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Draft202012Validator]:
    """The validators of the scenario study, built once: every targeted edit starts from
    the same files, so from the same ids (a validator is never changed by validating)."""
    return validators(scenario_study(tmp_path_factory.mktemp("schema") / "study"))


@pytest.mark.parametrize(("which", "where", "value"), TARGETED)
def test_schema_and_loader_agree_on_targeted_edits(
    tmp_path: Path,
    scenario_checks: dict[str, Draft202012Validator],
    which: str,
    where: tuple[Any, ...],
    value: Any,
) -> None:
    folder = scenario_study(tmp_path / "study")
    path = {
        "study": folder / "study.yaml",
        "even": folder / "weights" / "even.yaml",
        "dry": folder / "scenarios" / "dry.yaml",
    }.get(which, folder / f"{which}.yaml")
    kind = {"study": "study", "even": "weights", "dry": "scenario"}.get(which, "option")
    checks = scenario_checks
    data = load(path)
    get(data, where[:-1])[where[-1]] = value
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    schema_errors = [e.message for e in checks[kind].iter_errors(json_data(data))]
    errors = loader_errors(folder, path)
    if schema_errors:
        assert errors, schema_errors
    else:
        assert all(loader_only(e) for e in errors), errors


def test_the_loader_only_rules_are_what_the_schema_accepts(make_study: Any) -> None:
    """Each listed rule: a file that breaks it, accepted by the schema, rejected by the loader."""
    cases = {
        "must be below max": ("study", "scale: {min: 0, max: 10}", "scale: {min: 10, max: 0}"),
        "does not hold the value": ("alpha", "range: [6, 9]", "range: [8.5, 9]"),
        "value_function": ("study", "[10, 0.5]", "[25, 0.5]"),
        "threshold": ("study", "unit: points", "unit: points\n    threshold: 11"),
        "needs p > q": (
            "study",
            "unit: points",
            "unit: points\n    preference: {function: linear, q: 3, p: 2}",
        ),
    }
    ids = study_ids(make_study(), read_study_file(make_study()))
    for fragment, (which, old, new) in cases.items():
        if which == "study":
            assert old in TINY_STUDY
            folder = make_study(study=TINY_STUDY.replace(old, new, 1))
            kind, path = "study", folder / "study.yaml"
        else:
            assert old in TINY_OPTIONS[which]
            folder = make_study(
                options={**TINY_OPTIONS, which: TINY_OPTIONS[which].replace(old, new)}
            )
            kind, path = "option", folder / f"{which}.yaml"
        errors = loader_errors(folder, path)
        assert errors, fragment
        assert all(fragment in e for e in errors), (fragment, errors)
        validator = Draft202012Validator(json_schema(kind, ids))
        assert list(validator.iter_errors(json_data(load(path)))) == [], fragment
    base = scenario_study(make_study().parent / "with-base")
    (base / "scenarios" / "dry.yaml").rename(base / "scenarios" / "base.yaml")
    assert loader_errors(base, base / "scenarios" / "base.yaml") == [
        "'base' is the implicit scenario of the study as given; give this file another name"
    ]
    assert Draft202012Validator(json_schema("scenario", ids)).is_valid(
        json_data(load(base / "scenarios" / "base.yaml"))
    )
    heavy = scenario_study(make_study().parent / "too-likely")
    (heavy / "scenarios" / "wet.yaml").write_text(
        SCENARIO.replace("Dry", "Wet").replace("0.5", "0.75"), encoding="utf-8"
    )
    assert [
        e
        for e in loader_errors(heavy, heavy / "scenarios" / "wet.yaml")
        if "probabilities sum to" in e
    ]
    baseline = make_study(
        study=TINY_STUDY.replace("unit: points", "unit: points\n    baseline: 11")
    )
    assert loader_errors(baseline, baseline / "study.yaml") == [
        "baseline 11 lies outside the scale 0..10"
    ]
    assert Draft202012Validator(json_schema("study", ids)).is_valid(
        json_data(load(baseline / "study.yaml"))
    )
    links = {
        "itself": "requires: [alpha]\n",
        "and also excludes it": "requires: [beta]\nexcludes: [beta]\n",
        "which excludes it": "requires: [gamma]\n",
    }
    for fragment, extra in links.items():
        gamma = TINY_OPTIONS["gamma"] + (
            "excludes: [alpha]\n" if fragment == "which excludes it" else ""
        )
        folder = make_study(
            options={**TINY_OPTIONS, "alpha": TINY_OPTIONS["alpha"] + extra, "gamma": gamma}
        )
        errors = loader_errors(folder, folder / "alpha.yaml")
        assert errors, fragment
        assert all(fragment in e for e in errors), errors
        assert Draft202012Validator(json_schema("option", ids)).is_valid(
            json_data(load(folder / "alpha.yaml"))
        )
    pair = make_study()
    (pair / "interactions.yaml").write_text(
        "- {options: [alpha, alpha], criterion: gain, value: 0.1, rationale: r}\n", encoding="utf-8"
    )
    assert [
        e for e in loader_errors(pair, pair / "interactions.yaml") if "two different options" in e
    ]
    assert Draft202012Validator(json_schema("interactions", ids)).is_valid(
        load(pair / "interactions.yaml")
    )
    empty = make_study(options={})
    assert [p.message for p in inspect_study(empty).errors] == [
        "the study has no options (add <option-id>.yaml files)"
    ]
    assert set(cases) | set(links) | {
        "the study has no options",
        "is the implicit scenario",
        "probabilities sum to",
        "baseline",
        "two different options",
    } == set(LOADER_ONLY_RULES)


def test_a_new_kind_is_one_registry_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that is a YAML list of models (like interactions.yaml) registers the same way."""
    from policy_options.core.study import schema as module
    from policy_options.core.study.files.option_file import Score

    monkeypatch.setitem(
        module.KINDS, "ranges", module.Kind(list[Score], "ranges", "A list of scores.", "ranges")
    )
    generated = json_schema("ranges")
    assert generated["type"] == "array"
    assert generated["items"] == {"$ref": "#/$defs/Score"}
    assert (
        module.modeline("ranges") == "# yaml-language-server: $schema=../.schema/ranges.schema.json"
    )
    Draft202012Validator.check_schema(generated)


def test_option_scores_marker_bounds_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    """A scenario-like file: scores keyed by option, then criterion, none required."""
    from pydantic import BaseModel, ConfigDict, Field

    from policy_options.core.study import schema as module
    from policy_options.core.study.files.option_file import Score

    class Overrides(BaseModel):
        model_config = ConfigDict(extra="forbid")
        scores: dict[str, dict[str, Score | float]] = Field(
            json_schema_extra={"x-policy-ids": "option-scores"}
        )

    monkeypatch.setitem(module.KINDS, "overrides", module.Kind(Overrides, "o", "d", "o"))
    generated = json_schema("overrides", study_ids(SHIPPED, read_study_file(SHIPPED)))
    validator = Draft202012Validator(generated)
    assert validator.is_valid({"scores": {"fms-air-defense": {"deterrence": 9}}})
    assert validator.is_valid({"scores": {"fms-air-defense": {"deterrence": {"value": 9}}}})
    assert not validator.is_valid({"scores": {"fms-air-defence": {"deterrence": 9}}})
    assert not validator.is_valid({"scores": {"fms-air-defense": {"deterence": 9}}})
    assert not validator.is_valid({"scores": {"fms-air-defense": {"deterrence": 11}}})
    assert not validator.is_valid(
        {"scores": {"fms-air-defense": {"time_to_effect": {"value": 61}}}}
    )


def test_id_markers_on_lists_and_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A list of option ids, and a pair of them (an interaction's options), become enums."""
    from pydantic import BaseModel, ConfigDict, Field

    from policy_options.core.study import schema as module

    class Links(BaseModel):
        model_config = ConfigDict(extra="forbid")
        requires: list[str] = Field(default=[], json_schema_extra={"x-policy-ids": "option"})
        pair: tuple[str, str] = Field(json_schema_extra={"x-policy-ids": "option"})
        criterion: str = Field(json_schema_extra={"x-policy-ids": "criterion"})

    monkeypatch.setitem(module.KINDS, "links", module.Kind(list[Links], "l", "d"))
    validator = Draft202012Validator(
        json_schema("links", study_ids(SHIPPED, read_study_file(SHIPPED)))
    )
    good = {
        "requires": ["status-quo"],
        "pair": ["trophy-aps", "counter-drone"],
        "criterion": "agency",
    }
    assert validator.is_valid([good])
    assert not validator.is_valid([{**good, "requires": ["status-qou"]}])
    assert not validator.is_valid([{**good, "pair": ["trophy-aps", "counter-drones"]}])
    assert not validator.is_valid([{**good, "criterion": "cost"}])


# --- the command ----------------------------------------------------------------------------


def test_schema_command_prints_json(in_repo: Path) -> None:
    result = run_cli("schema", "option")
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema == json_schema("option", study_ids(SHIPPED, read_study_file(SHIPPED)))


def test_schema_write_and_output(tiny: Path, tmp_path: Path) -> None:
    result = run_cli("schema", "--write", "--study", str(tiny))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tiny / ".schema").iterdir()) == [
        "interactions.schema.json",
        "option.schema.json",
        "scenario.schema.json",
        "study.schema.json",
        "weights.schema.json",
    ]
    out = tmp_path / "w.json"
    assert run_cli("schema", "weights", "--study", str(tiny), "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["properties"]["weights"]["required"] == [
        "gain",
        "delay",
    ]
    assert inspect_study(tiny).errors == []  # .schema/ is not read as an option


def test_schema_needs_a_kind() -> None:
    result = run_cli("schema")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: which file's schema?")
