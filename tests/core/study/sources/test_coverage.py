"""The share of quoted scores, counted again from the raw YAML files."""

from __future__ import annotations

from pathlib import Path

import yaml

from policy_options.core.study.loading.load import load_study
from policy_options.core.study.sources.coverage import BASES, coverage
from tests.conftest import SHIPPED, StudyFactory

OPTIONS = {
    "alpha": """\
title: Alpha
source: {ref: src, quote: "alpha quote"}
scores:
  gain: {value: 8, rationale: "big", quote: "alpha gains", basis: text}
  delay: {value: 10, rationale: "slow", basis: inference}
""",
    "beta": """\
title: Beta
scores:
  gain: {value: 4, rationale: "small", quote: "beta gains", basis: inference}
  delay: {value: 0, rationale: "at once", quote: "   "}
""",
    "gamma": """\
title: Gamma
scores:
  gain: 2
  delay: {value: 20, rationale: "never", quote: "never", basis: outside, ref: src}
""",
}


def _independent(folder: Path) -> dict[tuple[str, str], tuple[int, int]]:
    """(group, key) -> (scores, quoted), read from the YAML with no help from the loader."""
    counts: dict[tuple[str, str], list[int]] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "study.yaml" or path.name == "interactions.yaml":
            continue
        for score in yaml.safe_load(path.read_text(encoding="utf-8"))["scores"].values():
            entry = score if isinstance(score, dict) else {"value": score}
            quoted = int(bool(str(entry.get("quote") or "").strip()))
            for key in (
                ("overall", "all"),
                ("basis", entry.get("basis", "unstated")),
                ("option", path.stem),
            ):
                total = counts.setdefault(key, [0, 0])
                total[0] += 1
                total[1] += quoted
    return {key: (n, q) for key, (n, q) in counts.items()}


def test_coverage_counts_every_score_once(make_study: StudyFactory) -> None:
    folder = make_study(options=OPTIONS)
    result = coverage(load_study(folder))
    assert {(r.group, r.key): (r.scores, r.quoted) for r in result.rows} == _independent(folder)
    assert result.overall.share == 3 / 6
    assert [r.key for r in result.by_basis] == ["text", "inference", "outside", "unstated"]
    assert [r.key for r in result.by_option] == ["alpha", "beta", "gamma"]


def test_coverage_of_the_shipped_study() -> None:
    result = coverage(load_study(SHIPPED))
    assert {(r.group, r.key): (r.scores, r.quoted) for r in result.rows} == _independent(SHIPPED)
    assert [r.key for r in result.by_basis] == [
        b for b in BASES if any(r.key == b for r in result.by_basis)
    ]


def test_no_scores_no_share(make_study: StudyFactory) -> None:
    result = coverage(load_study(make_study(options=OPTIONS)))
    assert result.by_basis[0].share == 1.0
    empty = type(result.overall)("basis", "text", "text", 0, 0)
    assert empty.share is None
