"""`--rev` and `policy diff --rev`, with real git in a temporary repository."""

from __future__ import annotations

import json
import math
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from policy_options.core.ranking.revision_diff import diff_versions
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.revision import load_study_at
from policy_options.core.study.weights import resolve_weights
from policy_options.errors import PolicyError
from tests.conftest import TINY_OPTIONS, TINY_PROFILES, TINY_STUDY, run_cli, write_study

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose first commit has no study, the second the tiny one in study/,
    the third an edit: alpha's gain 8 -> 9 and the `even` profile's gain weight 1 -> 3."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / "README").write_text("no study yet\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "empty")
    write_study(root / "study")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "tiny study")
    edit(root / "study" / "alpha.yaml", "gain: {value: 8,", "gain: {value: 9,")
    edit(root / "study" / "weights" / "even.yaml", "gain: 1,", "gain: 3,")
    git(root, "commit", "-qam", "edits")
    monkeypatch.chdir(root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def cli_json(*args: str) -> Any:
    result = run_cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_rank_at_a_revision_is_the_ranking_of_the_files_then(repo: Path, tmp_path: Path) -> None:
    old = write_study(tmp_path / "old")  # what HEAD~1 holds
    at_rev = cli_json("rank", "--study", "study", "--rev", "HEAD~1")
    on_disk = cli_json("rank", "--study", str(old))
    assert at_rev["ranking"] == on_disk["ranking"]
    assert at_rev["weights"] == on_disk["weights"]
    now = cli_json("rank", "--study", "study")
    assert now != at_rev
    assert cli_json("rank", "--study", "study", "--rev", "HEAD") == now


@pytest.mark.parametrize(
    "command",
    [
        ["explain", "alpha"],
        ["profiles"],
        ["sensitivity", "weights"],
        ["sensitivity", "scores"],
        ["sensitivity", "montecarlo", "--samples", "500"],
    ],
)
def test_every_rev_command_reads_the_old_files(
    repo: Path, tmp_path: Path, command: list[str]
) -> None:
    old = write_study(tmp_path / "old")
    at_rev = cli_json(*command, "--study", "study", "--rev", "HEAD~1")
    on_disk = cli_json(*command, "--study", str(old))
    assert at_rev == on_disk


def test_rev_errors(repo: Path, tmp_path: Path) -> None:
    outside = write_study(tmp_path / "outside")
    result = run_cli("rank", "--study", str(outside), "--rev", "HEAD")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {outside} is not in a git repository: --rev reads the study from git history",
        "hint: run it inside a clone, or drop --rev",
    ]
    result = run_cli("rank", "--study", "study", "--rev", "no-such-branch")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith("error: unknown revision 'no-such-branch' in ")
    result = run_cli("rank", "--study", "study", "--rev", "HEAD~2")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "error: no study at revision 'HEAD~2': study/study.yaml did not exist then"
    )
    result = run_cli("rank", "--study", "study", "--rev", "--help")
    assert result.exit_code == 2
    with pytest.raises(PolicyError, match="unknown revision"):
        load_study_at(repo / "study", "HEAD~99")


def test_an_invalid_old_version_is_located_at_its_revision(repo: Path) -> None:
    edit(repo / "study" / "beta.yaml", "gain: {value: 4", "gain: {value: 40")
    git(repo, "commit", "-qam", "bad")
    edit(repo / "study" / "beta.yaml", "gain: {value: 40", "gain: {value: 4")
    result = run_cli("rank", "--study", "study", "--rev", "HEAD")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: HEAD:study/beta.yaml:5:17: score 40 for 'gain' lies outside its scale 0..10"
        " points\n"
    )
    assert run_cli("rank", "--study", "study").exit_code == 0


def test_rank_watch_refuses_rev(repo: Path) -> None:
    result = run_cli("rank", "--study", "study", "--rev", "HEAD", "--watch")
    assert result.exit_code == 2
    assert "drop --rev" in result.stderr


# --- policy diff --rev ---------------------------------------------------------------------


