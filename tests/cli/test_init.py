"""`policy init DIR` and `policy new option ID`: new studies that the other commands accept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from policy_options.core.study.loading.load import inspect_study, load_study
from tests.conftest import SHIPPED, run_cli


@pytest.fixture
def new_study(tmp_path: Path) -> Path:
    folder = tmp_path / "my-study"
    result = run_cli("init", str(folder), "--title", 'Water: "what to fund"')
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"created {folder}: study.yaml, example-option.yaml, weights/balanced.yaml,"
        " sources/main-source.md, .schema/study.schema.json, .schema/option.schema.json,"
        " .schema/weights.schema.json, .schema/scenario.schema.json,"
        " .schema/interactions.schema.json\n"
    )
    return folder


def test_init_makes_a_valid_study(new_study: Path) -> None:
    assert sorted(str(p.relative_to(new_study)) for p in new_study.rglob("*")) == [
        ".schema",
        ".schema/interactions.schema.json",
        ".schema/option.schema.json",
        ".schema/scenario.schema.json",
        ".schema/study.schema.json",
        ".schema/weights.schema.json",
        "example-option.yaml",
        "sources",
        "sources/main-source.md",
        "study.yaml",
        "weights",
        "weights/balanced.yaml",
    ]
    result = run_cli("validate", "--study", str(new_study))
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "valid: 1 option, 2 criteria, 1 weight profile; 0 errors, 4 warnings\n"
    )  # the placeholders left to replace: the source's title, the option's, two rationales
    assert result.stdout.count("placeholder left: 'TODO: ") == 4
    assert run_cli("validate", "--study", str(new_study), "--strict").exit_code == 1
    study = load_study(new_study)
    assert study.title == 'Water: "what to fund"'
    assert list(study.criteria) == ["benefit", "cost"]
    assert list(study.profiles) == ["balanced"]
    text = (new_study / "study.yaml").read_text(encoding="utf-8")
    assert text.count("\n#") >= 5  # commented for the analyst


def test_init_study_ranks(new_study: Path) -> None:
    """benefit 6 on 0..10 (0.6), cost 3 on 0..10 lower is better (0.7), equal weights: 65.0."""
    doc = json.loads(run_cli("rank", "--study", str(new_study), "--format", "json").stdout)
    assert [(e["option"], e["rank"], e["score"]) for e in doc["ranking"]] == [
        ("example-option", 1, 0.65)
    ]


def test_every_workflow_command_works_on_an_init_study(new_study: Path, tmp_path: Path) -> None:
    assert run_cli("profiles", "--study", str(new_study)).exit_code == 0
    assert run_cli("new", "option", "second", "--study", str(new_study)).exit_code == 0
    result = run_cli("weights", "rank", "cost", "benefit", "--study", str(new_study))
    assert result.exit_code == 0, result.stderr
    diff = run_cli(
        "diff", "-w", "balanced", "-w", "rank-order", "--study", str(new_study), "-f", "json"
    )
    assert diff.exit_code == 0, diff.stderr
    doc = json.loads(diff.stdout)
    # rank-order: cost 3/4, benefit 1/4. example: .75*.7 + .25*.6 = .675; second (5, 5): .5
    assert [(m["option"], m["score_b"]) for m in doc["moves"]] == [
        ("example-option", pytest.approx(0.675)),
        ("second", pytest.approx(0.5)),
    ]
    profiles = json.loads(run_cli("profiles", "--study", str(new_study), "-f", "json").stdout)
    assert [p["profile"] for p in profiles["profiles"]] == ["balanced", "rank-order"]
    assert profiles["robust_choice"]["option"] == "example-option"


def test_init_into_an_empty_existing_folder(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    assert run_cli("init", str(folder)).exit_code == 0
    assert load_study(folder).title == "A new policy study"


def test_init_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_cli("init", str(folder))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {folder} is not empty: policy init only writes into a new or empty folder",
        "hint: give a new folder name",
    ]
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_init_refuses_a_file(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x", encoding="utf-8")
    result = run_cli("init", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"error: {path} exists and is not a folder\n"


def test_new_option_lists_every_criterion(tmp_path: Path) -> None:
    study = Path(shutil.copytree(SHIPPED, tmp_path / "options"))
    result = run_cli("new", "option", "sanctions-relief", "--study", str(study))
    assert result.exit_code == 0, result.stderr
    target = study / "sanctions-relief.yaml"
    assert result.stderr.splitlines()[0] == f"wrote {target}"
    loaded = load_study(study)
    option = loaded.options["sanctions-relief"]
    assert list(option.spec.scores) == list(loaded.all_criteria)
    for key, criterion in loaded.all_criteria.items():
        score = option.spec.scores[key]
        assert score.value == (criterion.scale.min + criterion.scale.max) / 2
        assert score.rationale == ""
    assert option.spec.scores["time_to_effect"].value == 30  # months 0..60
    warnings = [str(p) for p in inspect_study(study).warnings if "sanctions-relief" in str(p)]
    # its title's placeholder, no quote, each empty rationale, and the costs' placeholder
    assert len(warnings) == 3 + len(loaded.all_criteria)
    assert any("placeholder left: 'TODO: title of sanctions-relief'" in w for w in warnings)
    assert any("placeholder left: 'TODO: where the costs come from'" in w for w in warnings)
    assert option.spec.cost_values == dict.fromkeys(loaded.spec.resources, 0.0)
    assert any("option has no source quote" in w for w in warnings)
    assert any("score for 'deterrence' has no rationale" in w for w in warnings)
    validate = run_cli("validate", "--study", str(study))
    assert validate.exit_code == 0  # warnings only
    assert "score for 'feasibility' has no rationale" in validate.stdout


def test_new_option_refuses_an_existing_file(new_study: Path) -> None:
    target = new_study / "example-option.yaml"
    before = target.read_text(encoding="utf-8")
    result = run_cli("new", "option", "example-option", "--study", str(new_study))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {target} exists: not overwritten",
        "hint: give --force to replace it",
    ]
    assert target.read_text(encoding="utf-8") == before
    forced = run_cli("new", "option", "example-option", "--study", str(new_study), "--force")
    assert forced.exit_code == 0
    assert "TODO: title of example-option" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("option_id", "message"),
    [
        ("../escape", "option id '../escape' is not a safe file name"),
        ("a/b", "option id 'a/b' is not a safe file name"),
        (".hidden", "option id '.hidden' is not a safe file name"),
        ("has space", "option id 'has space' is not a safe file name"),
        ("study", "option id 'study' is not a safe file name"),
        ("nul", "option id 'nul' is not a safe file name"),
        ("x" * 65, "is not a safe file name"),
        ("fms.yaml", "option id 'fms.yaml': give the id without .yaml"),
    ],
)
def test_new_option_needs_a_safe_id(new_study: Path, option_id: str, message: str) -> None:
    before = sorted(p.name for p in new_study.iterdir())
    result = run_cli("new", "option", option_id, "--study", str(new_study))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert message in lines[0]
    assert len(lines) <= 2
    assert sorted(p.name for p in new_study.iterdir()) == before


def test_new_option_in_a_folder_without_study(tmp_path: Path) -> None:
    result = run_cli("new", "option", "x", "--study", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path}: no study.yaml here: not a study folder\n"


def test_new_option_never_writes_into_the_bundled_study(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("new", "option", "x")
    assert result.exit_code == 2
    assert "the bundled study is read-only" in result.stderr


def test_an_option_without_costs_is_a_warning_not_free(tmp_path: Path) -> None:
    """In a study with resources, an option with no costs would enter every package for
    free: `validate` warns (an error with --strict)."""
    import yaml

    study = Path(shutil.copytree(SHIPPED, tmp_path / "options"))
    target = study / "status-quo.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    data.pop("costs")
    data.pop("cost_rationale", None)
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = run_cli("validate", "--study", str(study))
    assert result.exit_code == 0
    assert "status-quo.yaml:1:1: no cost for 'funding', 'attention': a package takes it" in (
        result.stdout
    )
    assert run_cli("validate", "--study", str(study), "--strict").exit_code == 1


def test_new_profile_and_scenario_are_valid_and_commented(new_study: Path) -> None:
    assert run_cli("new", "profile", "cost-first", "--study", str(new_study)).exit_code == 0
    assert run_cli("new", "scenario", "drought", "--study", str(new_study)).exit_code == 0
    profile = (new_study / "weights" / "cost-first.yaml").read_text(encoding="utf-8")
    scenario = (new_study / "scenarios" / "drought.yaml").read_text(encoding="utf-8")
    assert profile.startswith("# yaml-language-server: $schema=../.schema/weights.schema.json")
    assert scenario.startswith("# yaml-language-server: $schema=../.schema/scenario.schema.json")
    study = load_study(new_study)
    assert study.profiles["cost-first"].name == "Cost first"
    assert study.profiles["cost-first"].spec.weights == {"benefit": 1, "cost": 1}
    assert study.scenarios["drought"].name == "Drought"
    ranked = run_cli("rank", "--study", str(new_study), "--scenario", "drought")
    assert ranked.exit_code == 0, ranked.stderr
    validate = run_cli("validate", "--study", str(new_study)).stdout
    assert "drought.yaml:6:14: placeholder left: 'TODO: what happens" in validate
    again = run_cli("new", "profile", "cost-first", "--study", str(new_study))
    assert again.exit_code == 2
    assert "exists: not overwritten" in again.stderr
    assert run_cli("new", "scenario", "base", "--study", str(new_study)).exit_code == 2


def test_new_criterion_reaches_every_file_and_changes_no_score(tmp_path: Path) -> None:
    study = Path(shutil.copytree(SHIPPED, tmp_path / "options"))
    before = json.loads(run_cli("rank", "--study", str(study), "--format", "json").stdout)
    result = run_cli(
        "new", "criterion", "displaced", "--study", str(study), "--scale", "0..100",
        "--lower-is-better", "--unit", "thousand people",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    loaded = load_study(study)
    criterion = loaded.criteria["displaced"]
    assert (criterion.scale.min, criterion.scale.max, criterion.unit) == (0, 100, "thousand people")
    assert criterion.direction == "lower_is_better"
    assert all(o.spec.scores["displaced"].value == 50 for o in loaded.options.values())
    assert all(p.spec.weights["displaced"] == 0 for p in loaded.profiles.values())
    after = json.loads(run_cli("rank", "--study", str(study), "--format", "json").stdout)
    assert [(r["option"], r["score"]) for r in after["ranking"]] == [
        (r["option"], r["score"]) for r in before["ranking"]
    ]
    text = (study / "study.yaml").read_text(encoding="utf-8")
    original = (SHIPPED / "study.yaml").read_text(encoding="utf-8")
    comments = [line.strip() for line in text.splitlines() if line.strip().startswith("#")]
    assert comments == [
        *(line.strip() for line in original.splitlines() if line.strip().startswith("#")),
        "# written by `policy new criterion`: fill in its description",
    ]  # the comments kept, one added
    again = run_cli("new", "criterion", "displaced", "--study", str(study))
    assert again.exit_code == 2
    assert "criterion 'displaced' exists already" in again.stderr
    bad = run_cli("new", "criterion", "x", "--study", str(study), "--scale", "10..0")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: --scale '10..0': give MIN..MAX")


@pytest.mark.parametrize("force", [False, True])
def test_new_option_refuses_to_write_through_a_link(tmp_path: Path, force: bool) -> None:
    study = tmp_path / "study"
    assert run_cli("init", str(study)).exit_code == 0
    outside = tmp_path / "outside.yaml"
    (study / "evil.yaml").symlink_to(outside)  # dangling: exists() is False
    result = run_cli("new", "option", "evil", "--study", str(study), *(["--force"] * force))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert not outside.exists()
