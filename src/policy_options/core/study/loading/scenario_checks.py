"""A study's scenarios read and checked: what they name (options, criteria, a weight
profile, a source), their scores inside the scales, probabilities summing to at most 1;
and their warnings (no quote, no rationale, a probability missing among given ones)."""

from __future__ import annotations

from pathlib import Path

from policy_options.core.study.files.model import StudyFile
from policy_options.core.study.files.scenario_file import BASE_SCENARIO, Scenario, ScenarioFile
from policy_options.core.study.loading.folder import SCENARIOS_DIR, display_path, yaml_files
from policy_options.core.study.loading.option_checks import check_scale, placeholders
from policy_options.core.study.loading.parse import parse_file
from policy_options.core.study.reading.yaml_document import YamlDocument
from policy_options.core.study.suggest import did_you_mean
from policy_options.errors import Problem

PROBABILITY_TOLERANCE = 1e-9


def inspect_scenarios(
    folder: Path, spec: StudyFile, option_ids: list[str], profiles: list[str]
) -> tuple[dict[str, Scenario], list[Problem]]:
    """Every ``scenarios/*.yaml``, checked; probabilities must not sum above 1."""
    problems: list[Problem] = []
    scenarios: dict[str, Scenario] = {}
    located: list[tuple[Scenario, YamlDocument]] = []
    where = folder / SCENARIOS_DIR
    paths, problems = yaml_files(where)
    for path in paths:
        scenario_spec, doc, found = parse_file(path, ScenarioFile, display_path(path))
        if scenario_spec is not None and doc is not None:
            scenario = Scenario(path.stem, scenario_spec, doc.path)
            found = _check_scenario(scenario, doc, spec, option_ids, profiles)
            if not found:
                scenarios[scenario.id] = scenario
                located.append((scenario, doc))
                found = _scenario_warnings(scenario, doc) + placeholders(doc.data, doc)
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
            problems += check_scale(key, score, study.criteria[key], doc, ("scores", option, key))
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