def test_diff_rev_by_hand(repo: Path) -> None:
    """Tiny study, profile `even` (gain 1, delay 1) -> (gain 3, delay 1); alpha's gain 8 -> 9.

    alpha: values gain .8 -> .9, delay .5 (10 of 20 months on the value function).
    Old score .65. Weight edit: (3 - 1) * (.8 - .65) / 4 = .075. Score edit: w' * dv =
    .75 * .1 = .075. New score .75 * .9 + .25 * .5 = .8 = .65 + .075 + .075.
    beta: gain .4, delay 1.0, old score .7; weight edit (3 - 1) * (.4 - .7) / 4 = -.15.
    """
    doc = cli_json("diff", "--study", "study", "--rev", "HEAD~1", "--rev", "HEAD")
    assert doc["a"] == {"profile": "even", "revision": "HEAD~1"}
    assert doc["b"] == {"profile": "even", "revision": "HEAD"}
    assert doc["attribution"] == "exact"
    rows = {row["option"]: row for row in doc["options"]}
    alpha = rows["alpha"]
    assert (alpha["score_a"], alpha["score_b"]) == (pytest.approx(0.65), pytest.approx(0.8))
    moved = {(m["kind"], m["criterion"]): m["points"] for m in alpha["moved_by"]}
    assert moved == {
        ("weight", "gain"): pytest.approx(0.075),
        ("score", "gain"): pytest.approx(0.075),
    }
    beta = rows["beta"]
    assert (beta["score_a"], beta["score_b"]) == (pytest.approx(0.7), pytest.approx(0.55))
    assert [(m["kind"], m["points"]) for m in beta["moved_by"]] == [
        ("weight", pytest.approx(-0.15))
    ]
    assert (beta["rank_a"], beta["rank_b"], beta["move"]) == (1, 2, -1)
    assert (alpha["rank_a"], alpha["rank_b"], alpha["move"]) == (2, 1, 1)
    weight = next(e for e in doc["edits"] if e["kind"] == "weight")
    assert (weight["old"], weight["new"]) == (1, 3)
    assert (weight["old_weight"], weight["new_weight"]) == (0.5, 0.75)


def test_diff_rev_against_the_working_tree_matches_policy_rank(repo: Path) -> None:
    edit(repo / "study" / "gamma.yaml", "gain: {value: 2", "gain: {value: 7")
    doc = cli_json("diff", "--study", "study", "--rev", "HEAD~1")
    assert doc["b"]["revision"] == "working tree"
    before = cli_json("rank", "--study", "study", "--rev", "HEAD~1")
    after = cli_json("rank", "--study", "study")
    for row in doc["options"]:
        old = next(e for e in before["ranking"] if e["option"] == row["option"])
        new = next(e for e in after["ranking"] if e["option"] == row["option"])
        assert (row["rank_a"], row["score_a"]) == (old["rank"], old["score"])
        assert (row["rank_b"], row["score_b"]) == (new["rank"], new["score"])
        assert math.fsum(m["points"] for m in row["moved_by"]) == pytest.approx(
            new["score"] - old["score"], abs=1e-12
        )
    assert [o["option"] for o in doc["options"]] == [e["option"] for e in after["ranking"]]


def test_diff_rev_outputs(repo: Path) -> None:
    table = run_cli("diff", "--study", "study", "--rev", "HEAD~1")
    assert table.exit_code == 0, table.stderr
    assert "Tiny study: HEAD~1 → working tree" in table.stdout
    assert "score on gain: 8 → 9" in table.stdout
    assert "weight of gain: 1 → 3 (50.0% → 75.0%)" in table.stdout
    md = run_cli("diff", "--study", "study", "--rev", "HEAD~1", "-f", "markdown").stdout
    assert "| `alpha` | weight of gain: 1 → 3 (50.0% → 75.0%) | +7.5 |" in md
    assert "|   | score on gain: 8 → 9 | +7.5 |" in md
    csv = run_cli("diff", "--study", "study", "--rev", "HEAD~1", "-f", "csv").stdout.splitlines()
    assert csv[0] == (
        "option,rank_a,rank_b,score_a,score_b,edit,criterion,edited_option,old,new,points"
    )
    assert "alpha,2,1,0.65,0.8,score,gain,alpha,8,9,0.075" in csv


