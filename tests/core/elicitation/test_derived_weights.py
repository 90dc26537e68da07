"""Derived weights written as a weight profile load back as the same weights."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_options.core.elicitation.ahp import ahp
from policy_options.core.elicitation.ahp_comparisons import ahp_weights
from policy_options.core.elicitation.derived_weights import profile_text
from policy_options.core.elicitation.ranking_weights import roc_weights
from policy_options.core.elicitation.swing import swing_weights
from policy_options.core.study.loading.load import load_profile_file


@pytest.mark.parametrize("method", ["roc", "swing", "ahp"])
def test_profile_text_loads_back(tmp_path: Path, method: str) -> None:
    criteria = ["a", "b", "c", "yes", "d e"]  # keys YAML would misread unless quoted
    if method == "roc":
        derived = roc_weights([["yes"], ["a", "b"]], criteria)
    elif method == "swing":
        derived = swing_weights({"a": 100, "b": 40, "c": 0, "yes": 10, "d e": 55.5}, criteria)
    else:
        result = ahp(["a", "b", "c"], [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
        derived = ahp_weights(result, criteria, "j.yaml")
    path = tmp_path / "p.yaml"
    path.write_text(profile_text(derived, "policy weights test", 'Mine: "quoted"'), "utf-8")
    profile = load_profile_file(path, criteria)
    assert profile.name == 'Mine: "quoted"'
    assert profile.spec.description == derived.description
    assert list(profile.spec.weights) == criteria
    total = sum(profile.spec.weights.values())
    for key in criteria:
        assert profile.spec.weights[key] / total == pytest.approx(derived.normalised[key], abs=2e-6)
