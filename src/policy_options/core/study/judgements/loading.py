"""The judgement layers read and checked: each analyst's folder under ``judgements/``,
the options and criteria its files name, scores inside the scales; every problem located
(an analyst scoring an unknown option or criterion, lowest above highest, a confidence
outside 0..100: one ``file:line:column`` line each)."""

from __future__ import annotations

import os
from pathlib import Path

from policy_options.core.study.files.model import StudyFile
from policy_options.core.study.files.option_file import Score
from policy_options.core.study.files.profile_file import Profile, ProfileFile
from policy_options.core.study.judgements.files import (
    ANALYST_WEIGHTS,
    JUDGEMENTS_DIR,
    POOLED,
    Analyst,
    Judgement,
    JudgementFile,
)
from policy_options.core.study.loading.folder import display_path, yaml_files
from policy_options.core.study.loading.option_checks import check_scale
from policy_options.core.study.loading.parse import parse_file
from policy_options.core.study.reading.yaml_document import YamlDocument
from policy_options.core.study.suggest import did_you_mean
from policy_options.errors import Location, Problem


def analyst_folders(folder: Path) -> list[Path]:
    """The analysts' folders under ``judgements/``, by name (hidden ones skipped)."""
    where = folder / JUDGEMENTS_DIR
    try:
        names = sorted(os.listdir(where))
    except OSError:
        return []
    return [where / n for n in names if not n.startswith((".", "_")) and (where / n).is_dir()]


def inspect_judgements(
    folder: Path, spec: StudyFile, option_ids: list[str], study_doc: YamlDocument
) -> tuple[dict[str, Analyst], list[Problem]]:
    """Every analyst's layer under ``folder/judgements/``, checked against the study, and
    study.yaml's ``judgements:`` (``pooled`` or an analyst's name)."""
    analysts: dict[str, Analyst] = {}
    problems: list[Problem] = []
    folders = analyst_folders(folder)
    for where in folders:
        analyst, found = _inspect_analyst(where, spec, option_ids)
        problems += found
        if analyst is not None:
            analysts[analyst.id] = analyst
    chosen = spec.judgements
    names = [where.name for where in folders]
    if chosen is not None and chosen != POOLED and chosen not in names:
        known = [POOLED, *names] if names else []
        problems.append(
            Problem(
                f"unknown analyst '{chosen}'{did_you_mean(chosen, known)}"
                + ("" if names else " (the study has no judgements/<analyst>/ folders)"),
                study_doc.locate(("judgements",)),
            )
        )
    elif chosen == POOLED and not names:
        problems.append(
            Problem(
                "judgements: pooled, but the study has no judgements/<analyst>/ folders",
                study_doc.locate(("judgements",)),
            )
        )
    return analysts, problems


def _inspect_analyst(
    where: Path, spec: StudyFile, option_ids: list[str]
) -> tuple[Analyst | None, list[Problem]]:
    problems: list[Problem] = []
    if where.name == POOLED:
        problem = Problem(
            f"'{POOLED}' names the pool of every analyst; give this analyst another name",
            Location(display_path(where)),
        )
        return None, [problem]
    scores: dict[str, dict[str, Judgement]] = {}
    files: dict[str, str] = {}
    weights = None
    paths, listed = yaml_files(where)
    problems += listed
    for path in paths:
        if path.name == ANALYST_WEIGHTS:
            weights, found = _analyst_weights(path, spec)
            problems += found
            continue
        layer, doc, found = parse_file(path, JudgementFile, display_path(path))
        if layer is not None and doc is not None:
            found = _check_layer(path.stem, layer, doc, spec, option_ids)
        problems += found
        if not found and layer is not None and doc is not None:
            scores[path.stem] = dict(layer.scores)
            files[path.stem] = doc.path
    if any(p.severity == "error" for p in problems):
        return None, problems
    return Analyst(where.name, scores, files, weights), problems


def layer_problems(
    option: str, layer: JudgementFile, spec: StudyFile, option_ids: list[str]
) -> list[Problem]:
    """The checks of a judgement file, for a layer not read from a file (an import)."""
    return _check_layer(option, layer, YamlDocument({}, option), spec, option_ids)


def _check_layer(
    option: str, layer: JudgementFile, doc: YamlDocument, spec: StudyFile, option_ids: list[str]
) -> list[Problem]:
    """The option the file is named after, its criteria, its scores inside the scales."""
    if option not in option_ids:
        return [
            Problem(
                f"unknown option '{option}'{did_you_mean(option, option_ids)}"
                " (a judgement file is named after the option it scores)",
                doc.locate(),
            )
        ]
    problems: list[Problem] = []
    for key, judgement in layer.scores.items():
        if key not in spec.criteria:
            problems.append(
                Problem(
                    f"unknown criterion '{key}'{did_you_mean(key, spec.criteria)}",
                    doc.locate(("scores", key), key=True),
                )
            )
            continue
        low, high = judgement.lowest, judgement.highest
        span = None if low is None or high is None else (low, high)
        if (low is None) != (high is None):
            problems.append(
                Problem(
                    f"give both lowest and highest for '{key}', or neither",
                    doc.locate(("scores", key), key=True),
                )
            )
            continue
        score = Score(value=judgement.value, range=span)
        for problem in check_scale(key, score, spec.criteria[key], doc, ("scores", key)):
            if span is not None and "range" in problem.message:
                problem = Problem(
                    f"[lowest, highest] = [{span[0]:g}, {span[1]:g}] for '{key}' reaches outside"
                    + problem.message.split("reaches outside", 1)[1],
                    doc.locate(("scores", key, "lowest")),
                )
            problems.append(problem)
    return problems


def _analyst_weights(path: Path, spec: StudyFile) -> tuple[Profile | None, list[Problem]]:
    """``weights.yaml``: the analyst's raw weights, one per value criterion."""
    found, doc, problems = parse_file(path, ProfileFile, display_path(path))
    if found is None or doc is None:
        return None, problems
    criteria = list(spec.value_criteria)
    for key in found.weights:
        if key not in criteria:
            problems.append(
                Problem(
                    f"unknown criterion '{key}'{did_you_mean(key, criteria)}"
                    " (modifiers take no weight)",
                    doc.locate(("weights", key), key=True),
                )
            )
    missing = [c for c in criteria if c not in found.weights]
    if missing:
        problems.append(
            Problem(
                "no weight for " + ", ".join(f"'{c}'" for c in missing) + " (0 ignores one)",
                doc.locate(("weights",), key=True),
            )
        )
    if found.weights and all(w == 0 for w in found.weights.values()):
        problems.append(Problem("all weights are zero", doc.locate(("weights",), key=True)))
    if problems:
        return None, problems
    return Profile(f"analyst-{path.parent.name}", found, doc.path), []
