"""Judgements applied: a study in, the pooled or one analyst's study out.

Like a scenario (``core/study/scenarios.py``), ``apply_judgements`` is a study
transformation run before any command: every analysis then reads the judged scores
through the same ``Problem`` with no change of its own.

- ``pooled``: each cell some analyst scored takes the median of their best estimates as
  its value and the pool's 5-95% quantiles as its ``range``; the study's ``judged``
  carries each cell's opinion pool, which the one sampler draws from (a mixture, not
  the triangle of the range). Cells no analyst scored keep the option file's score.
- an analyst's name: the cells that analyst scored take their best estimate, with their
  interval rescaled to the common credibility as the range (no interval: no range); the
  analyst's ``weights.yaml``, if any, becomes the default weight profile.
"""

from __future__ import annotations

from dataclasses import replace

from policy_options.core.study.files.model import Study
from policy_options.core.study.files.option_file import Option, Score
from policy_options.core.study.judgements.distribution import Pool
from policy_options.core.study.judgements.files import POOLED, Analyst, Judged, Judgement
from policy_options.core.study.judgements.pool import CREDIBILITY, component, pool_cell
from policy_options.core.study.suggest import did_you_mean
from policy_options.errors import UsageError


def judgement_names(study: Study) -> list[str]:
    """``pooled`` then the analysts, by name."""
    return [POOLED, *study.analysts]


def find_analyst(study: Study, name: str) -> Analyst | None:
    """The analyst called ``name`` (None for ``pooled``); a UsageError when unknown."""
    if not study.analysts:
        raise UsageError(
            f"--judgements {name}: the study has no judgements",
            hint="add judgements/<analyst>/<option>.yaml files (`policy new analyst NAME`)",
        )
    if name == POOLED:
        return None
    if name in study.analysts:
        return study.analysts[name]
    known = judgement_names(study)
    raise UsageError(
        f"unknown analyst '{name}'{did_you_mean(name, known)}",
        hint="judgements: " + ", ".join(known),
    )


def cells_judged(study: Study) -> dict[tuple[str, str], dict[str, Judgement]]:
    """(option, criterion) -> analyst -> judgement, for every cell some analyst scored,
    options in id order, criteria as declared."""
    found: dict[tuple[str, str], dict[str, Judgement]] = {}
    for option in study.options:
        for key in study.all_criteria:
            for analyst in study.analysts.values():
                judgement = analyst.scores.get(option, {}).get(key)
                if judgement is not None:
                    found.setdefault((option, key), {})[analyst.id] = judgement
    return found


def apply_judgements(study: Study, name: str | None) -> Study:
    """The study with ``name``'s judgements (``pooled`` or an analyst's) in its cells.

    ``None`` gives the study back unchanged; the result is a new frozen study.
    """
    if name is None:
        return study
    if study.judged is not None:
        raise ValueError("apply judgements to the study as loaded, not to a judged one")
    analyst = find_analyst(study, name)
    if analyst is None:
        return _pooled(study)
    return _analyst(study, analyst)


def _with_scores(study: Study, changed: dict[str, dict[str, Score]]) -> dict[str, Option]:
    options = dict(study.options)
    for option_id, scores in changed.items():
        option = options[option_id]
        merged = {**option.spec.scores, **scores}
        options[option_id] = Option(
            option.id, option.spec.model_copy(update={"scores": merged}), option.file
        )
    return options


def _pooled(study: Study) -> Study:
    changed: dict[str, dict[str, Score]] = {}
    pools: dict[tuple[str, str], Pool] = {}
    for (option, key), by_analyst in cells_judged(study).items():
        cell = pool_cell(list(by_analyst.values()), study.all_criteria[key])
        values = ", ".join(f"{a} {j.value:g}" for a, j in by_analyst.items())
        rationale = f"median of {len(by_analyst)} analysts' best estimates ({values})"
        score = study.options[option].spec.scores[key]
        changed.setdefault(option, {})[key] = score.model_copy(
            update={"value": cell.value, "range": cell.range, "rationale": rationale}
        )
        if cell.range is not None:
            pools[(option, key)] = cell.pool
    options = _with_scores(study, changed)
    return replace(study, options=options, judged=Judged(POOLED, pools))


def _analyst(study: Study, analyst: Analyst) -> Study:
    changed: dict[str, dict[str, Score]] = {}
    for option, scores in analyst.scores.items():
        for key, judgement in scores.items():
            part = component(judgement, study.all_criteria[key])
            span = (part.low, part.high) if part.low < part.high else None
            score = study.options[option].spec.scores[key]
            rationale = judgement.rationale or f"{analyst.id}'s judgement"
            changed.setdefault(option, {})[key] = score.model_copy(
                update={"value": judgement.value, "range": span, "rationale": rationale}
            )
    options = _with_scores(study, changed)
    profiles, spec = study.profiles, study.spec
    if analyst.weights is not None:
        profiles = {**profiles, analyst.weights.id: analyst.weights}
        defaults = spec.defaults.model_copy(update={"weights": analyst.weights.id})
        spec = spec.model_copy(update={"defaults": defaults})
    return replace(study, spec=spec, options=options, profiles=profiles, judged=Judged(analyst.id))


__all__ = ["CREDIBILITY", "apply_judgements", "cells_judged", "find_analyst", "judgement_names"]
