"""`policy judgements --disagreement` sorts the team's disagreements by what settling
each is worth: the EVPPI of the cell's pooled distribution (`policy sensitivity value`)."""

from __future__ import annotations

import json

from policy_options.core.study.judgements.disagreement import disagreement
from policy_options.core.study.loading.load import load_study
from policy_options.core.uncertainty.value import value_of_information
from tests.conftest import ROOT, run_cli

HEATWAVE = ROOT / "examples" / "heatwave"


def test_cells_are_sorted_by_their_value_of_information() -> None:
    result = disagreement(load_study(HEATWAVE))
    worth = [c.evppi if c.above_noise else 0.0 for c in result.cells]
    assert worth == sorted(worth, reverse=True)
    top = result.cells[0]
    assert top.above_noise
    assert top.evppi is not None
    assert top.evppi > 0
    # no cell is worth more than knowing everything (EVPI), within the estimator's noise
    from policy_options.core.study.judgements.apply import apply_judgements
    from policy_options.core.study.judgements.files import POOLED
    from policy_options.core.study.weights import resolve_weights

    pooled = apply_judgements(load_study(HEATWAVE), POOLED)
    whole = value_of_information(pooled, resolve_weights(pooled), samples=20_000)
    assert all(c.evppi is None or c.evppi <= whole.evpi + 3 * whole.evpi_se for c in result.cells)
    # a cell the analysts agree on and that never moves the leader is worth nothing
    agreed = [c for c in result.cells if c.spread == 0 and c.flip_share == 0]
    assert agreed
    assert all(not c.above_noise for c in agreed)


def test_the_json_carries_the_worth() -> None:
    result = run_cli("judgements", "--disagreement", "--study", str(HEATWAVE), "--format", "json")
    assert result.exit_code == 0, result.stderr
    cells = json.loads(result.stdout)["disagreement"]["cells"]
    assert {"evppi", "above_noise"} <= set(cells[0])
