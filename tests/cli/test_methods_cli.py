"""`--method` on rank and explain, and `policy compare`, on the shipped study."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from policy_options.core.methods import Method
from tests.conftest import TINY_STUDY, StudyFactory, run_cli

FORMATS = {"table": "txt", "markdown": "md", "csv": "csv", "json": "json"}
METHODS = [m.value for m in Method if m is not Method.additive]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_rank_by_method_golden(
    in_repo: Path, golden: Callable[[str, str], None], method: str, fmt: str
) -> None:
    result = run_cli("rank", "--method", method, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden(f"methods/rank-{method}.{FORMATS[fmt]}", result.stdout)


@pytest.mark.parametrize("method", METHODS)
def test_explain_by_method_golden(
    in_repo: Path, golden: Callable[[str, str], None], method: str
) -> None:
    result = run_cli("explain", "fms-air-defense", "--method", method)
    assert result.exit_code == 0, result.stderr
    golden(f"methods/explain-{method}.txt", result.stdout)


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_rank_a_study_with_a_gaussian_preference_golden(
    make_study: StudyFactory, golden: Callable[[str, str], None], fmt: str
) -> None:
    """A small study whose gain criterion declares a Gaussian preference with s = 0.5
    (tests/core/methods/test_promethee.py works its flows out by hand)."""
    from tests.core.methods.test_promethee import gaussian_study

    folder = gaussian_study(make_study)
    result = run_cli("rank", "--study", str(folder), "--method", "promethee", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden(f"methods/rank-promethee-gaussian.{FORMATS[fmt]}", result.stdout)


def test_json_contract_per_method(in_repo: Path) -> None:
    for method in METHODS:
        doc = json.loads(run_cli("rank", "-m", method, "--format", "json").stdout)
        assert doc["method"] == method
        for entry in doc["ranking"]:
            assert 0 <= entry["score"] <= 1
            assert set(entry["values"]) == set(doc["weights"])
            if method == "topsis":
                assert entry["closeness"] == entry["score"]
            if method == "promethee":
                assert entry["score"] == pytest.approx((entry["phi"] + 1) / 2)
                assert entry["phi"] == pytest.approx(entry["phi_plus"] - entry["phi_minus"])
                assert sum(entry["contributions"].values()) == pytest.approx(entry["phi"])
            if method == "weakest-link":
                assert entry["score"] == pytest.approx(entry["values"][entry["binding"]])
                assert entry["score"] == pytest.approx(min(entry["values"].values()))


def test_explain_promethee_shows_the_flows(in_repo: Path) -> None:
    doc = json.loads(
        run_cli("explain", "us-eu-mediation", "-m", "promethee", "--format", "json").stdout
    )
    assert {"phi_plus", "phi_minus", "phi"} <= set(doc)
    text = run_cli("explain", "us-eu-mediation", "-m", "promethee").stdout
    assert "positive flow φ+" in text
    assert "negative flow φ−" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_compare_golden(in_repo: Path, golden: Callable[[str, str], None], fmt: str) -> None:
    result = run_cli("compare", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden(f"methods/compare.{FORMATS[fmt]}", result.stdout)


def test_compare_contract(in_repo: Path) -> None:
    doc = json.loads(
        run_cli("compare", "-m", "additive", "-m", "topsis", "--format", "json").stdout
    )
    assert doc["schema"] == 1
    assert doc["methods"] == ["additive", "topsis"]
    assert doc["kendall_tau"]["additive"]["additive"] == 1
    assert doc["kendall_tau"]["additive"]["topsis"] == doc["kendall_tau"]["topsis"]["additive"]
    additive = json.loads(run_cli("rank", "--format", "json").stdout)["ranking"]
    assert {e["option"]: e["rank"] for e in additive} == {
        k: v["additive"] for k, v in doc["ranks"].items()
    }
    assert doc["top"]["additive"] == additive[0]["option"]


def test_compare_says_whether_methods_agree(in_repo: Path) -> None:
    text = run_cli("compare", "-m", "additive", "-m", "promethee").stdout
    assert "All 2 methods put us-eu-mediation first." in text
    assert "disagree" in run_cli("compare").stdout


def test_unknown_method_is_a_usage_error(in_repo: Path) -> None:
    result = run_cli("rank", "--method", "topsys")
    assert result.exit_code == 2
    assert "topsys" in result.stderr


def test_exclude_failing(make_study: StudyFactory) -> None:
    study_yaml = TINY_STUDY.replace("    unit: points\n", "    unit: points\n    threshold: 3\n", 1)
    folder = make_study(study=study_yaml)
    flagged = run_cli("rank", "--study", str(folder))
    assert "fails threshold: gain" in flagged.stdout
    doc = json.loads(
        run_cli("rank", "--study", str(folder), "--exclude-failing", "--format", "json").stdout
    )
    assert doc["excluded"] == ["gamma"]
    assert [e["option"] for e in doc["ranking"]] == ["beta", "alpha"]
    result = run_cli("explain", "gamma", "--study", str(folder), "--exclude-failing")
    assert result.exit_code == 2
    assert "fails a threshold and was excluded" in result.stderr
