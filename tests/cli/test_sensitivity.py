"""`policy sensitivity weights|montecarlo|scores`: golden output, JSON contracts, bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from policy_options.render.console_progress import ProgressBar
from tests.conftest import ROOT, run_cli
from tests.core.uncertainty.test_stability import analytic_study

FORMATS = {"table": "txt", "markdown": "md", "csv": "csv", "json": "json"}
COMMANDS = {
    "weights": [],
    "montecarlo": ["--samples", "20000"],
    "scores": [],
    "value": ["--samples", "5000"],
}


METHODS = ["weighted-product", "topsis", "promethee", "weakest-link"]  # additive: above


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", COMMANDS)
def test_golden(in_repo: Path, golden: Callable[[str, str], None], command: str, fmt: str) -> None:
    result = run_cli("sensitivity", command, *COMMANDS[command], "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # no progress bar outside a terminal
    golden(f"sensitivity/{command}.{FORMATS[fmt]}", result.stdout)
    if fmt == "table":
        assert result.stdout.isascii()  # plain output in a pipe
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(result.stdout)))
        assert len({len(row) for row in table}) == 1


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("method", METHODS)
def test_golden_per_method(
    in_repo: Path, golden: Callable[[str, str], None], method: str, command: str, fmt: str
) -> None:
    argv = ["sensitivity", command, "--method", method, *COMMANDS[command], "--format", fmt]
    result = run_cli(*argv)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    golden(f"sensitivity/{command}-{method}.{FORMATS[fmt]}", result.stdout)
    if fmt == "table":
        assert result.stdout.isascii()
    if fmt == "json":
        assert json.loads(result.stdout)["method"] == method
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(result.stdout)))
        assert len({len(row) for row in table}) == 1


def test_weights_json_contract(in_repo: Path) -> None:
    doc = json.loads(run_cli("sensitivity", "weights", "--format", "json").stdout)
    assert doc["schema"] == 1
    assert doc["method"] == "additive"
    assert doc["profile"] == "balanced"
    # the six weighted criteria: feasibility and time_to_effect are modifiers (no weight)
    assert sorted(c["criterion"] for c in doc["criteria"]) == sorted(
        ["deterrence", "stability", "agency", "russian_backlash", "diversion", "entrapment"]
    )
    for c in doc["criteria"]:
        assert {
            "criterion",
            "weight",
            "top_interval",
            "ranking_interval",
            "below",
            "above",
            "breakpoints",
        } <= set(c)
        lo, hi = c["top_interval"]
        assert lo <= c["weight"] <= hi
        assert (c["below"] is None) == (lo == 0)
        assert (c["above"] is None) == (hi == 1)
        weights = [p["weight"] for p in c["breakpoints"]]
        assert weights == sorted(weights)
        assert all(set(p) == {"weight", "top"} for p in c["breakpoints"])


def test_montecarlo_json_contract(in_repo: Path) -> None:
    doc = json.loads(
        run_cli("sensitivity", "montecarlo", "-n", "5000", "--seed", "3", "-f", "json").stdout
    )
    assert {
        "schema",
        "method",
        "samples",
        "seed",
        "weight_model",
        "concentration",
        "score_uncertainty",
        "options",
        "pairwise",
    } <= set(doc)
    assert (doc["samples"], doc["seed"], doc["weight_model"]) == (5000, 3, "uniform")
    assert doc["concentration"] is None
    assert doc["score_uncertainty"] is True
    ranking = json.loads(run_cli("rank", "--format", "json").stdout)["ranking"]
    assert [o["option"] for o in doc["options"]] == [r["option"] for r in ranking]
    n = len(doc["options"])
    for option in doc["options"]:
        assert {
            "option",
            "acceptability",
            "acceptability_se",
            "first",
            "expected_rank",
            "central_weights",
            "confidence",
        } <= set(option)
        assert len(option["acceptability"]) == len(option["acceptability_se"]) == n
        assert option["first"] == option["acceptability"][0]
    assert set(doc["pairwise"]) == {o["option"] for o in doc["options"]}


def test_montecarlo_profile_model_reports_its_concentration(in_repo: Path) -> None:
    argv = [
        "sensitivity",
        "montecarlo",
        "-n",
        "2000",
        "--weight-model",
        "profile",
        "-k",
        "50",
        "-f",
        "json",
    ]
    doc = json.loads(run_cli(*argv).stdout)
    assert (doc["weight_model"], doc["concentration"]) == ("profile", 50.0)
    doc = json.loads(run_cli(*argv[:-4], "-f", "json").stdout)  # without -k
    assert doc["concentration"] == 20.0


def test_scores_json_contract(in_repo: Path) -> None:
    doc = json.loads(run_cli("sensitivity", "scores", "--format", "json").stdout)
    assert {"schema", "leader", "margin", "bars"} <= set(doc)
    assert doc["leader"] == "us-eu-mediation"
    swings = [bar["swing"] for bar in doc["bars"]]
    assert swings == sorted(swings, reverse=True)
    for bar in doc["bars"]:
        assert {
            "option",
            "criterion",
            "low",
            "high",
            "margin_at_low",
            "margin_at_high",
            "swing",
        } <= set(bar)


@pytest.mark.parametrize("command", COMMANDS)
def test_the_method_defaults_to_the_studys(make_study: Callable[..., Path], command: str) -> None:
    from tests.conftest import TINY_STUDY

    folder = str(
        make_study(study=TINY_STUDY.replace("  weights: even", "  weights: even\n  method: topsis"))
    )
    extra = ["-n", "2000"] if command == "montecarlo" else []
    doc = json.loads(run_cli("sensitivity", command, "-s", folder, *extra, "-f", "json").stdout)
    assert doc["method"] == "topsis"
    argv = ["sensitivity", command, "-s", folder, "-m", "additive", *extra, "-f", "json"]
    assert json.loads(run_cli(*argv).stdout)["method"] == "additive"


def test_an_unknown_method_is_a_usage_error(in_repo: Path) -> None:
    result = run_cli("sensitivity", "weights", "--method", "electre")
    assert result.exit_code == 2
    assert "--method" in result.stderr
    assert result.stdout == ""


def test_weights_json_per_method(in_repo: Path) -> None:
    docs = {
        m: json.loads(run_cli("sensitivity", "weights", "-m", m, "-f", "json").stdout)
        for m in METHODS
    }
    assert docs["topsis"]["exact"] is False
    assert docs["topsis"]["search"] == {"grid": 2001, "tolerance": 1e-9}
    assert "not exact" in docs["topsis"]["summary"]
    assert docs["promethee"]["exact"] is True
    # with a reference option and modifiers the weighted product's score is
    # s_ref + m (s - s_ref), no longer a product: searched like TOPSIS's
    assert docs["weighted-product"]["exact"] is False
    assert docs["weighted-product"]["search"] == {"grid": 2001, "tolerance": 1e-9}
    weakest = docs["weakest-link"]
    assert weakest["criteria"] == []
    assert weakest["note"].startswith("Weakest link: ")
    assert {t["criterion"] for t in weakest["toggles"]} == set(weakest["weights"])
    for m in ("topsis", "promethee", "weighted-product"):
        for c in docs[m]["criteria"]:
            lo, hi = c["top_interval"]
            assert lo <= c["weight"] <= hi
            assert (c["below"] is None) == (lo == 0)
            assert (c["above"] is None) == (hi == 1)


def test_analytic_case_end_to_end(tmp_path: Path) -> None:
    folder = str(analytic_study(tmp_path / "analytic"))
    doc = json.loads(run_cli("sensitivity", "weights", "-s", folder, "-f", "json").stdout)
    found = {c["criterion"]: c for c in doc["criteria"]}
    assert found["c1"]["top_interval"] == [0.0, 0.6]
    assert (found["c1"]["below"], found["c1"]["above"]) == (None, "a")
    assert found["c2"]["top_interval"] == [0.4, 1.0]
    assert found["c2"]["breakpoints"] == [{"weight": 0.4, "top": "b"}]
    doc = json.loads(
        run_cli("sensitivity", "montecarlo", "-s", folder, "-n", "20000", "-f", "json").stdout
    )
    options = {o["option"]: o for o in doc["options"]}
    assert options["a"]["first"] == pytest.approx(0.4, abs=0.015)
    assert options["b"]["first"] == pytest.approx(0.6, abs=0.015)
    assert options["a"]["central_weights"] == pytest.approx({"c1": 0.8, "c2": 0.2}, abs=0.01)
    assert options["b"]["central_weights"] == pytest.approx({"c1": 0.3, "c2": 0.7}, abs=0.01)
    assert (options["a"]["confidence"], options["b"]["confidence"]) == (1.0, 1.0)
    assert doc["score_uncertainty"] is False


def test_the_seed_is_always_printed(in_repo: Path) -> None:
    for fmt in ("table", "markdown"):
        result = run_cli("sensitivity", "montecarlo", "-n", "1000", "--format", fmt)
        assert "seed 20240314" in result.stdout


def test_output_file(in_repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "weights.md"
    result = run_cli("sensitivity", "weights", "-f", "markdown", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8").startswith("### Weight stability: ")


OUR_ERRORS = {
    "zero samples": (["montecarlo", "--samples", "0"], "--samples must be a whole number >= 1"),
    "negative samples": (["montecarlo", "--samples", "-5"], "got -5"),
    "negative seed": (["montecarlo", "--seed", "-1"], "--seed must be a whole number >= 0"),
    "zero concentration": (
        ["montecarlo", "--weight-model", "profile", "--concentration", "0"],
        "--concentration must be a number > 0, got 0",
    ),
    "negative concentration": (
        ["montecarlo", "--weight-model", "profile", "--concentration", "-2"],
        "--concentration must be a number > 0",
    ),
    "concentration without the profile model": (
        ["montecarlo", "--concentration", "5"],
        "--concentration applies to --weight-model profile only",
    ),
    "zero confidence samples": (
        ["montecarlo", "--confidence-samples", "0"],
        "--confidence-samples must be a whole number >= 1",
    ),
    "too many samples": (
        ["montecarlo", "--samples", "99999999999"],
        "--samples must be at most 1,000,000,000 (1e9), got 99,999,999,999",
    ),
    "too many confidence samples": (
        ["montecarlo", "--confidence-samples", "1000000001"],
        "--confidence-samples must be at most 1,000,000,000",
    ),
    "unknown profile": (["weights", "--weights", "balancd"], "unknown weight profile 'balancd'"),
    "bad --set": (["scores", "--set", "deterence=2"], "unknown criterion 'deterence'"),
}


@pytest.mark.parametrize("case", OUR_ERRORS)
def test_bad_input_is_one_error_line(in_repo: Path, case: str) -> None:
    argv, expected = OUR_ERRORS[case]
    result = run_cli("sensitivity", *argv)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: ")
    assert expected in lines[0]
    assert len(lines) == 1 or (len(lines) == 2 and lines[1].startswith("hint: "))
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["--seed", "1.5"], "--seed"),
        (["--seed", "abc"], "--seed"),
        (["--samples", "many"], "--samples"),
        (["--weight-model", "random"], "--weight-model"),
        (["--concentration", "lots"], "--concentration"),
    ],
)
def test_unparseable_options_exit_2(in_repo: Path, argv: list[str], option: str) -> None:
    result = run_cli("sensitivity", "montecarlo", *argv)
    assert result.exit_code == 2
    assert option in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


PROBE = """
import sys
from policy_options.cli.app import main
sys.argv = ["policy", *ARGS]
try:
    main()
