"""Load a study: every file read as its model, cross-checked, every problem located.

:func:`inspect_study` collects every error and warning at once (for ``policy
validate``); :func:`load_study` returns the study or raises :class:`StudyError`.
Finding the folder is folder.py; reading one file as its model, parse.py; the checks
of options, scenarios and portfolio links, option_checks.py, scenario_checks.py and
portfolio_checks.py.
"""

from __future__ import annotations

import gc
import math
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from policy_options.core.study.files.model import Study, StudyFile
from policy_options.core.study.files.option_file import Option, OptionFile
from policy_options.core.study.files.profile_file import Profile, ProfileFile
from policy_options.core.study.judgements.loading import inspect_judgements
from policy_options.core.study.loading.folder import (
    NOT_OPTIONS,
    STUDY_FILE,
    WEIGHTS_DIR,
    display_path,
    find_study,
    yaml_files,
)
from policy_options.core.study.loading.option_checks import (
    check_links,
    check_option,
    option_warnings,
    placeholders,
)
from policy_options.core.study.loading.parse import parse_file, validate_document
from policy_options.core.study.loading.portfolio_checks import check_exclusions, load_interactions
from policy_options.core.study.loading.scenario_checks import inspect_scenarios
from policy_options.core.study.reading.readall import read_all
from policy_options.core.study.reading.yaml_document import YamlDocument
from policy_options.core.study.suggest import did_you_mean
from policy_options.errors import Location, Problem, StudyError


def load_study(folder: Path | None = None) -> Study:
    """Find and load a study; raise :class:`StudyError` (all errors, first one shown) if invalid."""
    inspection = inspect_study(find_study(folder))
    if inspection.errors or inspection.study is None:
        raise StudyError(inspection.errors)
    return inspection.study


def inspect_study(folder: Path) -> Inspection:
    """Load every file of the study in ``folder``, collecting all problems instead of stopping."""
    with _collector_paused():
        return _inspect_study(folder)


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


def _inspect_study(folder: Path) -> Inspection:
    study_path = folder / STUDY_FILE
    spec, study_doc, problems = parse_file(study_path, StudyFile, display_path(study_path))
    if spec is None or study_doc is None:
        return Inspection(None, problems)
    problems += placeholders(study_doc.data, study_doc)
    criteria = list(spec.value_criteria)  # what weights cover: modifiers take none
    modifiers = [key for key in spec.criteria if key not in spec.value_criteria]

    options: dict[str, Option] = {}
    shown = display_path(folder)  # once: relpath for each of 10,000 files adds up
    listed, problems_found = yaml_files(folder)
    problems += problems_found
    paths = [path for path in listed if path.name not in NOT_OPTIONS]
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
        found = check_option(option_spec, doc, spec) + check_links(
            option.id, option_spec, doc, spec, ids
        )
        problems += found + option_warnings(option, doc, spec.resources)
        if not found:
            options[option.id] = option
            docs[option.id] = doc
    problems += check_exclusions(options, docs)
    interactions, interactions_file, found = load_interactions(folder, spec, ids)
    problems += found
    if not options and not any(p.severity == "error" for p in problems):
        problems.append(
            Problem(
                "the study has no options (add <option-id>.yaml files)",
                Location(display_path(folder)),
            )
        )

    if spec.reference is not None and spec.reference not in ids:
        problems.append(
            Problem(
                f"unknown reference option '{spec.reference}'"
                f"{did_you_mean(spec.reference, sorted(ids))}",
                study_doc.locate(("reference",)),
            )
        )

    profiles: dict[str, Profile] = {}
    weights_dir = folder / WEIGHTS_DIR
    profile_files, found = yaml_files(weights_dir)
    problems += found
    named: dict[str, str] = {}  # display name -> the first profile with it
    for path in profile_files:
        profile_spec, doc, found = parse_file(path, ProfileFile, display_path(path))
        if profile_spec is not None and doc is not None:
            found = _check_profile(profile_spec, doc, criteria, modifiers)
            if not found:
                profiles[path.stem] = Profile(path.stem, profile_spec, doc.path)
                found = placeholders(doc.data, doc)
                name = profile_spec.name
                if name is not None and named.setdefault(name, path.stem) != path.stem:
                    found.append(
                        Problem(
                            f"profile '{path.stem}' has the name of profile"
                            f" '{named[name]}' ({name!r}): a copy? give it a name of its own",
                            doc.locate(("name",)),
                            "warning",
                        )
                    )
        problems += found

    default = spec.defaults.weights
    if (
        default is not None
        and default not in profiles
        and not os.path.exists(weights_dir / f"{default}.yaml")  # False if unreadable
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
    scenarios, found = inspect_scenarios(folder, spec, option_ids, known_profiles)
    problems += found
    analysts, found = inspect_judgements(folder, spec, option_ids, study_doc)
    problems += found
    study = Study(
        folder,
        spec,
        dict(sorted(options.items())),
        profiles,
        scenarios,
        interactions=interactions,
        interactions_file=interactions_file,
        analysts=analysts,
    )
    return Inspection(study, problems)


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


def _check_profile(
    spec: ProfileFile, doc: YamlDocument, criteria: list[str], modifiers: Sequence[str] = ()
) -> list[Problem]:
    problems = [
        Problem(
            f"criterion '{key}' is a modifier: it takes no weight (remove it from the profile)"
            if key in modifiers
            else f"unknown criterion '{key}'{did_you_mean(key, criteria)}",
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
    if _sum_overflows(spec.weights.values()):
        problems.append(
            Problem(
                "the weights add up to more than the largest number (about 1.8e308):"
                " use smaller weights; only their ratios count",
                doc.locate(("weights",), key=True),
            )
        )
    return problems


def _sum_overflows(weights: Iterable[float]) -> bool:
    """Finite weights whose sum is not (1e308 + 1e308): they cannot be normalised."""
    try:
        return not math.isfinite(math.fsum(weights))
    except OverflowError:
        return True
