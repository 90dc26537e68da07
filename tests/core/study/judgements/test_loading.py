"""Bad judgement files: one located line each (an unknown option or criterion, lowest
above highest, a confidence outside 0..100), through ``policy`` with exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.core.study.judgements.test_disagreement import judged_study


@pytest.mark.parametrize(
    ("name", "text", "where", "message"),
    [
        ("zeta.yaml", "scores: {gain: 5}\n", "zeta.yaml:1:1", "unknown option 'zeta'"),
        ("a.yaml", "scores:\n  gian: 5\n", "a.yaml:2:3", "unknown criterion 'gian'"),
        (
            "a.yaml",
            "scores:\n  gain: {value: 5, lowest: 7, highest: 3}\n",
            "a.yaml:2:9",
            "lowest 7 is above highest 3",
        ),
        (
            "a.yaml",
            "scores:\n  gain: {value: 5, lowest: 4, highest: 6, confidence: 120}\n",
            "a.yaml:2:55",
            "confidence must lie in (0, 100]",
        ),
        (
            "a.yaml",
            "scores:\n  gain: {value: 5, lowest: 4, highest: 11}\n",
            "a.yaml:2:28",
            "reaches outside its scale",
        ),
    ],
)
def test_bad_judgement_is_one_located_line(
    tmp_path: Path, name: str, text: str, where: str, message: str
) -> None:
    folder = judged_study(tmp_path / "s")
    (folder / "judgements" / "ann" / name).write_text(text)
    result = run_cli("rank", "--study", str(folder))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("error: ")
    assert where in lines[0]
    assert message in lines[0]
    assert len([line for line in lines if line.startswith("error")]) == 1


def test_unknown_analyst_in_study_yaml(tmp_path: Path) -> None:
    folder = judged_study(tmp_path / "s")
    study = folder / "study.yaml"
    study.write_text(study.read_text() + "judgements: ana\n")
    result = run_cli("rank", "--study", str(folder))
    assert result.exit_code == 2
    assert "unknown analyst 'ana'" in result.stderr
    assert "study.yaml:" in result.stderr


def test_study_yaml_pooled_applies_to_every_command(tmp_path: Path) -> None:
    folder = judged_study(tmp_path / "s")
    study = folder / "study.yaml"
    study.write_text(study.read_text() + "judgements: pooled\n")
    result = run_cli("rank", "--study", str(folder), "-f", "json")
    assert result.exit_code == 0
    assert "judgements pooled" in result.stdout
    plain = run_cli("rank", "--study", str(folder), "--judgements", "none", "-f", "json")
    assert "judgements pooled" not in plain.stdout
