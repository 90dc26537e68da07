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
) -> Study:
    spec = StudyFile.model_validate(
        {
            "schema": 1,
            "title": "random",
            "criteria": criteria,
            "resources": {r: {"name": r, "limit": limit} for r, limit in resources.items()},
        }
    )
    loaded = {
        key: Option(key, OptionFile.model_validate({"title": key, **data}), f"{key}.yaml")
        for key, data in options.items()
    }
    profile = Profile(
        "p", ProfileFile.model_validate({"weights": dict.fromkeys(criteria, 1.0)}), "p.yaml"
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
def instances(draw: st.DrawFn, max_options: int = 16) -> Instance:
    n = draw(st.integers(1, max_options))
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
        criteria[key] = spec
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
        options[key] = {
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
    forced = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
    split = draw(st.integers(0, len(forced)))
    size_max = draw(st.none() | st.integers(0, n))
    return Instance(
        make_study(criteria, options, limits, interactions),
        weights_of(raw),
        tuple(forced[:split]),
        tuple(forced[split:]),
        size_max,
    )


def package_value(inst: Instance, chosen: frozenset[str]) -> float:
    """V(P) straight from the definition."""
    study, w = inst.study, inst.weights.normalised
    total = 0.0
    for key, criterion in study.criteria.items():
        base = criterion.baseline
        if base is None:
            base = (
                criterion.scale.min
                if criterion.direction == "higher_is_better"
                else criterion.scale.max
            )
        vb = value(criterion, base)
        part = sum(value(criterion, study.options[o].spec.scores[key].value) - vb for o in chosen)
        part += sum(
            i.value for i in study.interactions if i.criterion == key and set(i.options) <= chosen
        )
        total += w[key] * part
    return total


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
    for o in chosen:
        spec = study.options[o].spec
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
