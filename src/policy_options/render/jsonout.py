"""JSON documents: ``"schema": 1``, sorted keys, floats rounded to 12 decimals; deterministic."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policy_options.render.fmt import exact
from policy_options.render.jsontext import dumps

if TYPE_CHECKING:  # types only: `policy rank --format json` loads no more than it writes
    from policy_options.core.ranking.compare import MethodComparison
    from policy_options.core.ranking.explain import Explanation, Gap
    from policy_options.core.ranking.rank import Ranking
    from policy_options.core.ranking.verdict import VerdictCheck
    from policy_options.core.study.files.model import Study
    from policy_options.core.study.sources.coverage import Coverage
    from policy_options.core.study.sources.provenance import CheckedQuote, Provenance
    from policy_options.core.study.weights import Weights


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
    return {key: round(value, 12) + 0.0 for key, value in mapping.items()}  # exact(), inline


def _details(details: dict[str, float | str | None]) -> dict[str, Any]:
    return {k: exact(v) if isinstance(v, float) else v for k, v in details.items()}


def _weights(weights: Weights) -> dict[str, Any]:
    return {
        "profile": weights.profile,
        "weights": _floats(weights.normalised),
        "overrides": {key: exact(value) for key, value in weights.overrides},
    }


def ranking(result: Ranking, check: VerdictCheck | None = None) -> str:
    """The ranking; ``reference`` names the do-nothing option (null: none) and each row's
    ``gain`` is its score minus the reference's (null without one); ``factor`` is the
    product of its modifiers (1 without); ``verdict_check`` lists ``check``'s findings."""
    reference = result.reference
    return dumps(
        {
            "study": result.study.title,
            **scenario_key(result.study),
            "method": result.method,
            **_weights(result.weights),
            "reference": None
            if reference is None
            else {"option": reference.option, "score": exact(reference.score)},
            "verdict_check": [] if check is None else _findings(check),
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
                    "factor": exact(row.factor),
                    "gain": None if reference is None else exact(row.score - reference.score),
                    **_details(row.details),
                }
                for row in result.rows
            ],
            "excluded": list(result.excluded),
            **({"notes": list(result.notes)} if result.notes else {}),
        }
    )


def _findings(check: VerdictCheck) -> list[dict[str, Any]]:
    """The verdict check's findings: what the model did (kind), the scores behind it."""
    return [
        {
            "option": f.option,
            "stance": f.stance,
            "kind": f.kind,
            "severity": f.severity,
            "rank": f.rank,
            "score": exact(f.score),
            "gain": None if f.gain is None else exact(f.gain),
            "drivers": [
                {"criterion": d.criterion, "raw": d.raw, "part": exact(d.part)} for d in f.drivers
            ],
            "departs": f.departs or None,
        }
        for f in check.findings
    ]


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
    from policy_options.render.quotes import quote_location

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
            **_factors(result),
            "above": _gap(result.above),
            "below": _gap(result.below),
        }
    )


def _factors(result: Explanation) -> dict[str, object]:
    """With modifiers: the factor m_i, the score before it and each modifier's factor."""
    if not result.factors:
        return {}
    unmodified, reference = result.unmodified, result.reference_score
    return {
        "factor": exact(result.factor),
        "unmodified_score": None if unmodified is None else exact(unmodified),
        # score = reference_score + factor (unmodified_score - reference_score); None: no
        # reference, score = factor x unmodified_score
        "reference_score": None if reference is None else exact(reference),
        "modifiers": [
            {
                "criterion": line.criterion,
                "name": line.name,
                "raw": exact(line.raw),
                "range": None if line.range is None else [exact(x) for x in line.range],
                "factor": exact(line.factor),
                "rationale": line.rationale,
                "quote": line.quote,
            }
            for line in result.factors
        ],
    }


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
            "repeats": result.repeats(),
            "independent": list(result.independent()),
            "notes": list(result.notes()),
            "left_out": result.left_out,
        }
    )


def _citation(checked: CheckedQuote) -> dict[str, Any]:
    from policy_options.render.quotes import match_json

    item = checked.item
    return {
        "option": item.option,
        "criterion": item.criterion,
        "kind": item.kind,
        "quote": item.quote,
        "at": str(item.location),
        "location": match_json(checked.match),
    }


def sources(result: Provenance, source: str | None = None) -> str:
    """Every source, or (``source``) one with each quote citing it and where it is."""
    from policy_options.core.study.loading.folder import display_path

    chosen = result.sources if source is None else (result.status(source),)
    return dumps(
        {
            "study": result.study.title,
            "search": list(result.search),
            "sources": [
                {
                    "source": s.id,
                    "title": s.source.title,
                    "authors": s.source.authors,
                    "publisher": s.source.publisher,
                    "date": None if s.source.date is None else str(s.source.date),
                    "url": s.source.url,
                    "file": s.declared_file,
                    "found_at": None if s.path is None else display_path(s.path),
                    "problem": s.problem,
                    "quotes": len(s.quotes),
                    "found": None if s.all_found is None else s.found,
                    "all_found": s.all_found,
                    **(
                        {"citations": [_citation(c) for c in s.quotes]}
                        if source is not None
                        else {}
                    ),
                }
                for s in chosen
            ],
        }
    )


def coverage(result: Coverage) -> str:
    """The share of quoted scores: overall, by basis and by option."""

    def row(r: Any) -> dict[str, Any]:
        share = None if r.share is None else exact(r.share)
        return {
            "key": r.key,
            "label": r.label,
            "scores": r.scores,
            "quoted": r.quoted,
            "share": share,
        }

    return dumps(
        {
            "study": result.study_title,
            "overall": row(result.overall),
            "by_basis": [row(r) for r in result.by_basis],
            "by_option": [row(r) for r in result.by_option],
        }
    )