def test_diff_rev_usage(repo: Path) -> None:
    result = run_cli("diff", "--study", "study", "--rev", "HEAD", "--rev", "HEAD", "--rev", "HEAD")
    assert result.exit_code == 2
    assert "give --rev once or twice" in result.stderr
    same = cli_json("diff", "--study", "study", "--rev", "HEAD")
    assert same["edits"] == []
    assert all(row["moved_by"] == [] and row["move"] == 0 for row in same["options"])
    # two profiles across revisions: `even` at HEAD~1, `gain-first` now
    doc = cli_json("diff", "--study", "study", "--rev", "HEAD~1", "-w", "even", "-w", "gain-first")
    assert (doc["a"]["profile"], doc["b"]["profile"]) == ("even", "gain-first")


# --- the split of each move, on random edits (no git needed) --------------------------------


def variant(rng: random.Random) -> tuple[str, dict[str, str], dict[str, str]]:
    """The tiny study with random scores and weights, sometimes an option or criterion more."""
    options = {}
    for key in TINY_OPTIONS:
        options[key] = (
            f"title: {key}\nsource: {{ref: src, quote: q}}\nscores:\n"
            f"  gain: {{value: {rng.randint(0, 10)}, rationale: r}}\n"
            f"  delay: {{value: {rng.randint(0, 20)}, rationale: r}}\n"
        )
    study = TINY_STUDY
    extra = rng.random() < 0.3
    if extra:
        study = study.replace(
            "defaults:",
            "  cost:\n    name: Cost\n    direction: lower_is_better\n"
            "    scale: {min: 0, max: 5}\ndefaults:",
        )
        options = {
            k: v + f"  cost: {{value: {rng.randint(0, 5)}, rationale: r}}\n"
            for k, v in options.items()
        }
    if rng.random() < 0.3:
        options.pop("gamma")
    if rng.random() < 0.3:
        options["delta"] = options["alpha"].replace("title: alpha", "title: delta")
    weights = {"gain": rng.randint(0, 4), "delay": rng.randint(1, 4)}
    if extra:
        weights["cost"] = rng.randint(0, 3)
    text = "weights: {" + ", ".join(f"{k}: {v}" for k, v in weights.items()) + "}\n"
    return study, options, {"even": text}


@pytest.mark.parametrize("method", ["additive", "weighted-product", "topsis", "promethee"])
def test_the_parts_add_up_to_each_move(tmp_path: Path, method: str) -> None:
    rng = random.Random(13)
    for n in range(25):
        folders = []
        for side in ("a", "b"):
            study, options, profiles = variant(rng)
            folders.append(write_study(tmp_path / f"{method}-{n}-{side}", study, options, profiles))
        a, b = (load_study(f) for f in folders)
        result = diff_versions(a, resolve_weights(a), b, resolve_weights(b), method)
        for row in result.rows:
            if row.score_a is None or row.score_b is None:
                assert row.effects == ()
                continue
            total = math.fsum(e.points for e in row.effects)
            assert total == pytest.approx(row.score_b - row.score_a, abs=1e-9), (n, row)
        if method == "additive":
            weights = result.b.weights.normalised
            for row in result.rows:
                for effect in row.effects:
                    edit = effect.edit
                    if edit.kind == "score" and edit.criterion != "delay":  # linear values
                        scale = b.criteria[edit.criterion or ""].scale
                        assert edit.new is not None
                        assert edit.old is not None
                        sign = 1 if edit.criterion == "gain" else -1
                        dv = sign * (edit.new - edit.old) / (scale.max - scale.min)
                        assert effect.points == pytest.approx(
                            weights[edit.criterion or ""] * dv, abs=1e-12
                        )


