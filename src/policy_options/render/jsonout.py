"""JSON documents: ``"schema": 1``, sorted keys, floats rounded to 12 decimals; deterministic."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from policy_options.core.compare import MethodComparison
from policy_options.core.explain import Explanation, Gap
from policy_options.core.model import Study
from policy_options.core.ranking import Ranking
from policy_options.core.weights import Weights
from policy_options.render.fmt import exact

if TYPE_CHECKING:
    from policy_options.core.provenance import Provenance

SCHEMA = 1


def dumps(document: dict[str, Any]) -> str:
    """Serialise with sorted keys and a trailing newline."""
    return (
        json.dumps({"schema": SCHEMA, **document}, indent=2, sort_keys=True, ensure_ascii=False)
        + "\n"
    )


def scenario_key(study: Study) -> dict[str, str]:
    """``{"scenario": id}`` when the study is in a scenario; nothing for the base study."""
    return {} if study.scenario is None else {"scenario": study.scenario.id}


def _scenarios(study: Study) -> dict[str, Any]:
    """``{"scenarios": [...]}`` when the study has scenarios; nothing otherwise."""
    if not study.scenarios:
        return {}
    return {
        "scenarios": [
            {
                "scenario": key,
                "name": s.name,
                "description": s.spec.description,
                "probability": None if s.spec.probability is None else exact(s.spec.probability),
                "profile": s.spec.weights,
                "overrides": {
                    option: {k: exact(score.value) for k, score in scores.items()}
                    for option, scores in s.spec.scores.items()
                },
            }
            for key, s in study.scenarios.items()
        ]
    }


def _floats(mapping: dict[str, float]) -> dict[str, float]:
    return {key: exact(value) for key, value in mapping.items()}


def _details(details: dict[str, float | str | None]) -> dict[str, Any]:
    return {k: exact(v) if isinstance(v, float) else v for k, v in details.items()}


def _weights(weights: Weights) -> dict[str, Any]:
    return {
        "profile": weights.profile,
        "weights": _floats(weights.normalised),
        "overrides": {key: exact(value) for key, value in weights.overrides},
    }


def ranking(result: Ranking) -> str:
    return dumps(
        {
            "study": result.study.title,
            **scenario_key(result.study),
            "method": result.method,
            **_weights(result.weights),
            "ranking": [
                {
                    "rank": row.rank,
                    "option": row.option,
                    "title": row.title,
                    "stance": row.stance,
                    "score": exact(row.score),
                    "values": _floats(row.values),
                    "contributions": _floats(row.contributions),
                    "fails": list(row.fails),
                    **_details(row.details),
                }
                for row in result.rows
            ],
            "excluded": list(result.excluded),
        }
    )


def _gap(gap: Gap | None) -> dict[str, Any] | None:
    if gap is None:
        return None
    return {
        "option": gap.other.option,
        "title": gap.other.title,
        "rank": gap.other.rank,
        "score": exact(gap.other.score),
        "margin": exact(gap.margin),
        "differences": {key: exact(diff) for key, diff in gap.by_criterion},
        "basis": gap.basis,
    }


def explanation(result: Explanation, provenance: Provenance | None = None) -> str:
    """``location``: where each quote is in its source (null when not checked)."""
    from policy_options.render.sources import quote_location

    row = result.row
    spec = result.ranking.study.options[row.option].spec
    return dumps(
        {
            "study": result.ranking.study.title,
            **scenario_key(result.ranking.study),
            "method": result.ranking.method,
            **_weights(result.ranking.weights),
            "option": row.option,
            "title": row.title,
            "stance": row.stance,
            "rank": row.rank,
            "score": exact(row.score),
            "source": None
            if spec.source is None
            else {
                "ref": spec.source.ref,
                "quote": spec.source.quote,
                "location": quote_location(provenance, row.option),
            },
            "criteria": [
                {
                    "criterion": line.criterion,
                    "name": line.name,
                    "unit": line.unit,
                    "raw": exact(line.raw),
                    "range": None if line.range is None else [exact(x) for x in line.range],
                    "value": exact(line.value),
                    "weight": exact(line.weight),
                    "contribution": exact(line.contribution),
                    "rationale": line.rationale,
                    "quote": line.quote,
                    "quote_location": quote_location(provenance, row.option, line.criterion)
                    if line.quote
                    else None,
                }
                for line in result.lines
            ],
            "fails": list(row.fails),
            **_details(row.details),
            "above": _gap(result.above),
            "below": _gap(result.below),
        }
    )


def info(study: Study, weights: Weights) -> str:
    return dumps(
        {
            "title": study.title,
            **scenario_key(study),
            "question": study.spec.question,
            "sources": {
                key: {
                    "title": source.title,
                    "authors": source.authors,
                    "publisher": source.publisher,
                    "date": None if source.date is None else str(source.date),
                    "url": source.url,
                }
                for key, source in study.spec.sources.items()
            },
            "criteria": [
                {
                    "criterion": key,
                    "name": criterion.name,
                    "description": criterion.description,
                    "direction": criterion.direction.value,
                    "scale": [exact(criterion.scale.min), exact(criterion.scale.max)],
                    "unit": criterion.unit,
                    "value_function": None
                    if criterion.value_function is None
                    else [[exact(x), exact(v)] for x, v in criterion.value_function],
                    "weight": exact(weights.normalised[key]),
                }
                for key, criterion in study.criteria.items()
            ],
            **_weights(weights),
            "options": [
                {"option": option.id, "title": option.title, "stance": option.spec.stance}
                for option in study.options.values()
            ],
            "profiles": [
                {"profile": key, "name": profile.name, "description": profile.spec.description}
                for key, profile in study.profiles.items()
            ],
            **_scenarios(study),
        }
    )


def comparison(result: MethodComparison) -> str:
    return dumps(
        {
            "study": result.study.title,
            **scenario_key(result.study),
            **_weights(result.weights),
            "methods": list(result.methods),
            "ranks": result.ranks(),
            "top": result.top(),
            "kendall_tau": {
                a: {b: None if t is None else exact(t) for b, t in row.items()}
                for a, row in result.kendall_tau().items()
            },
            "agree_on_top": result.agree_on_top(),
        }
    )
