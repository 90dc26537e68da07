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
        # modifiers and a reference: score = s_ref + m (s - s_ref), s the method's own score
        reference = next(e for e in doc["ranking"] if e["option"] == doc["reference"]["option"])

        def modified(s: float, entry: dict, s_ref: float) -> float:
            return s_ref + entry["factor"] * (s - s_ref)

        for entry in doc["ranking"]:
            assert 0 <= entry["score"] <= 1
            assert set(entry["values"]) == set(doc["weights"])
            if method == "topsis":
                s_ref = reference["closeness"]
                assert entry["score"] == pytest.approx(modified(entry["closeness"], entry, s_ref))
                d_plus, d_minus = entry["d_plus"], entry["d_minus"]
                assert entry["closeness"] == pytest.approx(d_minus / (d_plus + d_minus))
            if method == "promethee":
                s_ref = (reference["phi"] + 1) / 2
                assert entry["score"] == pytest.approx(
                    modified((entry["phi"] + 1) / 2, entry, s_ref)
                )
                assert entry["phi"] == pytest.approx(entry["phi_plus"] - entry["phi_minus"])
                # the contributions move as the score does: they add up to the modified net flow
                phi = modified(entry["phi"], entry, reference["phi"])
                assert sum(entry["contributions"].values()) == pytest.approx(phi)
            if method == "weakest-link":
                s_ref = min(reference["values"].values())
                least = min(entry["values"].values())
                assert entry["values"][entry["binding"]] == pytest.approx(least)
                assert entry["score"] == pytest.approx(modified(least, entry, s_ref))


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
    assert "All 2 methods put us-eu-mediation first" in text
    assert "All 5 methods put us-eu-mediation first" in run_cli("compare").stdout
    # deterrence-first: additive and the others put fms-air-defense first, weakest-link not
    assert "disagree" in run_cli("compare", "-w", "deterrence-first").stdout


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


# --- compare: methods that repeat another, methods left out (core/ranking/compare.py) ---


def test_compare_prints_the_note_and_the_count(make_study: StudyFactory) -> None:
    plain = TINY_STUDY.replace("    value_function: [[0, 1.0], [10, 0.5], [20, 0.0]]\n", "")
    folder = make_study(study=plain)
    result = run_cli("compare", "--study", str(folder), "-m", "additive", "-m", "promethee")
    assert result.exit_code == 0, result.stderr
    assert "promethee repeats additive: one independent verdict" in result.stdout
    assert "n/(n−1) × (additive score − mean score): the additive ranking, exactly" in (
        " ".join(result.stdout.split())
    )
    doc = json.loads(
        run_cli("compare", "--study", str(folder), "--format", "json", "-m", "additive",
                "-m", "promethee", "-m", "topsis").stdout
    )  # fmt: skip
    assert doc["repeats"] == {"promethee": "additive"}
    assert doc["independent"] == ["additive", "topsis"]


def test_with_value_functions_promethee_counts_and_the_notes_say_why(tiny: Path) -> None:
    result = run_cli("compare", "--study", str(tiny), "-m", "additive", "-m", "promethee")
    assert result.exit_code == 0, result.stderr
    assert "independent" not in result.stdout
    assert "promethee ranks on raw scores: it ignores the value functions of Delay" in (
        " ".join(result.stdout.split())
    )


def test_a_method_that_cannot_use_a_score_is_left_out_by_default(tiny: Path) -> None:
    """The tiny study's beta scores 0 months of delay: no ratio. The default comparison
    (every method) leaves weighted-product-ratio out and says why; asked for by name, it
    is the located error ``policy rank`` gives."""
    doc = json.loads(run_cli("compare", "--study", str(tiny), "--format", "json").stdout)
    assert "weighted-product-ratio" not in doc["methods"]
    (reason,) = doc["left_out"].values()
    assert reason == (
        "method 'weighted-product-ratio' needs raw scores above 0: option 'beta' scores 0 on"
        " 'delay'"
    )  # no file in it: the same wherever the study lies
    text = " ".join(run_cli("compare", "--study", str(tiny)).stdout.split())
    assert "Left out: " in text
    assert "needs raw scores above 0" in text
    asked = run_cli("compare", "--study", str(tiny), "-m", "weighted-product-ratio")
    assert asked.exit_code == 2
    assert asked.stderr.startswith("error: ")
    assert "beta.yaml:" in asked.stderr
    ranked = run_cli("rank", "--study", str(tiny), "-m", "weighted-product-ratio")
    assert ranked.exit_code == 2
    assert ranked.stderr.splitlines()[0] == asked.stderr.splitlines()[0]