def test_promethee_edits_on_a_scale_that_does_not_start_at_0(tmp_path: Path) -> None:
    """The sequential states use PROMETHEE's default threshold as ``policy rank`` does:
    p = the scale's width (grade 1..5: 4; delay 2..12: 10), not its max.

    A: grade x 1, y 3, z 5; delay 12, 7, 2: scores .125, .5, .875 (tests/core/methods/
    test_promethee.py). B: z's grade 5 -> 4: phi_grade = x -.625, y .125, z .5, phi_delay
    unchanged (-.75, 0, .75), so x .15625, y .53125, z .8125: the one edit moves z by
    -.0625 and x and y by +.03125 each. (With p = max the states would give z -.05.)"""
    from tests.core.methods.test_promethee import SHIFTED_STUDY

    profiles = {"even": "weights: {grade: 1, delay: 1}\n"}
    versions = []
    for side, z_grade in (("a", 5), ("b", 4)):
        options = {
            key: f"title: {key}\nscores: {{grade: {grade}, delay: {delay}}}\n"
            for key, grade, delay in (("x", 1, 12), ("y", 3, 7), ("z", z_grade, 2))
        }
        versions.append(load_study(write_study(tmp_path / side, SHIFTED_STUDY, options, profiles)))
    a, b = versions
    result = diff_versions(a, resolve_weights(a), b, resolve_weights(b), "promethee")
    assert [(e.kind, e.criterion, e.option) for e in result.edits] == [("score", "grade", "z")]
    rows = {row.option: row for row in result.rows}
    expected = {"x": (0.125, 0.15625, 0.03125), "y": (0.5, 0.53125, 0.03125)}
    expected["z"] = (0.875, 0.8125, -0.0625)
    for option, (before, after, moved) in expected.items():
        row = rows[option]
        assert (row.score_a, row.score_b) == (pytest.approx(before), pytest.approx(after))
        assert [e.points for e in row.effects] == [pytest.approx(moved, abs=1e-12)]


def test_with_modifiers_and_a_reference_the_parts_add_up_by_hand(tmp_path: Path) -> None:
    """Regression: with modifiers the exact additive split left the factor out and listed no
    modifier edit, so the parts did not add up. Tiny study, delay a modifier (1 at 0
    months, .5 at 10), gamma the reference, weight on gain only: s_ref = .2 (gain 2).

    A: alpha s .8, m .5: .2 + .5 (.8 - .2) = .5; beta s .4, m 1: .4.
    B: alpha's gain 8 -> 9: .2 + .5 (.9 - .2) = .55, +.05 (= m w dv = .5 x 1 x .1);
    beta's delay 0 -> 10 (a modifier edit): .2 + .5 (.4 - .2) = .3, -.1."""
    study = TINY_STUDY.replace("    unit: months\n", "    unit: months\n    role: modifier\n")
    study = study.replace("defaults:", "reference: gamma\ndefaults:")
    profiles = {"even": "weights: {gain: 1}\n"}
    a_options = dict(TINY_OPTIONS)
    b_options = {
        **TINY_OPTIONS,
        "alpha": TINY_OPTIONS["alpha"].replace("gain: {value: 8,", "gain: {value: 9,"),
        "beta": TINY_OPTIONS["beta"].replace(
            "delay: {value: 0, range: [0, 5],", "delay: {value: 10,"
        ),
    }
    a = load_study(write_study(tmp_path / "a", study, a_options, profiles))
    b = load_study(write_study(tmp_path / "b", study, b_options, profiles))
    result = diff_versions(a, resolve_weights(a), b, resolve_weights(b), "additive")
    assert result.attribution == "sequential"
    assert [(e.kind, e.criterion, e.option) for e in result.edits] == [
        ("score", "gain", "alpha"), ("score", "delay", "beta")
    ]  # fmt: skip
    rows = {row.option: row for row in result.rows}
    expected = {"alpha": (0.5, 0.55, [0.05]), "beta": (0.4, 0.3, [-0.1]), "gamma": (0.2, 0.2, [])}
    for option, (before, after, moved) in expected.items():
        row = rows[option]
        assert (row.score_a, row.score_b) == (pytest.approx(before), pytest.approx(after))
        assert [e.points for e in row.effects] == [pytest.approx(m, abs=1e-12) for m in moved]


