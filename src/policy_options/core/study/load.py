"""Find a study folder and load it: YAML -> models, cross-checked, every problem located.

:func:`inspect_study` collects every error and warning at once (for ``policy
validate``); :func:`load_study` returns the study or raises :class:`StudyError`.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from policy_options.core.study.criteria import Criterion
from policy_options.core.study.interactions_file import Interaction, InteractionsFile
from policy_options.core.study.model import Study, StudyFile
from policy_options.core.study.option_file import Option, OptionFile, Score
from policy_options.core.study.profile_file import Profile, ProfileFile
from policy_options.core.study.readall import read_all
from policy_options.core.study.scenario_file import BASE_SCENARIO, Scenario, ScenarioFile
from policy_options.core.study.suggest import did_you_mean
from policy_options.core.study.yaml_document import YamlDocument
from policy_options.core.study.yamlfile import read_yaml
from policy_options.errors import Location, Problem, StudyError

STUDY_FILE = "study.yaml"
INTERACTIONS_FILE = "interactions.yaml"
_NOT_OPTIONS = frozenset({STUDY_FILE, "study.yml", INTERACTIONS_FILE, "interactions.yml"})
WEIGHTS_DIR = "weights"
SCENARIOS_DIR = "scenarios"
PROBABILITY_TOLERANCE = 1e-9
M = TypeVar("M", bound=BaseModel)


def bundled_study() -> Path:
    """The study shipped inside the package (or, in a source checkout, the repo's options/)."""
    package = Path(__file__).resolve().parents[2]  # policy_options/
    packaged = package / "study"
    if (packaged / STUDY_FILE).is_file():
        return packaged
    return package.parent.parent / "options"


def find_study(study: Path | None = None) -> Path:
    """``--study DIR`` if given; else ``./options`` when it holds a study; else the bundled one."""
    if study is not None:
        if not study.is_dir():
            reason = (
                "not a folder (give the study's folder)" if study.exists() else "no such folder"
            )
            raise StudyError([Problem(reason, Location(display_path(study)))])
        if not (study / STUDY_FILE).is_file():
            raise StudyError(
                [
                    Problem(
                        f"no {STUDY_FILE} here: not a study folder", Location(display_path(study))
                    )
                ]
            )
        return study
    local = Path("options")
    if (local / STUDY_FILE).is_file():
        return local
    return bundled_study()


def studies_of(files: Iterable[Path]) -> list[Path]:
    """The study folders that ``files`` belong to, each once, in order of first mention.

    A file belongs to the nearest folder, itself or above, that holds a ``study.yaml``
    (``weights/x.yaml`` to the folder above ``weights/``); other files to none.
    """
    found: dict[Path, None] = {}
    for file in files:
        start = file if file.is_dir() else file.parent
        for folder in (start, *start.parents):
            if (folder / STUDY_FILE).is_file():
                found.setdefault(folder, None)
                break
    return list(found)


def display_path(path: Path) -> str:
    """``path`` relative to the working folder when it lies below it, for short messages."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def _message(error: Mapping[str, Any], model: type[BaseModel], doc: YamlDocument) -> Problem:
    """A pydantic error as a located, readable line."""
    loc: tuple[str | int, ...] = tuple(
        part for part in error["loc"] if not (isinstance(part, str) and "[" in part)
    )
    kind = error["type"]
    name = str(loc[-1]) if loc else ""
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
    message = str(error["msg"])
    return Problem(f"{field_label}{message[:1].lower()}{message[1:]}", where)


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
        return None, doc, [_message(err, model, doc) for err in exc.errors()]


@dataclass
class Inspection:
    """What loading a study found: the study (when usable) and every problem, in file order."""

    study: Study | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def load_profile_file(
    path: Path, criteria: Iterable[str], profile_id: str | None = None
) -> Profile:
    """Load one weight profile file (e.g. ``--weights my.yaml``), checked against the criteria."""
    display = display_path(path)
    spec, doc, problems = parse_file(path, ProfileFile, display)
    if spec is not None and doc is not None:
        problems = _check_profile(spec, doc, list(criteria))
    if problems or spec is None:
        raise StudyError(problems)
    return Profile(profile_id or path.stem, spec, display)


def _check_profile(spec: ProfileFile, doc: YamlDocument, criteria: list[str]) -> list[Problem]:
    problems = [
        Problem(
            f"unknown criterion '{key}'{did_you_mean(key, criteria)}",
            doc.locate(("weights", key), key=True),
        )
        for key in spec.weights
        if key not in criteria
    ]
    missing = [c for c in criteria if c not in spec.weights]
    if missing:
        problems.append(
            Problem(
                "no weight for "
                + ", ".join(f"'{c}'" for c in missing)
                + " (every criterion needs one; 0 ignores it)",
                doc.locate(("weights",), key=True),
            )
        )
    if spec.weights and all(w == 0 for w in spec.weights.values()):
        problems.append(Problem("all weights are zero", doc.locate(("weights",), key=True)))
    return problems


def _check_links(
    option_id: str, spec: OptionFile, doc: YamlDocument, study: StudyFile, ids: Iterable[str]
) -> list[Problem]:
    """Portfolio keys of an option: costs on declared resources, requires/excludes known ids."""
    problems: list[Problem] = []
    known = ids if isinstance(ids, set | frozenset) else set(ids)  # not sorted per option: n^2
    if spec.costs and not study.resources:
        problems.append(
            Problem(
                "costs given but the study declares no resources (add `resources:` to study.yaml)",
                doc.locate(("costs",), key=True),
            )
        )
    elif spec.costs:
        problems += [
            Problem(
                f"unknown resource '{key}'{did_you_mean(key, study.resources)}",
                doc.locate(("costs", key), key=True),
            )
            for key in spec.costs
            if key not in study.resources
        ]
    for kind in ("requires", "excludes"):
        listed: list[str] = getattr(spec, kind)
        for i, other in enumerate(listed):
            if other == option_id:
                verb = "requires" if kind == "requires" else "excludes"
                problems.append(
                    Problem(f"option '{option_id}' {verb} itself", doc.locate((kind, i)))
                )
            elif other not in known:
                problems.append(
                    Problem(
                        f"unknown option '{other}'{did_you_mean(other, sorted(known))}",
                        doc.locate((kind, i)),
                    )
                )
    for i, other in enumerate(spec.requires):
        if other in spec.excludes:
            problems.append(
                Problem(
                    f"option '{option_id}' requires '{other}' and also excludes it",
                    doc.locate(("requires", i)),
                )
            )
    return problems


def _check_scale(
    key: str, score: Score, criterion: Criterion, doc: YamlDocument, where: tuple[str, ...]
) -> list[Problem]:
    """A score (and its range) inside its criterion's scale."""
    problems = []
    scale = criterion.scale
    unit = f" {criterion.unit}" if criterion.unit else ""
    if not scale.min <= score.value <= scale.max:
        problems.append(
            Problem(
                f"score {score.value:g} for '{key}' lies outside its scale"
                f" {scale.min:g}..{scale.max:g}{unit}",
                doc.locate((*where, "value")),
            )
        )
    if score.range is not None and not (
        scale.min <= score.range[0] and score.range[1] <= scale.max
    ):
        problems.append(
            Problem(
                f"range [{score.range[0]:g}, {score.range[1]:g}] for '{key}' reaches outside"
                f" its scale {scale.min:g}..{scale.max:g}{unit}",
                doc.locate((*where, "range")),
            )
        )
    return problems


def _check_option(spec: OptionFile, doc: YamlDocument, study: StudyFile) -> list[Problem]:
    problems: list[Problem] = []
    criteria = study.criteria
    if spec.source is not None and spec.source.ref not in study.sources:
        problems.append(
            Problem(
                f"unknown source '{spec.source.ref}'{did_you_mean(spec.source.ref, study.sources)}",
                doc.locate(("source", "ref")),
            )
        )
    for key, score in spec.scores.items():
        if key not in criteria:
            problems.append(
                Problem(
                    f"unknown criterion '{key}'{did_you_mean(key, criteria)}",
                    doc.locate(("scores", key), key=True),
                )
            )
            continue
        problems += _check_scale(key, score, criteria[key], doc, ("scores", key))
    missing = [c for c in criteria if c not in spec.scores]
    if missing:
        problems.append(
            Problem(
                "no score for " + ", ".join(f"'{c}'" for c in missing),
                doc.locate(("scores",), key=True),
            )
        )
    return problems


def check_option_data(data: Any, study: StudyFile, display: str) -> list[Problem]:
    """The errors of an option given as data (not yet a file), as loading would find them."""
    doc = YamlDocument(data, display)
    if not isinstance(data, dict):
        return [Problem("expected a mapping of keys at the top level", doc.locate())]
    try:
        spec = OptionFile.model_validate(data)
    except ValidationError as exc:
        return [_message(err, OptionFile, doc) for err in exc.errors()]
    return _check_option(spec, doc, study)


def _option_warnings(option: Option, doc: YamlDocument) -> list[Problem]:
    warnings: list[Problem] = []
    source = option.spec.source
    if source is None or not (source.quote or "").strip():
        warnings.append(
            Problem(
                "option has no source quote",
                doc.locate(("source",) if source is not None else ()),
                "warning",
            )
        )
    if option.spec.costs and not option.spec.cost_rationale.strip():
        warnings.append(
            Problem("costs have no cost_rationale", doc.locate(("costs",), key=True), "warning")
        )
    for key, score in option.spec.scores.items():
        if not score.rationale.strip():
            warnings.append(
                Problem(
                    f"score for '{key}' has no rationale",
                    doc.locate(("scores", key), key=True),
                    "warning",
                )
            )
    return warnings


def _check_scenario(
    scenario: Scenario,
    doc: YamlDocument,
    study: StudyFile,
    option_ids: list[str],
    profiles: list[str],
) -> list[Problem]:
    """A scenario's references (options, criteria, profile, source) and its scores' scales."""
    spec = scenario.spec
    problems: list[Problem] = []
    if scenario.id == BASE_SCENARIO:
        problems.append(
            Problem(
                f"'{BASE_SCENARIO}' is the implicit scenario of the study as given;"
                " give this file another name",
                doc.locate(),
            )
        )
    if spec.source is not None and spec.source.ref not in study.sources:
        problems.append(
            Problem(
                f"unknown source '{spec.source.ref}'{did_you_mean(spec.source.ref, study.sources)}",
                doc.locate(("source", "ref")),
            )
        )
    if spec.weights is not None and spec.weights not in profiles:
        problems.append(
            Problem(
                f"unknown weight profile '{spec.weights}'{did_you_mean(spec.weights, profiles)}",
                doc.locate(("weights",)),
            )
        )
    for option, overrides in spec.scores.items():
        if option not in option_ids:
            problems.append(
                Problem(
                    f"unknown option '{option}'{did_you_mean(option, option_ids)}",
                    doc.locate(("scores", option), key=True),
                )
            )
            continue
        for key, score in overrides.items():
            if key not in study.criteria:
                problems.append(
                    Problem(
                        f"unknown criterion '{key}'{did_you_mean(key, study.criteria)}",
                        doc.locate(("scores", option, key), key=True),
                    )
                )
                continue
            problems += _check_scale(key, score, study.criteria[key], doc, ("scores", option, key))
    return problems


def _scenario_warnings(scenario: Scenario, doc: YamlDocument) -> list[Problem]:
    warnings: list[Problem] = []
    source = scenario.spec.source
    if source is None or not (source.quote or "").strip():
        warnings.append(
            Problem(
                "scenario has no source quote",
                doc.locate(("source",) if source is not None else ()),
                "warning",
            )
        )
    for option, overrides in scenario.spec.scores.items():
        for key, score in overrides.items():
            if not score.rationale.strip():
                warnings.append(
                    Problem(
                        f"override of '{option}' on '{key}' has no rationale",
                        doc.locate(("scores", option, key), key=True),
                        "warning",
                    )
                )
    return warnings


def _inspect_scenarios(
    folder: Path, spec: StudyFile, option_ids: list[str], profiles: list[str]
) -> tuple[dict[str, Scenario], list[Problem]]:
    """Every ``scenarios/*.yaml``, checked; probabilities must not sum above 1."""
    problems: list[Problem] = []
    scenarios: dict[str, Scenario] = {}
    located: list[tuple[Scenario, YamlDocument]] = []
    where = folder / SCENARIOS_DIR
    for path in _yaml_files(where):
        scenario_spec, doc, found = parse_file(path, ScenarioFile, display_path(path))
        if scenario_spec is not None and doc is not None:
            scenario = Scenario(path.stem, scenario_spec, doc.path)
            found = _check_scenario(scenario, doc, spec, option_ids, profiles)
            if not found:
                scenarios[scenario.id] = scenario
                located.append((scenario, doc))
                found = _scenario_warnings(scenario, doc)
        problems += found
    total = 0.0
    for scenario, doc in located:
        if scenario.spec.probability is None:
            continue
        total += scenario.spec.probability
        if total > 1 + PROBABILITY_TOLERANCE:
            problems.append(
                Problem(
                    f"the scenarios' probabilities sum to {total:g} by this file, above 1"
                    " (the rest of 1 is the base scenario's)",
                    doc.locate(("probability",)),
                )
            )
            break
    given = [s for s, _ in located if s.spec.probability is not None]
    if given and len(given) < len(located):
        for scenario, doc in located:
            if scenario.spec.probability is None:
                problems.append(
                    Problem(
                        "scenario has no probability while others have one:"
                        " expected scores need one on every scenario",
                        doc.locate(),
                        "warning",
                    )
                )
    return scenarios, problems


def _yaml_files(folder: Path) -> list[Path]:
    """``sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))``, listed once."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    yaml_names = sorted(name for name in names if name.endswith(".yaml"))
    yml_names = sorted(name for name in names if name.endswith(".yml"))
    return [folder / name for name in yaml_names + yml_names]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a study loads, as it was afterwards.

    Loading makes hundreds of thousands of small dicts, lists and models and no cycles;
    as the heap grows the collector would walk all of it again and again (a sixth of
    the time of loading 10,000 option files).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def inspect_study(folder: Path) -> Inspection:
    """Load every file of the study in ``folder``, collecting all problems instead of stopping."""
    with _collector_paused():
        return _inspect_study(folder)


def _inspect_study(folder: Path) -> Inspection:
    study_path = folder / STUDY_FILE
    spec, study_doc, problems = parse_file(study_path, StudyFile, display_path(study_path))
    if spec is None or study_doc is None:
        return Inspection(None, problems)
    criteria = list(spec.criteria)

    options: dict[str, Option] = {}
    shown = display_path(folder)  # once: relpath for each of 10,000 files adds up
    paths = [path for path in _yaml_files(folder) if path.name not in _NOT_OPTIONS]
    ids = {path.stem for path in paths}
    docs: dict[str, YamlDocument] = {}
    read = read_all([(p, p.name if shown == "." else os.path.join(shown, p.name)) for p in paths])
    for path, result in zip(paths, read, strict=True):
        if isinstance(result, list):
            problems += result
            continue
        option_spec, doc, found = validate_document(result, OptionFile)
        problems += found
        if option_spec is None or doc is None:
            continue
        option = Option(path.stem, option_spec, doc.path)
        found = _check_option(option_spec, doc, spec) + _check_links(
            option.id, option_spec, doc, spec, ids
        )
        problems += found + _option_warnings(option, doc)
        if not found:
            options[option.id] = option
            docs[option.id] = doc
    problems += _check_exclusions(options, docs)
    interactions, interactions_file, found = _load_interactions(folder, spec, ids)
    problems += found
    if not options and not any(p.severity == "error" for p in problems):
        problems.append(
            Problem(
                "the study has no options (add <option-id>.yaml files)",
                Location(display_path(folder)),
            )
        )

    profiles: dict[str, Profile] = {}
    weights_dir = folder / WEIGHTS_DIR
    profile_files = _yaml_files(weights_dir)
    for path in profile_files:
        profile_spec, doc, found = parse_file(path, ProfileFile, display_path(path))
        if profile_spec is not None and doc is not None:
            found = _check_profile(profile_spec, doc, criteria)
            if not found:
                profiles[path.stem] = Profile(path.stem, profile_spec, doc.path)
        problems += found

    default = spec.defaults.weights
    if (
        default is not None
        and default not in profiles
        and not (weights_dir / f"{default}.yaml").exists()
    ):
        problems.append(
            Problem(
                f"unknown weight profile '{default}'{did_you_mean(default, profiles)}",
                study_doc.locate(("defaults", "weights")),
            )
        )
    if profiles:
        for key in criteria:
            if all(p.spec.weights.get(key, 0) == 0 for p in profiles.values()):
                problems.append(
                    Problem(
                        f"no weight profile gives criterion '{key}' any weight",
                        study_doc.locate(("criteria", key), key=True),
                        "warning",
                    )
                )

    option_ids = sorted(path.stem for path in paths)
    known_profiles = sorted({*profiles, *(p.stem for p in profile_files)})
    scenarios, found = _inspect_scenarios(folder, spec, option_ids, known_profiles)
    problems += found
    study = Study(
        folder,
        spec,
        dict(sorted(options.items())),
        profiles,
        scenarios,
        interactions=interactions,
        interactions_file=interactions_file,
    )
    return Inspection(study, problems)


def _check_exclusions(options: dict[str, Option], docs: dict[str, YamlDocument]) -> list[Problem]:
    """Across options: a requirement the other side excludes (error); requires-cycles and
    options whose prerequisites exclude each other, so they can never be taken (warnings)."""
    problems: list[Problem] = []
    excluded: set[tuple[str, str]] = set()
    for a, option in options.items():
        for b in option.spec.excludes:
            if b in options:
                excluded |= {(a, b), (b, a)}
    for a, option in options.items():
        for i, b in enumerate(option.spec.requires):
            if b in options and (a, b) in excluded and b not in option.spec.excludes:
                problems.append(
                    Problem(
                        f"option '{a}' requires '{b}', which excludes it",
                        docs[a].locate(("requires", i)),
                    )
                )
    if problems:
        return problems
    needs = {a: [b for b in o.spec.requires if b in options] for a, o in options.items()}
    reported: set[frozenset[str]] = set()
    for a in options:
        closure = _closure(a, needs)
        if a in closure:
            cycle = frozenset(b for b in closure if a in _closure(b, needs))
            if cycle not in reported:
                reported.add(cycle)
                names = ", ".join(sorted(cycle))
                problems.append(
                    Problem(
                        f"requires-cycle: {names} require each other, so each is usable only"
                        " with all of them",
                        docs[a].locate(("requires",), key=True),
                        "warning",
                    )
                )
        clash = sorted((x, y) for x, y in excluded if x in closure | {a} and y in closure | {a})
        if clash:
            x, y = clash[0]
            problems.append(
                Problem(
                    f"option '{a}' can never be in a package: it needs both '{x}' and '{y}',"
                    " which exclude each other",
                    docs[a].locate(("requires",), key=True),
                    "warning",
                )
            )
    return problems


def _closure(start: str, needs: dict[str, list[str]]) -> set[str]:
    """Every option ``start`` requires, directly or through others (itself only in a cycle)."""
    seen: set[str] = set()
    stack = list(needs.get(start, []))
    while stack:
        b = stack.pop()
        if b not in seen:
            seen.add(b)
            stack.extend(needs.get(b, []))
    return seen


def _load_interactions(
    folder: Path, study: StudyFile, ids: Iterable[str]
) -> tuple[tuple[Interaction, ...], str | None, list[Problem]]:
    """``interactions.yaml`` (optional): a YAML list of pairwise interactions, cross-checked."""
    path = folder / INTERACTIONS_FILE
    if not path.exists():
        return (), None, []
    display = display_path(path)
    try:
        doc = read_yaml(path, display)
    except StudyError as exc:
        return (), display, exc.problems
    if doc.data is None:
        return (), display, []
    if not isinstance(doc.data, list):
        kind = type(doc.data).__name__
        return (), display, [Problem(f"expected a list of interactions, got {kind}", doc.locate())]
    wrapped = YamlDocument(
        {"interactions": doc.data},
        doc.path,
        {("interactions", *k): v for k, v in doc.values.items()},
        {("interactions", *k): v for k, v in doc.keys.items()},
    )
    try:
        parsed = InteractionsFile.model_validate(wrapped.data)
    except ValidationError as exc:
        return (), display, [_message(err, InteractionsFile, wrapped) for err in exc.errors()]
    known = sorted(ids)
    problems: list[Problem] = []
    for i, item in enumerate(parsed.interactions):
        for j, option in enumerate(item.options):
            if option not in known:
                problems.append(
                    Problem(
                        f"unknown option '{option}'{did_you_mean(option, known)}",
                        doc.locate((i, "options", j)),
                    )
                )
        if item.criterion not in study.criteria:
            problems.append(
                Problem(
                    f"unknown criterion '{item.criterion}'"
                    f"{did_you_mean(item.criterion, study.criteria)}",
                    doc.locate((i, "criterion")),
                )
            )
        if not item.rationale.strip():
            problems.append(Problem("interaction has no rationale", doc.locate((i,)), "warning"))
    return tuple(parsed.interactions), display, problems


def load_study(folder: Path | None = None) -> Study:
    """Find and load a study; raise :class:`StudyError` (all errors, first one shown) if invalid."""
    inspection = inspect_study(find_study(folder))
    if inspection.errors or inspection.study is None:
        raise StudyError(inspection.errors)
    return inspection.study
