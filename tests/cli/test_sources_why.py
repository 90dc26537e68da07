"""`policy sources`, `policy validate --sources`, `policy explain` quote locations, `policy why`."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SHIPPED, SOURCE_TEXT, StudyFactory, run_cli

FORMATS = {"table": "txt", "markdown": "md", "csv": "csv", "json": "json"}
SHARED = "../shared/sources"  # relative to the repo root, where `in_repo` runs
needs_source = pytest.mark.skipif(
    not SOURCE_TEXT.exists(), reason="the commentary is not beside the repo (../shared/sources)"
)


# --- validate ---------------------------------------------------------------------------------


def red_lines_crossed() -> list[tuple[str, str]]:
    """(option, criterion) of every shipped score beyond its criterion's threshold, read
    from the YAML: below it when higher is better, above it when lower is better."""
    import yaml

    criteria = yaml.safe_load((SHIPPED / "study.yaml").read_text(encoding="utf-8"))["criteria"]
    crossed = []
    for path in sorted(SHIPPED.glob("*.yaml")):
        if path.stem in ("study", "interactions"):
            continue
        scores = yaml.safe_load(path.read_text(encoding="utf-8"))["scores"]
        for key, spec in criteria.items():
            line = spec.get("threshold")
            x = scores[key]["value"]
            if line is not None and (
                x < line if spec["direction"] == "higher_is_better" else x > line
            ):
                crossed.append((path.stem, key))
    return crossed


RED_LINES = [
    ("pivot-west", "agency"), ("pivot-west", "entrapment"),
    ("security-guarantee", "entrapment"), ("unwavering-support", "entrapment"),
]  # fmt: skip


def test_validate_bundled_study_warns_once_that_quotes_were_not_checked(in_repo: Path) -> None:
    """One warning for the unchecked quotes; the others are the red lines the shipped
    options cross on purpose (the options the authors reject), one each."""
    result = run_cli("validate")
    assert result.exit_code == 0
    warnings = [line for line in result.stdout.splitlines() if line.startswith("warning:")]
    assert red_lines_crossed() == RED_LINES
    assert len(warnings) == 1 + len(RED_LINES)
    assert "its 135 quotes were not checked" in warnings[0]
    for (option, _), warning in zip(RED_LINES, warnings[1:], strict=True):
        assert warning.startswith(f"warning: options/{option}.yaml:")
        assert "fails the red line on" in warning
    assert f"0 errors, {1 + len(RED_LINES)} warnings" in result.stdout


@needs_source
def test_validate_with_sources_checks_every_quote(in_repo: Path) -> None:
    result = run_cli("validate", "--sources", SHARED)
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    # every quote checks out: only the red-line warnings are left
    assert len(lines) == len(RED_LINES) + 1
    assert all("fails the red line on" in line for line in lines[:-1])
    assert lines[-1] == (
        "options: valid: 15 options, 6 criteria, 4 weight profiles, 5 scenarios;"
        f" 0 errors, {len(RED_LINES)} warnings"
    )


@needs_source
def test_validate_reports_a_mutated_quote_at_its_place(
    in_repo: Path, tmp_path: Path, make_study: StudyFactory
) -> None:
    import shutil

    folder = tmp_path / "copy"
    shutil.copytree(in_repo / "options", folder)
    path = folder / "clear-limits.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("limits of partnership", "limits of the partnership"), "utf-8")
    result = run_cli("validate", "--study", str(folder), "--sources", SHARED)
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {folder}/clear-limits.yaml:7:10: quote not found in rand-2024 (closest, 98% alike:"
        ' "…But in the immediate term and with the prospect of a possible invasion, the limits of'
        ' partnership should be made clear.…")'
    ]


# --- sources ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_sources_golden(in_repo: Path, golden: Callable[[str, str], None], fmt: str) -> None:
    result = run_cli("sources", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden(f"sources/sources.{FORMATS[fmt]}", result.stdout)


@needs_source
@pytest.mark.parametrize("fmt", FORMATS)
def test_sources_one_source_golden(
    in_repo: Path, golden: Callable[[str, str], None], fmt: str
) -> None:
    result = run_cli("sources", "--source", "rand-2024", "--sources", SHARED, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden(f"sources/rand-2024.{FORMATS[fmt]}", result.stdout)


@needs_source
def test_sources_json_locations_point_at_the_quotes(in_repo: Path) -> None:
    doc = json.loads(
        run_cli("sources", "--source", "rand-2024", "--sources", SHARED, "-f", "json").stdout
    )
    (source,) = doc["sources"]
    assert source["all_found"] is True
    assert source["found"] == source["quotes"] == len(source["citations"])
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    for citation in source["citations"]:
        location = citation["location"]
        assert location["found"] is True
        assert text[location["offset"] :].startswith(citation["quote"][:20])
        assert location["paragraph"] == len(re.findall(r"\n\s*\n", text[: location["offset"]])) + 1


def test_sources_unknown_id(in_repo: Path) -> None:
    result = run_cli("sources", "--source", "rand-2042")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "error: unknown source 'rand-2042' (did you mean 'rand-2024'?)"
    )


@needs_source
def test_explain_shows_where_each_quote_is(in_repo: Path) -> None:
    result = run_cli("explain", "fms-air-defense", "--sources", SHARED)
    assert "(rand-2024, ¶ 18, offset 7191)" in result.stdout
    doc = json.loads(
        run_cli("explain", "fms-air-defense", "--sources", SHARED, "-f", "json").stdout
    )
    assert doc["source"]["location"]["paragraph"] == 18
    line = next(c for c in doc["criteria"] if c["criterion"] == "deterrence")
    assert line["quote_location"]["found"] is True


# --- why --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_why_golden(in_repo: Path, golden: Callable[[str, str], None], fmt: str) -> None:
    result = run_cli("why", "fms-air-defense", "clear-limits", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden(f"why/why.{FORMATS[fmt]}", result.stdout)


@pytest.mark.parametrize("method", ["weighted-product", "topsis", "promethee", "weakest-link"])
def test_why_golden_per_method(
    in_repo: Path, golden: Callable[[str, str], None], method: str
) -> None:
    result = run_cli("why", "counter-drone", "us-eu-mediation", "--method", method)
    assert result.exit_code == 0, result.stderr
    golden(f"why/why-{method}.txt", result.stdout)


def test_why_json_contract(in_repo: Path) -> None:
    doc = json.loads(run_cli("why", "clear-limits", "fms-air-defense", "-f", "json").stdout)
    assert set(doc) == {
        "schema",
        "a",
        "b",
        "method",
        "profile",
        "gap",
        "by_criterion",
        "weight_flips",
        "min_weight_change",
        "score_flips",
    }
    assert doc["schema"] == 1
    assert (doc["a"], doc["b"], doc["method"], doc["profile"]) == (
        "clear-limits",
        "fms-air-defense",
        "additive",
        "balanced",
    )
    ranking = {
        r["option"]: r["score"] for r in json.loads(run_cli("rank", "-f", "json").stdout)["ranking"]
    }
    assert doc["gap"] == pytest.approx(ranking["clear-limits"] - ranking["fms-air-defense"])
    assert doc["gap"] > 0
    assert sum(doc["by_criterion"].values()) == pytest.approx(doc["gap"])
    assert {frozenset(f) for f in doc["weight_flips"]} == {frozenset({"criterion", "weight"})}
    assert set(doc["min_weight_change"]) == {"l1", "weights"}
    assert sum(doc["min_weight_change"]["weights"].values()) == pytest.approx(1)
    assert {frozenset(f) for f in doc["score_flips"]} == {
        frozenset({"option", "criterion", "score", "within_range", "within_scale"})
    }
    assert len(doc["score_flips"]) == 16


def test_why_topsis_says_the_lp_is_not_offered(in_repo: Path) -> None:
    result = run_cli("why", "clear-limits", "fms-air-defense", "--method", "topsis")
    assert "All weights at once: not offered for topsis" in result.stdout
    doc = json.loads(
        run_cli("why", "clear-limits", "fms-air-defense", "-m", "topsis", "-f", "json").stdout
    )
    assert doc["min_weight_change"] is None


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["why", "alpha", "alpha"], "A and B are the same option ('alpha')"),
        (["why", "alpah", "beta"], "unknown option 'alpah' (did you mean 'alpha'?)"),
        (["why", "alpha", "btea"], "unknown option 'btea' (did you mean 'beta'?)"),
        (["why", "alpha", "beta", "--set", "gian=1"], "unknown criterion 'gian'"),
        (["sources", "--source", "sr"], "unknown source 'sr'"),
    ],
)
def test_bad_input(tiny: Path, argv: list[str], expected: str) -> None:
    result = run_cli(*argv, "--study", str(tiny))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: ")
    assert expected in lines[0]
    assert len(lines) <= 2
    assert result.stdout == ""


def test_why_on_a_tiny_study_by_hand(tiny: Path) -> None:
    """alpha (gain 8, delay 10) vs beta (gain 4, delay 0), equal weights.

    values: alpha 0.8, 0.5 -> 0.65; beta 0.4, 1.0 -> 0.70. beta leads by 0.05.
    One weight: gain's weight t with delay 1 - t: alpha 0.8t + 0.5(1-t), beta 0.4t + (1-t):
    tie at 0.3t + 0.5 = 1 - 0.6t -> t = 5/9. alpha's gain score: 0.65 + 0.5 dv = 0.70 ->
    dv = 0.1 -> 9 (inside its range 6-9: a plausible flip). LP: move weight from delay
    to gain: 0.4 w_g - 0.5 w_d >= 0 with w_g + w_d = 1 -> w_g = 5/9, L1 = 2 (5/9 - 1/2).
    """
    doc = json.loads(run_cli("why", "alpha", "beta", "--study", str(tiny), "-f", "json").stdout)
    assert doc["gap"] == pytest.approx(-0.05)
    flips = {f["criterion"]: f["weight"] for f in doc["weight_flips"]}
    assert flips["gain"] == pytest.approx(5 / 9)
    assert flips["delay"] == pytest.approx(4 / 9)
    assert doc["min_weight_change"]["l1"] == pytest.approx(2 * (5 / 9 - 1 / 2))
    assert doc["min_weight_change"]["weights"]["gain"] == pytest.approx(5 / 9)
    gain = next(
        f for f in doc["score_flips"] if f["option"] == "alpha" and f["criterion"] == "gain"
    )
    assert gain == {
        "option": "alpha",
        "criterion": "gain",
        "score": pytest.approx(9.0),
        "within_range": True,
        "within_scale": True,
    }
    table = run_cli("why", "alpha", "beta", "--study", str(tiny)).stdout
    assert "PLAUSIBLE FLIP" in table
    words = " ".join(table.split())
    assert (
        "alpha trails beta by 5.0 points, mostly on delay; alpha would lead if gain weighed 55.6%"
        " instead of 50.0%, or if alpha's gain score were 9 points instead of 8 points (inside its"
        " range 6–9)."
    ) in words


def test_why_runs_in_a_scenario_and_says_so() -> None:
    pair = ["why", "us-eu-mediation", "fms-air-defense"]
    base = json.loads(run_cli(*pair, "-f", "json").output)
    result = run_cli(*pair, "--scenario", "russia-returns", "-f", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["scenario"] == "russia-returns"
    assert "scenario" not in base
    assert found["gap"] != base["gap"]  # the overrides move the pair
    assert "scenario russia-returns" in run_cli(*pair, "--scenario", "russia-returns").output


@pytest.mark.usefixtures("in_repo")
def test_a_missing_sources_folder_is_an_error() -> None:
    result = run_cli("sources", "--sources", "no-such-folder")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no-such-folder" in result.stderr
    assert result.stderr.startswith("error: ")


# --- sources --coverage -------------------------------------------------------------------------

COVERED = {
    "alpha": "title: Alpha\nscores:\n  gain: {value: 8, quote: q, basis: text}\n  delay: {value: 1, basis: inference}\n",
    "beta": "title: Beta\nscores:\n  gain: {value: 4, quote: q, basis: inference}\n  delay: 3\n",
}


def test_sources_coverage_in_every_format(make_study: StudyFactory) -> None:
    folder = str(make_study(options=COVERED))
    table = run_cli("sources", "--coverage", "--study", folder)
    assert table.exit_code == 0, table.output
    assert "2 of 4 scores carry a quote (50.0% quoted)" in table.stdout
    markdown = run_cli("sources", "--coverage", "--study", folder, "--format", "markdown").stdout
    assert "| **All scores** | 4 | 2 | 50.0% |" in markdown
    assert "| basis: `inference` | 2 | 1 | 50.0% |" in markdown
    assert "| `beta` | 2 | 1 | 50.0% |" in markdown
    rows = list(
        csv.DictReader(
            io.StringIO(
                run_cli("sources", "--coverage", "--study", folder, "--format", "csv").stdout
            )
        )
    )
    assert [(r["group"], r["key"], r["scores"], r["quoted"], r["share"]) for r in rows] == [
        ("overall", "all", "4", "2", "0.5"),
        ("basis", "text", "1", "1", "1.0"),
        ("basis", "inference", "2", "1", "0.5"),
        ("basis", "unstated", "1", "0", "0.0"),
        ("option", "alpha", "2", "1", "0.5"),
        ("option", "beta", "2", "1", "0.5"),
    ]
    data = json.loads(
        run_cli("sources", "--coverage", "--study", folder, "--format", "json").stdout
    )
    assert data["schema"] == 1
    assert data["overall"] == {
        "key": "all",
        "label": "All scores",
        "quoted": 2,
        "scores": 4,
        "share": 0.5,
    }
    assert [b["key"] for b in data["by_basis"]] == ["text", "inference", "unstated"]
