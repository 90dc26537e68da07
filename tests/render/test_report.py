"""The decision brief: sections, numbers cross-checked with the commands' own results,
escaping of study text, a document that fetches nothing."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from policy_options.core.brief import Brief, Settings, build_brief, profile_weights
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from policy_options.core.uncertainty.montecarlo import smaa
from policy_options.core.uncertainty.stability import weight_stability
from policy_options.render.report import SECTIONS, inline_svg, report_html, report_markdown
from policy_options.render.report.text import markdown_escape, summary
from tests.conftest import SHIPPED, TINY_OPTIONS, TINY_STUDY, StudyFactory, shipped_scores

SAMPLES = 4_000
AGREEING = [section for section in SECTIONS if section.id != "verdict"]
"""The shipped study's sections: its stances and its model agree (no verdict section)."""


@pytest.fixture(scope="module")
def brief() -> Brief:
    study = load_study(SHIPPED)
    return build_brief(study, resolve_weights(study), Settings(samples=SAMPLES))


@pytest.fixture(scope="module")
def html(brief: Brief) -> str:
    return report_html(brief)


def test_the_brief_uses_the_commands_computations(brief: Brief) -> None:
    study = brief.study
    weights = resolve_weights(study)
    independent = smaa(study, weights, samples=SAMPLES)
    assert [o.acceptability for o in brief.acceptability.options] == [
        o.acceptability for o in independent.options
    ]
    assert brief.stability == weight_stability(study, weights)
    assert brief.method == "additive"
    # the top three, ranked from the YAML by hand (tests.conftest.shipped_scores; no ties)
    scores = shipped_scores()
    top = sorted(scores, key=lambda key: -scores[key])[:3]
    assert [(e.row.rank, e.row.option) for e in brief.explanations] == [
        (rank, key) for rank, key in enumerate(top, 1)
    ]
    assert top == ["us-eu-mediation", "accept-multi-alignment", "turkey-normalization"]
    # every profile of the study; the balanced weights are one of them, so not added again
    assert [w.profile for w in profile_weights(study, weights)] == list(study.profiles)
    changed = resolve_weights(study, None, ["deterrence=9"])
    assert profile_weights(study, changed)[-1] is changed


def test_the_summary_is_made_of_the_numbers(brief: Brief) -> None:
    text = summary(brief)
    rows = brief.ranking.rows
    first = {o.option: o.first for o in brief.acceptability.options}
    assert f"ranks first with {rows[0].score * 100:.1f} out of 100" in text
    assert f"{(rows[0].score - rows[1].score) * 100:.1f} points ahead of" in text
    assert f"comes first in {first['us-eu-mediation'] * 100:.1f}% of them" in text
    most = max(first, key=lambda k: first[k])
    assert f"less often than {most} ({first[most] * 100:.1f}%)" in text
    nearest = brief.stability.criteria[0]  # the weight nearest to changing the leader
    lo, hi = nearest.top_interval
    assert f"most sensitive to the weight of {nearest.criterion}" in text
    assert f"between {lo:.1%} and {hi:.1%} (now {nearest.weight:.1%})" in text
    assert "uncertain score" in text
    assert "could change the answer" in text
    assert "the robust choice (the option whose worst rank is best) is" in text
    rules = brief.scenarios.rules if brief.scenarios else {}
    assert f"minimax regret chooses {rules['minimax_regret'][0]}" in text
    futures = len(brief.study.scenarios)
    assert f"Across the base study and its {futures} scenarios, the decision rules" in text


