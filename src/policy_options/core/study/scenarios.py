"""Scenarios: futures in which some scores differ from the base study.

A scenario (``scenarios/<name>.yaml``) overrides scores of some options; everything it
does not override stays as in the base study, which is itself the implicit scenario
``base``. An override replaces the whole score (value, range, rationale, quote).
:func:`apply_scenario` turns a study into the study of that future (a study in, a study
out), so every command that ranks runs in it unchanged.

When the scenario names a weight profile (``weights:``), that profile becomes the
study's default in that future: a command without ``--weights`` uses it; ``--weights``
still wins (the analyst's explicit choice).
"""

from __future__ import annotations

import math
from dataclasses import replace

from policy_options.core.study.files.model import Study
from policy_options.core.study.files.option_file import Option
from policy_options.core.study.files.scenario_file import BASE_SCENARIO, Scenario
from policy_options.core.study.suggest import did_you_mean
from policy_options.errors import UsageError

DEFAULT_DISCOVERY_SAMPLES = 10_000
"""Samples for ``policy scenarios discover`` (here, not in core.discovery: no numpy)."""


def scenario_ids(study: Study) -> list[str]:
    """``base`` then the study's scenarios by id."""
    return [BASE_SCENARIO, *study.scenarios]


def base_probability(study: Study) -> float | None:
    """The base study's chance when every scenario states one: what they leave of 1
    (None when some scenario states none: then the futures have no probabilities)."""
    given = [s.spec.probability for s in study.scenarios.values()]
    if not given or any(p is None for p in given):
        return None
    return max(0.0, 1.0 - math.fsum(p for p in given if p is not None))


def find_scenario(study: Study, name: str) -> Scenario | None:
    """The scenario called ``name`` (None for ``base``); a UsageError when unknown."""
    if name == BASE_SCENARIO:
        return None
    if name in study.scenarios:
        return study.scenarios[name]
    known = scenario_ids(study)
    hint = (
        "scenarios: " + ", ".join(known)
        if study.scenarios
        else "the study has no scenarios/ folder: add scenarios/<name>.yaml files"
    )
    raise UsageError(f"unknown scenario '{name}'{did_you_mean(name, known)}", hint=hint)


def apply_scenario(study: Study, name: str | None) -> Study:
    """The study in scenario ``name``: its score overrides written into the options.

    ``None`` and ``base`` give the study back unchanged. The result is a new frozen
    study; ``study`` is not modified. Its ``scenario`` names the future (headers show
    it) and, when the scenario names a weight profile, that profile is the default.
    """
    if name is None:
        return study
    if study.scenario is not None:
        raise ValueError("apply a scenario to the base study, not to another scenario's")
    scenario = find_scenario(study, name)
    if scenario is None:
        return study
    options = dict(study.options)
    for option_id, overrides in scenario.spec.scores.items():
        option = options[option_id]
        scores = {**option.spec.scores, **overrides}
        options[option_id] = Option(
            option.id, option.spec.model_copy(update={"scores": scores}), option.file
        )
    spec = study.spec
    if scenario.spec.weights is not None:
        defaults = spec.defaults.model_copy(update={"weights": scenario.spec.weights})
        spec = spec.model_copy(update={"defaults": defaults})
    return replace(study, spec=spec, options=options, scenario=scenario)