def test_unchanged_profiles_file_is_no_weight_edit(tmp_path: Path) -> None:
    a = load_study(write_study(tmp_path / "a"))
    b = load_study(write_study(tmp_path / "b", profiles=TINY_PROFILES))
    result = diff_versions(a, resolve_weights(a), b, resolve_weights(b))
    assert result.edits == ()
    assert result.tau == pytest.approx(1.0)


GOLDEN_FORMATS = {"table": "txt", "markdown": "md", "csv": "csv", "json": "json"}


@pytest.mark.parametrize("fmt", GOLDEN_FORMATS)
@pytest.mark.parametrize("method", ["additive", "topsis"])
def test_diff_rev_golden(repo: Path, golden: Any, fmt: str, method: str) -> None:
    result = run_cli(
        "diff", "--study", "study", "--rev", "HEAD~1", "--rev", "HEAD", "-m", method, "-f", fmt
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    golden(f"revdiff/{method}.{GOLDEN_FORMATS[fmt]}", result.stdout)


def test_rev_with_a_scenario(repo: Path) -> None:
    """--rev and --scenario together: the scenario file as it was at that revision."""
    folder = repo / "study" / "scenarios"
    folder.mkdir()
    (folder / "dry.yaml").write_text("name: Dry\nscores: {beta: {gain: 0}}\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "a scenario")
    (folder / "dry.yaml").write_text("name: Dry\nscores: {beta: {gain: 2}}\n", encoding="utf-8")
    at_rev = cli_json("rank", "--study", "study", "--rev", "HEAD", "--scenario", "dry")
    beta = next(e for e in at_rev["ranking"] if e["option"] == "beta")
    assert beta["values"]["gain"] == 0
    now = cli_json("rank", "--study", "study", "--scenario", "dry")
    assert next(e for e in now["ranking"] if e["option"] == "beta")["values"]["gain"] == 0.2
    doc = cli_json("diff", "--study", "study", "--rev", "HEAD", "--scenario", "dry")
    beta_row = next(r for r in doc["options"] if r["option"] == "beta")
    assert [(m["kind"], m["old"], m["new"]) for m in beta_row["moved_by"]] == [("score", 0, 2)]
    assert beta_row["moved_by"][0]["points"] == pytest.approx(0.75 * 0.2)


def _committed_study(tmp_path: Path) -> Path:
    root = tmp_path / "hostile"
    root.mkdir()
    git(root, "init", "-q")
    write_study(root / "study")
    return root


def test_export_ignore_does_not_hide_a_file_from_rev(tmp_path: Path) -> None:
    """A committed .gitattributes with export-ignore dropped an option from `--rev` (the
    study was read through `git archive`): now read from the tree, as in the working tree."""
    root = _committed_study(tmp_path)
    (root / ".gitattributes").write_text(
        "study/alpha.yaml export-ignore\nstudy/beta.yaml export-subst\n", encoding="utf-8"
    )
    edit(root / "study" / "beta.yaml", "title: Beta", "title: Beta $Format:%H$")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "attributes")
    at_head = load_study_at(root / "study", "HEAD")
    now = load_study(root / "study")
    assert sorted(at_head.options) == sorted(now.options) == ["alpha", "beta", "gamma"]
    assert at_head.options["beta"].title == now.options["beta"].title == "Beta $Format:%H$"
    result = diff_versions(at_head, resolve_weights(at_head), now, resolve_weights(now))
    assert result.edits == ()


@pytest.mark.parametrize("target", ["/etc/passwd", "../../outside.yaml", "beta.yaml"])
def test_a_symbolic_link_in_the_study_at_a_revision_is_refused_cleanly(
    tmp_path: Path, target: str
) -> None:
    root = _committed_study(tmp_path)
    (root / "study" / "delta.yaml").symlink_to(target)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "a link")
    with pytest.raises(PolicyError, match=r"HEAD:study/delta.yaml is a symbolic link"):
        load_study_at(root / "study", "HEAD")
    result = run_cli("rank", "--rev", "HEAD", "--study", str(root / "study"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith("error: HEAD:study/delta.yaml is a symbolic")
    assert len(result.stderr.splitlines()) == 1
