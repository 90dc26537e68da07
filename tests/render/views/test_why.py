"""The `why` view's modifier line: factor × weighted sum, or against the reference option."""

from __future__ import annotations

from pathlib import Path

from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from policy_options.core.why.analysis import why
from policy_options.render import fmt
from policy_options.render.views.why import explanation, factors_text
from policy_options.render.writers import console
from tests.conftest import SHIPPED
from tests.core.uncertainty.modified import as_modifier, with_reference


def test_the_modifier_line_with_and_without_a_reference(tmp_path: Path) -> None:
    study = load_study(as_modifier(SHIPPED, tmp_path / "study"))
    weights = resolve_weights(study)
    plain = why(with_reference(study, None), weights, "us-eu-mediation", "clear-limits")
    assert factors_text(plain).endswith(
        "Each score is its factor × the weighted sum, so each criterion's points are"
        " factor × weight × value."
    )
    against = why(with_reference(study, "status-quo"), weights, "us-eu-mediation", "clear-limits")
    reference = against.ranking.reference
    assert reference is not None
    text = factors_text(against)
    assert f"the reference's (status-quo, {fmt.points(reference.score)})" in text
    assert text.startswith(
        f"Modifier factors ({', '.join(study.modifiers)}):"
        f" us-eu-mediation ×{against.a.factor:.3g},"
        f" clear-limits ×{against.b.factor:.3g}."
    )
    shown = " ".join(console.write(explanation(against)).split())
    assert " ".join(text.split()) in shown
