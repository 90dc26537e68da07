"""Random portfolio instances in memory, and a brute-force solver written independently."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from policy_options.core.study.files.interactions_file import Interaction
from policy_options.core.study.files.model import Study, StudyFile
from policy_options.core.study.files.option_file import Option, OptionFile
from policy_options.core.study.files.profile_file import Profile, ProfileFile
from policy_options.core.study.values import value
from policy_options.core.study.weights import Weights, normalise


@dataclass(frozen=True)
class Instance:
    study: Study
    weights: Weights
    require: tuple[str, ...]
    forbid: tuple[str, ...]
    size_max: int | None


def make_study(
    criteria: dict[str, dict[str, Any]],
    options: dict[str, dict[str, Any]],
    resources: dict[str, float],
    interactions: list[dict[str, Any]],
    reference: str | None = None,
) -> Study:
    spec = StudyFile.model_validate(
        {
            "schema": 1,
            "title": "random",
            "criteria": criteria,
            "resources": {r: {"name": r, "limit": limit} for r, limit in resources.items()},
            "reference": reference,
        }
    )
    weighted = [key for key, c in criteria.items() if c.get("role") != "modifier"]
    loaded = {
        key: Option(key, OptionFile.model_validate({"title": key, **data}), f"{key}.yaml")
        for key, data in options.items()
    }
    profile = Profile(
        "p", ProfileFile.model_validate({"weights": dict.fromkeys(weighted, 1.0)}), "p.yaml"
    )
    return Study(
        Path("."),
        spec,
        dict(sorted(loaded.items())),
        {"p": profile},
        interactions=tuple(Interaction.model_validate(item) for item in interactions),
    )


def weights_of(raw: dict[str, float]) -> Weights:
    return Weights("p", "p", raw, normalise(raw))


@st.composite
def instances(
    draw: st.DrawFn, max_options: int = 16, conditions: bool = False, min_options: int = 1
) -> Instance:
    """Random studies; with ``conditions`` also a modifier criterion, thresholds (red
    lines), ``requires_any`` groups and maybe a reference option."""
    n = draw(st.integers(min_options, max_options))
    m = draw(st.integers(1, 3))
    r = draw(st.integers(1, 3))
    ids = [f"o{j:02d}" for j in range(n)]
    keys = [f"c{k}" for k in range(m)]
    number = st.floats(0, 10, allow_nan=False).map(lambda x: round(x, 3))
    criteria: dict[str, dict[str, Any]] = {}
    for key in keys:
        spec: dict[str, Any] = {
            "name": key,
            "direction": draw(st.sampled_from(["higher_is_better", "lower_is_better"])),
            "scale": {"min": 0.0, "max": 10.0},
        }
        baseline = draw(st.none() | number)
        if baseline is not None:
            spec["baseline"] = baseline
        if conditions and draw(st.booleans()):
            spec["threshold"] = draw(number)
        criteria[key] = spec
    if conditions:
        ends = st.floats(0, 1, allow_nan=False).map(lambda x: round(x, 3))
        criteria["mod"] = {
            "name": "mod",
            "role": "modifier",
            "direction": "higher_is_better",
            "scale": {"min": 0.0, "max": 10.0},
            "value_function": [[0.0, draw(ends)], [10.0, draw(ends)]],
        }
        if draw(st.booleans()):
            criteria["mod"]["threshold"] = draw(number)
    pairs = [(a, b) for a in ids for b in ids if a != b]
    requires = draw(st.lists(st.sampled_from(pairs), max_size=4, unique=True)) if pairs else []
    excludes = draw(st.lists(st.sampled_from(pairs), max_size=4, unique=True)) if pairs else []
    resources = [f"r{i}" for i in range(r)]
    options: dict[str, dict[str, Any]] = {}
    for key in ids:
        scores = {}
        for c in keys:
            x = draw(number)
            spread = draw(st.floats(0, 3, allow_nan=False))
            scores[c] = {
                "value": x,
                "range": [max(0.0, round(x - spread, 3)), min(10.0, round(x + spread, 3))],
            }
        if conditions:
            scores["mod"] = {"value": draw(number)}
        groups = []
        if conditions and n > 1:
            others = [o for o in ids if o != key]
            for _ in range(draw(st.integers(0, 2)) if draw(st.booleans()) else 0):
                groups.append(draw(st.lists(st.sampled_from(others), min_size=1, max_size=3)))
        options[key] = {
            "requires_any": groups,
            "scores": scores,
            "costs": {
                res: draw(st.floats(0, 10, allow_nan=False).map(lambda x: round(x, 2)))
                for res in resources
            },
            "requires": sorted({b for a, b in requires if a == key}),
            "excludes": sorted({b for a, b in excludes if a == key}),
        }
    interactions = []
    if pairs:
        for a, b in draw(st.lists(st.sampled_from(pairs), max_size=4)):
            interactions.append(
                {
                    "options": [a, b],
                    "criterion": draw(st.sampled_from(keys)),
                    "value": draw(st.floats(-1, 1, allow_nan=False)),
                }
            )
    limits = {
        res: draw(st.floats(0, 10 * n, allow_nan=False).map(lambda x: round(x, 2)))
        for res in resources
    }
    raw = {key: draw(st.floats(0.01, 5, allow_nan=False)) for key in keys}
    if conditions:  # a criterion weighted 0 now and then (it drops out of RPM and sampling)
        zero = draw(st.none() | st.sampled_from(keys))
        if zero is not None and len(keys) > 1:
            raw[zero] = 0.0
    forced = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
    split = draw(st.integers(0, len(forced)))
    size_max = draw(st.none() | st.integers(0, n))
    unforced = [o for o in ids if o not in forced]
    reference = None
    if conditions and unforced and draw(st.booleans()):
        reference = draw(st.sampled_from(unforced))
    return Instance(
        make_study(criteria, options, limits, interactions, reference),
        weights_of(raw),
        tuple(forced[:split]),
        tuple(forced[split:]),
        size_max,
    )


def factor(study: Study, option: str) -> float:
    """m_j: the product of the option's modifier values (1 without modifiers)."""
    m = 1.0
    for key, criterion in study.spec.criteria.items():
        if criterion.role == "modifier":
            m *= value(criterion, study.options[option].spec.scores[key].value)
    return m


