"""The JSON of ``policy sensitivity weights|montecarlo|scores|value``: each result's own data
(``"schema": 1``, sorted keys, floats rounded to 12 digits, as :mod:`jsonout`).

Pure: result -> str. The results carry every number; nothing is recomputed here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from policy_options.core.methods import Method
from policy_options.render import fmt
from policy_options.render.jsonout import scenario_key
from policy_options.render.jsontext import Lazy, dumps
from policy_options.render.sensitivity import (
    maybe_exact,
    method_note,
    montecarlo_note,
    profile_json,
    stability_summary,
    tornado_verdict,
)

if TYPE_CHECKING:
    from policy_options.core.uncertainty.montecarlo import MonteCarlo
    from policy_options.core.uncertainty.stability_result import CriterionStability, WeightStability
    from policy_options.core.uncertainty.tornado import Tornado
    from policy_options.core.uncertainty.value import ValueOfInformation

exact = fmt.exact


def stability_json(result: WeightStability) -> str:
    """The issue's contract; other methods than additive add ``exact`` and ``note``, and
    their own keys (weighted product: ``endpoints``, ``vetoed_inside`` per criterion;
    TOPSIS: ``search``; weakest link: ``criteria`` empty, ``toggles``, ``shares_top``)."""
    ranking = result.ranking
    method = result.method
    document: dict[str, Any] = {
        "study": ranking.study.title,
        **scenario_key(ranking.study),
        "method": method,
        **profile_json(ranking),
        "top": result.top,
        "summary": stability_summary(result),
        "criteria": [_criterion_json(c, method) for c in result.criteria],
    }
    if method != Method.additive:
        document["exact"] = result.exact
        document["note"] = method_note(result)
    if result.search is not None:
        document["search"] = {"grid": result.search[0], "tolerance": result.search[1]}
    if method == Method.weakest_link:
        document["top_value"] = maybe_exact(result.top_value)
        document["shares_top"] = list(result.shares_top)
        document["toggles"] = [
            {
                "criterion": t.criterion,
                "weight": exact(t.weight),
                "change": "drop" if t.weight > 0 else "add",
                "top": t.top,
                "changes_top": t.changes_top,
            }
            for t in result.toggles
        ]
    return dumps(document)


def _criterion_json(c: CriterionStability, method: str) -> dict[str, Any]:
    found: dict[str, Any] = {
        "criterion": c.criterion,
        "weight": exact(c.weight),
        "top_interval": [exact(c.top_interval[0]), exact(c.top_interval[1])],
        "ranking_interval": [exact(c.ranking_interval[0]), exact(c.ranking_interval[1])],
        "below": c.below,
        "above": c.above,
        "breakpoints": [{"weight": exact(p.weight), "top": p.top} for p in c.breakpoints],
        "top_at_zero": c.top_at_zero,
        "change": maybe_exact(c.change),
        "relative_change": maybe_exact(c.relative_change),
        "spread_equally": c.spread_equally,
    }
    if method == Method.weighted_product:
        found["endpoints"] = [
            {"weight": exact(e.weight), "top": e.top, "unvetoed": list(e.unvetoed)}
            for e in c.endpoints
        ]
        found["vetoed_inside"] = c.vetoed_inside
    return found


def montecarlo_json(result: MonteCarlo) -> str:
    return dumps(montecarlo_document(result))


def montecarlo_document(result: MonteCarlo) -> dict[str, Any]:
    """The document of :func:`montecarlo_json`, its option rows :class:`Lazy` (made while
    written: 1,000 options hold two million shares), for :func:`jsontext.stream`."""
    ranking = result.ranking

    def rows() -> Iterator[dict[str, Any]]:
        for row in result.options:
            yield {
                "option": row.option,
                "base_rank": row.base_rank,
                "acceptability": [exact(p) for p in row.acceptability],
                "acceptability_se": [exact(se) for se in row.acceptability_se],
                "first": exact(row.first),
                "expected_rank": exact(row.expected_rank),
                "central_weights": None
                if row.central_weights is None
                else {key: exact(w) for key, w in row.central_weights.items()},
                "confidence": maybe_exact(row.confidence),
            }

    return {
        "study": ranking.study.title,
        **scenario_key(ranking.study),
        "method": ranking.method,
        **profile_json(ranking),
        "samples": result.samples,
        "seed": result.seed,
        "weight_model": result.weight_model.value,
        "concentration": maybe_exact(result.concentration),
        "score_uncertainty": result.score_uncertainty,
        "uncertain_scores": result.uncertain_scores,
        "confidence_samples": result.confidence_samples,
        "sampled_criteria": list(result.sampled_criteria),
        "options": Lazy(rows),
        "pairwise": {
            a: {b: exact(p) for b, p in others.items()} for a, others in result.pairwise.items()
        },
        "pairwise_scope": result.pairwise_scope,
        **({"note": note} if (note := montecarlo_note(result)) is not None else {}),
    }


def tornado_json(result: Tornado) -> str:
    ranking = result.ranking
    return dumps(
        {
            "study": ranking.study.title,
            **scenario_key(ranking.study),
            "method": ranking.method,
            **profile_json(ranking),
            "leader": result.leader,
            "runner_up": result.runner_up,
            "margin": exact(result.margin),
            "summary": tornado_verdict(result),
            "bars": [
                {
                    "option": bar.option,
                    "criterion": bar.criterion,
                    "value": exact(bar.value),
                    "low": exact(bar.low),
                    "high": exact(bar.high),
                    "margin_at_low": exact(bar.margin_at_low),
                    "margin_at_high": exact(bar.margin_at_high),
                    "swing": exact(bar.swing),
                    "top_at_low": bar.top_at_low,
                    "top_at_high": bar.top_at_high,
                    "changes_leader": bar.changes_leader,
                }
                for bar in result.bars
            ],
        }
    )


def value_json(result: ValueOfInformation) -> str:
    """EVPI and every input's EVPPI, 0..1 (points / 100), by value; each with its sentence."""
    from policy_options.render.value_text import input_sentence, value_method_note, value_verdict

    ranking = result.ranking
    return dumps(
        {
            "study": ranking.study.title,
            **scenario_key(ranking.study),
            "method": ranking.method,
            **profile_json(ranking),
            "samples": result.samples,
            "seed": result.seed,
            "weight_model": None if result.weight_model is None else result.weight_model.value,
            "concentration": maybe_exact(result.concentration),
            "uncertain_scores": result.uncertain_scores,
            "evpi": exact(result.evpi),
            "evpi_se": exact(result.evpi_se),
            "expected_best": result.expected_best,
            "expected_score": exact(result.expected_score),
            "decision": list(result.decision),
            "decision_limited": result.decision_limited,
            "first_options": result.first_options,
            "bins": result.bins,
            "summary": value_verdict(result),
            "note": value_method_note(result),
            "inputs": [
                {
                    "kind": item.kind,
                    "option": item.option,
                    "criterion": item.criterion,
                    "inputs": item.inputs,
                    "evppi": exact(item.evppi),
                    "noise": exact(item.noise),
                    "above_noise": item.above_noise,
                    "range": None
                    if item.low is None or item.high is None
                    else [exact(item.low), exact(item.high)],
                    "value": maybe_exact(item.value),
                    "switches": [
                        {"at": exact(s.at), "below": s.below, "above": s.above}
                        for s in item.switches
                    ],
                    "sentence": input_sentence(item, result.packages),
                }
                for item in result.inputs
            ],
        }
    )