except SystemExit as exit:
    code = exit.code
print("\\n@@" + __import__("json").dumps({"code": code, "numpy": "numpy" in sys.modules}))
"""


@pytest.mark.parametrize(
    "argv", [["sensitivity", "--help"], ["sensitivity", "montecarlo", "--help"], ["rank"]]
)
def test_help_and_rank_do_not_import_numpy(argv: list[str]) -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.replace("ARGS", repr(argv))],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    assert json.loads(out.rsplit("@@", 1)[1]) == {"code": 0, "numpy": False}


def test_progress_bar_waits_then_tracks(capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressBar("Monte Carlo", delay=3600) as hidden:
        hidden(10, 100)
    assert hidden.progress is None  # a short run shows nothing
    with ProgressBar("Monte Carlo", delay=0) as shown:
        shown(10, 100)
        shown(60, 100)
        assert shown.progress is not None
        assert shown.progress.tasks[0].completed == 60
    capsys.readouterr()


def test_value_json_contract_and_formats_agree(in_repo: Path) -> None:
    """JSON: schema 1, EVPI and inputs by value, each with its sentence; CSV lists the same
    inputs with the same values; the table shows the verdict."""
    argv = ["sensitivity", "value", "--samples", "5000"]
    doc = json.loads(run_cli(*argv, "--format", "json").stdout)
    assert doc["schema"] == 1
    assert doc["weight_model"] is None
    assert doc["samples"] == 5000
    assert doc["evpi"] >= 0
    values = [item["evppi"] for item in doc["inputs"]]
    assert values == sorted(values, reverse=True)
    for item in doc["inputs"]:
        assert item["evppi"] >= 0
        assert item["above_noise"] == (item["evppi"] > item["noise"])
        assert item["sentence"].startswith("Pinning down")
        if item["kind"] == "score":
            low, high = item["range"]
            assert low <= item["value"] <= high
            for switch in item["switches"]:
                assert low <= switch["at"] <= high
    rows = list(csv.DictReader(io.StringIO(run_cli(*argv, "--format", "csv").stdout)))
    assert [float(r["evppi"]) for r in rows] == pytest.approx(values, abs=1e-12)
    assert [r["kind"] for r in rows] == [item["kind"] for item in doc["inputs"]]
    table = run_cli(*argv).stdout
    assert "Knowing every uncertain input before choosing" in table


def test_value_with_a_weight_model_lists_the_weights(in_repo: Path) -> None:
    argv = ["sensitivity", "value", "-n", "5000", "--weight-model", "profile", "--format", "json"]
    doc = json.loads(run_cli(*argv).stdout)
    assert doc["weight_model"] == "profile"
    assert doc["concentration"] == 20.0
    kinds = {item["kind"] for item in doc["inputs"]}
    assert {"weight", "weights", "score"} <= kinds


def test_value_refuses_a_concentration_without_a_weight_model(in_repo: Path) -> None:
    result = run_cli("sensitivity", "value", "-k", "5")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --concentration applies to --weight-model profile")


def test_value_with_nothing_to_find_out(make_study: Callable[..., Path]) -> None:
    """No range: nothing is uncertain (and no empty table); one option: nothing to choose."""
    fixed = """\
title: Fixed
stance: recommended
source: {ref: src, quote: "alpha quote"}
scores:
  gain: {value: 8, rationale: "big gain"}
  delay: {value: 10, rationale: "slow"}
"""
    folder = make_study(options={"alpha": fixed, "beta": fixed.replace("8,", "6,")})
    result = run_cli("sensitivity", "value", "--study", str(folder), "-n", "1000")
    assert result.exit_code == 0, result.stderr
    assert "Nothing is uncertain: no score has a range" in result.stdout
    assert "Input" not in result.stdout
    ranged = fixed.replace("{value: 8,", "{value: 8, range: [6, 9],")
    folder = make_study(options={"alpha": ranged})
    result = run_cli("sensitivity", "value", "--study", str(folder), "-n", "1000")
    assert result.exit_code == 0, result.stderr
    assert "Only alpha comes first, in every one of the 1,000 samples" in result.stdout