def test_html_has_every_section_and_every_option(brief: Brief, html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")
    for section in AGREEING:
        assert f'<section id="{section.id}">' in html
        assert f"<h2>{section.title}</h2>" in html
    for option in brief.study.options:
        assert option in html
    kinds = ("ranking", "acceptability", "stability", "tornado", "profiles", "scenarios", "value")
    for kind in (*kinds, "frontier"):
        assert f'<figure id="chart-{kind}">' in html
    assert html.count("<svg ") == 8
    # every score's rationale in the appendix
    for option in brief.study.options.values():
        for score in option.spec.scores.values():
            assert escape(score.rationale) in html


def escape(text: str) -> str:
    from markupsafe import escape as markup_escape

    return str(markup_escape(text))


def test_html_fetches_nothing_and_runs_nothing(html: str) -> None:
    assert "http" not in html  # no URL at all: no fonts, images, styles or links to fetch
    # the one script is the weight sliders' (inline, no src) and its model, as JSON
    assert re.findall(r"<script[^>]*>", html.lower()) == [
        '<script type="application/json" id="weights-model">',
        "<script>",
    ]
    assert not re.search(r"\b(src|href)=\"(?!#)", html)
    assert "@import" not in html
    assert "url(" not in html.replace("url(#", "")
    assert "break-before: page" in html
    assert "break-inside: avoid" in html


def test_inline_svg_ids_are_unique(html: str) -> None:
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for ref in re.findall(r"url\(#([^)]+)\)", html):
        assert ref in ids


def test_inline_svg_is_well_formed() -> None:
    svg = (
        b'<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg xmlns:xlink="http://www.w3.org/1999/xlink"'
        b' width="10pt" height="5pt" viewBox="0 0 10 5" xmlns="http://www.w3.org/2000/svg">'
        b'<metadata>m</metadata><defs><clipPath id="c1"/></defs>'
        b'<g id="g" clip-path="url(#c1)"><use xlink:href="#c1"/></g></svg>'
    )
    out = inline_svg(svg, "k")
    assert out.startswith('<svg viewBox="0 0 10 5" role="img"><defs>')
    assert "http" not in out
    assert 'id="k-c1"' in out
    assert "url(#k-c1)" in out
    assert 'href="#k-c1"' in out
    ET.fromstring(out)


def test_study_text_is_escaped(make_study: StudyFactory, tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> & *bold* [link](x) | pipe"
    folder = make_study(
        study=TINY_STUDY.replace("title: Tiny study", f'title: "{hostile}"'),
        options={
            **TINY_OPTIONS,
            "alpha": TINY_OPTIONS["alpha"].replace('"big gain"', f'"{hostile}"'),
        },
    )
    study = load_study(folder)
    brief = build_brief(study, resolve_weights(study), Settings(samples=1_000))
    page = report_html(brief)
    assert "<script>alert" not in page
    assert page.count("<script") == 2  # the sliders' model and script, nothing from the study
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *bold*" in page
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt; &amp; *bold* [link](x) | pipe</td>" in page
    markdown, files = report_markdown(brief, "brief_files")
    assert "<script" not in markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt; & \\*bold\\* \\[link\\](x) \\| pipe" in markdown
    # in the tables of the views (written by the writers): characters as entities
    assert (
        "| &lt;script&gt;alert(1)&lt;/script&gt; & &#42;bold&#42; &#91;link&#93;(x) \\| pipe |"
        in (markdown)
    )
    for svg in files.values():  # the chart titles carry the study title too
        assert b"<script" not in svg
        ET.fromstring(svg)


def test_markdown_escape() -> None:
    from markupsafe import Markup

    assert markdown_escape("a_b*c`d[e]f|g<h>\ni") == "a\\_b\\*c\\`d\\[e\\]f\\|g&lt;h&gt; i"
    assert markdown_escape(Markup("<b>")) == "<b>"
    assert markdown_escape(None) == ""


def test_markdown_links_every_chart(brief: Brief) -> None:
    text, files = report_markdown(brief, "my brief_files")
    kinds = ("ranking", "acceptability", "stability", "tornado", "profiles", "scenarios", "value")
    assert sorted(files) == [f"{k}.svg" for k in sorted((*kinds, "frontier"))]
    for name, svg in files.items():
        assert f"](my%20brief_files/{name})" in text
        root = ET.fromstring(svg)
        assert root.get("viewBox")
    for section in AGREEING:
        assert f"## {section.title}" in text
    assert "| Rank | Option | Stance | Score |" in text  # policy rank --format markdown


def test_weakest_link_brief_explains_the_missing_chart(tiny: Path) -> None:
    study = load_study(tiny)
    brief = build_brief(study, resolve_weights(study), Settings("weakest-link", samples=1_000))
    page = report_html(brief)
    assert "Not drawn: the stability chart draws weight intervals" in page
    assert page.count("<svg ") == 5  # value among them


def test_a_brief_in_one_future_has_no_scenarios_section(tiny: Path) -> None:
    from policy_options.core.study.scenarios import apply_scenario

    study = apply_scenario(load_study(SHIPPED), "russia-returns")
    brief = build_brief(study, resolve_weights(study), Settings(samples=1_000))
    assert brief.scenarios is None
    page = report_html(brief)
    assert '<section id="scenarios">' not in page
    assert "scenario russia-returns" in page  # the title names the future


def test_sources_print_their_address_without_a_link(brief: Brief, html: str) -> None:
    url = brief.study.spec.sources["rand-2024"].url
    assert url is not None
    assert url.split("://", 1)[1] in html


def test_the_portfolio_section_is_policy_portfolio(brief: Brief, html: str) -> None:
    from policy_options.core.portfolio.analysis import portfolio

    result = portfolio(brief.study, brief.weights, samples=0)
    assert brief.portfolio is not None
    assert brief.portfolio.best == result.best
    assert f"The best package, worth {result.best.value * 100:.1f} points" in html
    for option in result.best.options:
        assert f'<span class="id">{option}</span></td><td class="num">' in html


def test_top_lines_leave_out_a_zero_contribution(tiny: Path) -> None:
    """The report's 'what adds most' lines for gamma (gain 2 of 10, delay 20 of 20
    months, even weights): gain adds .1, delay nothing, so only gain is listed."""
    from policy_options.core.ranking.explain import explain
    from policy_options.core.ranking.rank import rank
    from policy_options.render.report.text import top_lines

    study = load_study(tiny)
    ranking = rank(study, resolve_weights(study))
    assert [line.criterion for line in top_lines(explain(ranking, "gamma"))] == ["gain"]
    assert [line.criterion for line in top_lines(explain(ranking, "alpha"))] == ["gain", "delay"]


def test_the_report_s_tables_are_the_commands_views(brief: Brief, html: str) -> None:
    """The ranking is `policy rank --format markdown`'s table; each top option's table the
    explain view's compact one: its criteria that add most, without values or ranges."""
    from policy_options.render.report.text import top_lines
    from policy_options.render.views.explain import explanation
    from policy_options.render.views.rank import ranking
    from policy_options.render.writers.markdown import write

    text, _ = report_markdown(brief, "f")
    rank_table = [line for line in write(ranking(brief.ranking)).splitlines() if line[:1] == "|"]
    assert "\n".join(rank_table) in text
    first = brief.explanations[0]
    compact = explanation(first, lines=top_lines(first), compact=True)
    lines = [line for line in write(compact).splitlines() if line[:1] == "|"]
    assert lines[0] == "| Criterion | Score | Weight | Points | Rationale |"
    # the criteria table, then the modifiers' (feasibility, time to effect): header and rule each
    split = 2 + len(top_lines(first))
    assert len(lines) == split + 2 + len(first.factors)
    assert lines[split] == "| Modifier | Score | Factor | Rationale |"
    assert [f.criterion for f in first.factors] == ["feasibility", "time_to_effect"]
    assert "\n".join(lines[:split]) in text
    assert "\n".join(lines[split:]) in text
    assert '<thead><tr><th>Criterion</th><th class="num">Score</th>' in html
    assert '<td class="num">1</td><td>Mediate a peace settlement together' in html


def test_the_verdict_section_comes_near_the_top(tiny: Path) -> None:
    """Tiny study: beta (rejected) ranks 1st of 3: the brief says so right after the
    overview, in both formats; the shipped study's stances all agree: no section."""
    study = load_study(tiny)
    brief = build_brief(study, resolve_weights(study), Settings(samples=1_000))
    assert brief.verdict is not None
    assert [(f.option, f.kind) for f in brief.verdict.findings] == [("beta", "top_third")]
    page = report_html(brief)
    ids = re.findall(r'<section id="([a-z]+)">', page)
    assert ids[:3] == ["overview", "verdict", "ranking"]
    assert "beta: the source&#39;s stance is rejected, but the model ranks it 1st of 3" in page
    text, _ = report_markdown(brief, "files")
    assert "## The model against the source" in text
    assert "- **warning:** beta: the source's stance is rejected" in text


def test_no_verdict_section_when_the_model_agrees(brief: Brief, html: str) -> None:
    assert brief.verdict is not None
    assert brief.verdict.findings == ()
    assert brief.verdict.rules_checked
    assert brief.verdict.package_checked
    assert '<section id="verdict">' not in html


def test_the_scenarios_section_says_the_reference_and_red_lines(make_study: StudyFactory) -> None:
    """gamma the reference, red line gain >= 5: beta (gain 4) leads in base and in `slump`
    (alpha's gain 0), so every rule chooses it while it fails the red line in both."""
    study = TINY_STUDY.replace("unit: points\n", "unit: points\n    threshold: 5\n")
    folder = make_study(study=study.replace("defaults:", "reference: gamma\ndefaults:"))
    (folder / "scenarios").mkdir()
    (folder / "scenarios" / "slump.yaml").write_text(
        "name: Slump\nprobability: 0.5\nscores:\n  alpha: {gain: 0}\n", encoding="utf-8"
    )
    loaded = load_study(folder)
    brief = build_brief(loaded, resolve_weights(loaded), Settings(samples=1_000))
    text, _ = report_markdown(brief, "files")
    flat = " ".join(text.split())
    assert "gamma is the study's reference: doing nothing new; it counts as a possible" in flat
    assert "choose beta, which fails the red line on Gain (in base and slump)." in flat


def test_each_quote_shows_its_paragraph_when_the_source_is_read(
    make_study: StudyFactory, tmp_path: Path
) -> None:
    study_text = TINY_STUDY.replace(
        "    title: A source\n", "    title: A source\n    file: src.txt\n"
    )
    options = {
        key: text.replace('rationale: "big gain"}', 'rationale: "big gain", quote: "gains a lot"}')
        for key, text in TINY_OPTIONS.items()
    }
    folder = make_study(study=study_text, options=options)
    (tmp_path / "texts").mkdir()
    paragraphs = ["Title", "alpha quote. beta quote.", "It gains a lot.", "gamma quote."]
    (tmp_path / "texts" / "src.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    study = load_study(folder)
    brief = build_brief(
        study, resolve_weights(study), Settings(samples=1_000), [tmp_path / "texts"]
    )
    text, _ = report_markdown(brief, "r_files")
    appendix = text[text.index("## Appendix") :]
    where = {
        q: 1 + next(i for i, p in enumerate(paragraphs) if q in p)
        for q in ("alpha quote", "gains a lot", "gamma quote")
    }
    assert f"“alpha quote” (src, ¶ {where['alpha quote']})" in appendix
    assert f"“gamma quote” (src, ¶ {where['gamma quote']})" in appendix
    assert f"*“gains a lot”* (¶ {where['gains a lot']})" in appendix
    unread = build_brief(study, resolve_weights(study), Settings(samples=1_000))
    assert "¶" not in report_markdown(unread, "r_files")[0]
    assert f'<q>gains a lot</q> <span class="small">¶ {where["gains a lot"]}</span>' in report_html(
        brief
    )


def test_value_section_says_what_is_worth_finding_out(brief: Brief, html: str) -> None:
    from policy_options.render.report.text import value_lines

    assert brief.value is not None
    lines = value_lines(brief)
    assert lines[0].startswith("Knowing every uncertain input before choosing")
    assert len(lines) == 1 + min(5, len(brief.value.worth_finding))
    for line in lines:
        assert escape(line) in html
