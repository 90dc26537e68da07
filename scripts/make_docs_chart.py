#!/usr/bin/env python3
"""Regenerate docs/ranking.svg, the chart the README shows: the ranking of the shipped study
under its default profile and method, exactly as `policy chart ranking --output
docs/ranking.svg` draws it. Run it after changing the study or the chart code:

    python scripts/make_docs_chart.py

tests/test_docs_chart.py checks that the committed image says what a fresh one says.
"""

from __future__ import annotations

from pathlib import Path

from policy_options.atomic import write_atomic
from policy_options.core.brief import Settings
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from policy_options.render.charts import KINDS, chart_bytes

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "ranking.svg"


def docs_chart() -> bytes:
    study = load_study(ROOT / "options")
    result = KINDS["ranking"].compute(study, resolve_weights(study), Settings())
    return chart_bytes("ranking", result, "svg")


def main() -> None:
    write_atomic(TARGET, docs_chart())
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
