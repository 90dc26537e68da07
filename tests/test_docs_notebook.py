"""docs/notebooks/tour.ipynb, executed in a real Jupyter kernel (nbclient and ipykernel from
pip), its outputs checked against the same numbers computed here."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from policy_options.core.futures.regret import regret_analysis
from policy_options.core.ranking.rank import rank
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from policy_options.core.uncertainty.montecarlo import smaa
from tests.conftest import ROOT, SHIPPED

NOTEBOOK = ROOT / "docs" / "notebooks" / "tour.ipynb"


def outputs(cell: Any, mime: str) -> str:
    return "".join(
        str(o.get("data", {}).get(mime, "")) if o.get("output_type") != "stream" else o["text"]
        for o in cell.outputs
    )


KERNEL = "policy-options-tests"


def this_interpreter_as_a_kernel(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kernel spec that runs ipykernel in this very interpreter (not whichever python3
    kernel the machine has registered), found through JUPYTER_PATH."""
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    document = {"argv": argv, "display_name": KERNEL, "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(folder))


@pytest.mark.slow
def test_the_tour_runs_and_shows_the_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not getattr(c, "outputs", []) for c in notebook.cells), "store it without outputs"
    this_interpreter_as_a_kernel(tmp_path / "jupyter", monkeypatch)
    work = tmp_path / "work"
    work.mkdir()
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name=KERNEL, resources={"metadata": {"path": work}}
    )
    client.execute()  # from an empty folder: load_study() finds the bundled study
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    for cell in cells:
        assert not [o for o in cell.outputs if o.output_type == "error"]
    study = load_study(SHIPPED)
    weights = resolve_weights(study, "balanced")
    ranking = rank(study, weights)
    shown = outputs(cells[0], "text/html")
    assert "<caption>U.S. options to support Armenia&#x27;s security · raw scores" in shown
    weight = weights.normalised["deterrence"]
    assert f"<th>Deterrence by denial ↑ {weight:.1%}</th>" in shown
    shown = outputs(cells[2], "text/html")
    assert "· method additive · weights balanced</caption>" in shown
    assert f"<tr><th>{ranking.rows[0].option}</th><td>1</td>" in shown
    montecarlo = smaa(study, weights, samples=2000, seed=7)
    regret = regret_analysis(study, "balanced").to_frame()
    printed = ast.literal_eval(outputs(cells[-1], "text/plain").strip())
    assert printed == {
        "top": ranking.rows[0].option,
        "top_score": round(ranking.rows[0].score, 12),
        "contributions_sum_to_score": True,
        "first_share": round(montecarlo.options[0].first, 6),
        "least_max_regret": regret["max_regret"].idxmin(),
    }
