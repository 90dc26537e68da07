"""The bottom line's words: names not ids, the verdict check's warnings, in the page first."""

from __future__ import annotations

import re
from pathlib import Path

from policy_options.core.brief import Settings, build_brief
from policy_options.core.likelihood import likelihood
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from policy_options.render.report import report_html, report_markdown
from policy_options.render.report.bottom_line import words
from tests.conftest import SHIPPED


def test_the_tiny_study_recommends_by_name_and_warns(tiny: Path) -> None:
    """Tiny: beta (rejected by the source) ranks first: the bottom line says so, by name."""
    study = load_study(tiny)
    brief = build_brief(study, resolve_weights(study), Settings(samples=1_000))
    said = words(brief)
    leader = brief.ranking.rows[0]
    assert said.what == f"We recommend {leader.title}."
    share = next(r.first for r in brief.acceptability.options if r.option == leader.option)
    assert said.sure.startswith(f"It is {likelihood(share)} ({share * 100:.1f}% of 1,000 ")
    assert said.warnings == (
        "The model disagrees with the source on Beta: the source calls it rejected, but the"
        " model ranks it 1st of 3.",
    )
    for text in (said.what, said.sure, said.change, *said.changes, *said.warnings):
        for key in [*study.options, *study.criteria]:
            assert not re.search(rf"\b{re.escape(key)}\b", text), (key, text)
    page = report_html(brief)
    assert page.index("We recommend") < page.index('<section id="overview">')
    assert "The model disagrees with the source on Beta" in page
    markdown, _ = report_markdown(brief, "x")
    assert markdown.index("## Bottom line") < markdown.index("## The question")


def test_the_shipped_bottom_line_names_no_id() -> None:
    study = load_study(SHIPPED)
    said = words(build_brief(study, resolve_weights(study), Settings(samples=1_000)))
    names = " ".join(
        [o.title for o in study.options.values()]
        + [c.name for c in study.all_criteria.values()]
        + [r.name for r in study.spec.resources.values()]
    ).lower()
    # an id that is also words of a name ("counter-drone") cannot be told apart
    ids = [
        k
        for k in [*study.options, *study.all_criteria, *study.spec.resources]
        if k.lower() not in names
    ]
    assert len(ids) > 10
    for text in (said.what, said.sure, said.change, *said.changes):
        for key in ids:
            assert not re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text), (key, text)