def criterion_values(study: Study, chosen: frozenset[str]) -> dict[str, float]:
    """Per value criterion, sum_{j in P} m_j (v_jk - v(b_k)) + active interactions
    (unweighted), straight from the definition."""
    out = {}
    for key, criterion in study.spec.criteria.items():
        if criterion.role == "modifier":
            continue
        base = criterion.baseline
        if base is None and study.spec.reference is not None:
            base = study.options[study.spec.reference].spec.scores[key].value
        if base is None:
            base = (
                criterion.scale.min
                if criterion.direction == "higher_is_better"
                else criterion.scale.max
            )
        vb = value(criterion, base)
        part = sum(
            factor(study, o) * (value(criterion, study.options[o].spec.scores[key].value) - vb)
            for o in chosen
        )
        part += sum(
            i.value for i in study.interactions if i.criterion == key and set(i.options) <= chosen
        )
        out[key] = part
    return out


def package_value(inst: Instance, chosen: frozenset[str], study: Study | None = None) -> float:
    """V(P) straight from the definition (in ``study``, default the instance's)."""
    w = inst.weights.normalised
    parts = criterion_values(study or inst.study, chosen)
    return sum(w[key] * part for key, part in parts.items())


def fails_a_red_line(study: Study, option: str) -> bool:
    return any(
        c.threshold is not None
        and (
            study.options[option].spec.scores[key].value < c.threshold
            if c.direction == "higher_is_better"
            else study.options[option].spec.scores[key].value > c.threshold
        )
        for key, c in study.spec.criteria.items()
    )


def is_feasible(
    inst: Instance,
    chosen: frozenset[str],
    skip_resource: str | None = None,
    budget: float | None = None,
) -> bool:
    study = inst.study
    if not set(inst.require) <= chosen or chosen & set(inst.forbid):
        return False
    if inst.size_max is not None and len(chosen) > inst.size_max:
        return False
    if study.spec.reference in chosen:
        return False
    for o in chosen:
        spec = study.options[o].spec
        if o not in inst.require and fails_a_red_line(study, o):
            return False
        if any(not set(group) & chosen for group in spec.requires_any):
            return False
        if any(other not in chosen for other in spec.requires):
            return False
        if any(other in chosen for other in spec.excludes):
            return False
    for res, declared in study.spec.resources.items():
        limit = declared.limit
        if res == skip_resource:
            if budget is None:
                continue
            limit = budget
        cost = sum(study.options[o].spec.cost_values.get(res, 0.0) for o in chosen)
        if cost > limit + 1e-9 * max(1.0, limit):
            return False
    return True


def all_packages(inst: Instance) -> list[frozenset[str]]:
    ids = list(inst.study.options)
    return [
        frozenset(combo)
        for size in range(len(ids) + 1)
        for combo in itertools.combinations(ids, size)
    ]
