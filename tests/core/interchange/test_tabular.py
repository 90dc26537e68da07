"""The notebook display of a result, and what happens without pandas."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from policy_options.core.ranking.rank import rank
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from policy_options.errors import UsageError

pytest.importorskip("pandas")


def test_rich_display_of_a_ranking(tiny: Path) -> None:
    study = load_study(tiny)
    ranking = rank(study, resolve_weights(study, "gain-first"))
    page = ranking._repr_html_()
    assert page is not None
    assert "<caption>Tiny study · method additive · weights gain-first</caption>" in page
    assert "<th>Gain ↑ 75.0%</th>" in page
    assert "<th>Delay ↓ 25.0%</th>" in page
    text = ranking._repr_markdown_()
    assert text is not None
    assert text.startswith("**Tiny study · method additive")


def test_without_pandas(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` raises ImportError
    study = load_study(tiny)
    with pytest.raises(UsageError, match="needs pandas") as caught:
        study.to_frame()
    assert caught.value.hint == 'pip install "policy-options[pandas]"'
    assert study._repr_html_() is None  # Jupyter then shows the plain repr
    assert study._repr_markdown_() is None
