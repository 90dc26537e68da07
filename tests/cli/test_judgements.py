"""``policy judgements``, ``--judgements`` on the ranking commands and ``policy new
analyst``, on the shipped heat-wave example and on small studies."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import ROOT, run_cli

HEATWAVE = ROOT / "examples" / "heatwave"


def test_coverage_counts_each_analysts_cells() -> None:
    result = run_cli("judgements", "--study", str(HEATWAVE), "-f", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    files = {
        a.name: sum(
            len(json.dumps(p.read_text()).split("value:")) - 1
            for p in a.glob("*.yaml")
            if p.name != "weights.yaml"
        )
        for a in (HEATWAVE / "judgements").iterdir()
    }
    assert {a["analyst"]: a["cells"] for a in data["analysts"]} == files
    assert data["cells"] == 5 * 4


def test_disagreement_is_sorted_by_worth_then_flip_share() -> None:
    """By EVPPI above the noise (tests/cli/test_judgements_value.py), then by flip share."""
    result = run_cli("judgements", "--disagreement", "--study", str(HEATWAVE), "-f", "json")
    assert result.exit_code == 0
    cells = json.loads(result.stdout)["disagreement"]["cells"]
    keys = [(c["evppi"] if c["above_noise"] else 0.0, c["flip_share"]) for c in cells]
    assert keys == sorted(keys, reverse=True)
    assert cells[0]["flip_share"] > 0


def test_one_analysts_weights_become_the_default() -> None:
    result = run_cli("rank", "--study", str(HEATWAVE), "--judgements", "budget", "-f", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["profile"] == "analyst-budget"
    assert data["weights"]["cost"] == data["weights"]["lives"]  # budget: 3 and 3


def test_unknown_analyst_is_one_line() -> None:
    result = run_cli("rank", "--study", str(HEATWAVE), "--judgements", "helth")
    assert result.exit_code == 2
    assert "unknown analyst 'helth'" in result.stderr
    assert "did you mean 'health'" in result.stderr


def test_a_study_without_judgements() -> None:
    result = run_cli("judgements", "--study", str(ROOT / "options"))
    assert result.exit_code == 2
    assert "no judgements" in result.stderr


def test_new_analyst_writes_a_readme(tmp_path: Path) -> None:
    folder = tmp_path / "hw"
    shutil.copytree(HEATWAVE, folder)
    result = run_cli("new", "analyst", "dana", "--study", str(folder))
    assert result.exit_code == 0, result.output
    text = (folder / "judgements" / "dana" / "README.md").read_text()
    assert "`cool-roofs`" in text
    assert "`lives`: Heat deaths avoided, 0..10 points" in text
    assert run_cli("new", "analyst", "pooled", "--study", str(folder)).exit_code == 2
