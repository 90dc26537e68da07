"""Charts: every kind in SVG, PNG and PDF for the shipped study and a study of 40 options;
structure checked (no golden images), the numbers drawn cross-checked with the results,
byte-identical reruns. Every kind in PNG and PDF, and the PDF rerun, are marked slow
(``python -m pytest -m slow``); by default the ranking chart in PNG stands for them."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from policy_options.core.brief import Settings
from policy_options.core.study.files.model import Study
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from policy_options.render.charts import KINDS, chart_bytes
from policy_options.render.charts.acceptability import cell_text
from policy_options.render.charts.base import PALETTE, criterion_colour
from tests.conftest import SHIPPED, TINY_OPTIONS, TINY_STUDY, StudyFactory, write_study

SVG = "{http://www.w3.org/2000/svg}"
FAST = Settings(samples=2_000)  # enough to draw; the numbers are checked elsewhere


def many_options(folder: Path, n: int = 40) -> Path:
    """A generated study of ``n`` options on the tiny study's two criteria, most with ranges,
    and two scenarios that change a third of the gains each."""
    options = {}
    for i in range(n):
        gain = (i * 7) % 11
        delay = (i * 13) % 21
        low, high = max(0, gain - 1), min(10, gain + 1)
        options[f"option-{i:02d}"] = (
            f"title: Generated option {i}\n"
            "scores:\n"
            f"  gain: {{value: {gain}, range: [{low}, {high}], rationale: r}}\n"
            f"  delay: {{value: {delay}, rationale: r}}\n"
        )
    folder = write_study(folder, options=options)
    (folder / "scenarios").mkdir()
    for k in range(2):
        overrides = "".join(
            f"  option-{i:02d}:\n    gain: {{value: {(i * 3 + k) % 11}, rationale: r}}\n"
            for i in range(k, n, 3)
        )
        (folder / "scenarios" / f"future-{k}.yaml").write_text(
            f"name: Future {k}\nscores:\n{overrides}", encoding="utf-8"
        )
    return folder


def texts(svg: bytes) -> list[str]:
    """Every text of an SVG chart (it must parse as XML)."""
    root = ET.fromstring(svg)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def result_of(
    study: Study, kind: str, settings: Settings = FAST, weights: str | None = None
) -> Any:
    return KINDS[kind].compute(study, resolve_weights(study, weights), settings)


@pytest.fixture(scope="module")
def shipped() -> Study:
    return load_study(SHIPPED)


@pytest.fixture(scope="module")
def forty(tmp_path_factory: pytest.TempPathFactory) -> Study:
    return load_study(many_options(tmp_path_factory.mktemp("forty") / "study"))


Drawn = Callable[[str, str], tuple[Any, bytes]]


@pytest.fixture(scope="module")
def drawn(shipped: Study, forty: Study) -> Drawn:
    """``drawn(study, kind)``: the chart's result (FAST, the default weights) and its SVG,
    computed once per module, as several tests read the same chart and none changes it."""
    studies = {"shipped": shipped, "forty": forty}
    cache: dict[tuple[str, str], tuple[Any, bytes]] = {}

    def draw(study_name: str, kind: str) -> tuple[Any, bytes]:
        if (study_name, kind) not in cache:
            result = result_of(studies[study_name], kind)
            cache[study_name, kind] = result, chart_bytes(kind, result, "svg")
        return cache[study_name, kind]

    return draw


def labelled(kind: str, study: Study, result: Any) -> set[str]:
    """The option ids a chart must name: all of them, or the tornado's bars and leader."""
    if kind == "tornado":
        return {bar.option for bar in result.bars[:15]}
    if kind == "stability":
        return {result.top}
    if kind == "frontier":  # packages, not options: the report's table names them
        return set()
    if kind == "value":  # the inputs worth most: their options, by title
        return {
            item.option for item in result.inputs[:15] if item.option and item.kind != "criterion"
        }
    return set(study.options)


EVERY_KIND = pytest.mark.parametrize(
    ("study_name", "kind"),
    [("shipped", kind) for kind in KINDS]
    # the generated study declares no resources: no frontier (refused, tested below)
    + [("forty", kind) for kind in KINDS if kind != "frontier"],
)


@EVERY_KIND
def test_every_kind_as_svg(
    request: pytest.FixtureRequest, drawn: Drawn, study_name: str, kind: str
) -> None:
    study = request.getfixturevalue(study_name)
    result, svg = drawn(study_name, kind)
    words = " ".join(" ".join(texts(svg)).split())  # wrapped labels joined again
    names = " ".join(
        [option.title for option in study.options.values()]
        + [criterion.name for criterion in study.all_criteria.values()]
        + [study.title]
    )
    for option in labelled(kind, study, result):
        assert " ".join(study.options[option].title.split()) in words, (kind, option)
    for key in [*study.options, *study.all_criteria]:  # names on the chart, never ids
        if key.lower() not in names.lower():
            assert key not in words, (kind, key)
    assert study.title in words  # the title names the study ...
    if kind != "profiles":  # ... the profile, and the method
        assert "profile: " in words
    assert "method: additive" in words


@pytest.mark.slow  # about a second a chart: the ranking chart's PNG runs by default below
@EVERY_KIND
def test_every_kind_as_png_and_pdf(
    request: pytest.FixtureRequest, study_name: str, kind: str
) -> None:
    study = request.getfixturevalue(study_name)
    result = result_of(study, kind)
    png = chart_bytes(kind, result, "png", height=4.0, dpi=30)
    from matplotlib.image import imread

    pixels = imread(io.BytesIO(png))
    assert pixels.shape[:2] == (120, 210)  # height x width: inches x dpi
    assert pixels.std() > 0.05  # not blank
    pdf = chart_bytes(kind, result, "pdf")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) == pytest.approx(7.0 * 72)


@pytest.mark.parametrize(
    "fmt",
    # PDF is the slowest to draw, twice here: tests/cli/test_chart.py draws one by default
    ["svg", "png", pytest.param("pdf", marks=pytest.mark.slow)],
)
def test_reruns_are_byte_identical(shipped: Study, fmt: str) -> None:
    result = result_of(shipped, "ranking")
    first = chart_bytes("ranking", result, fmt, dpi=50)
    assert chart_bytes("ranking", result, fmt, dpi=50) == first
    if fmt == "svg":
        assert b"<dc:date>" not in first
    if fmt == "pdf":
        assert b"/CreationDate" not in first


def test_the_heat_map_prints_the_acceptabilities(drawn: Drawn) -> None:
    result, svg = drawn("shipped", "acceptability")
    words = texts(svg)
    n = len(result.options)
    cells = [cell_text(p, n) for row in result.options for p in row.acceptability]
    expected = [text for text in cells if text]
    assert [cell_text(p) for p in (0.244, 0.0051, 1.0, 0.0, 0.005, 0.0001, 0.9996)] == [
        "24", "1", "100", "", "<1", "<1", ">99"
    ]  # fmt: skip
    assert cell_text(0.004, 40) == ""
    # the cells are drawn row by row (options in base-ranking order), rank by rank
    starts = [i for i in range(len(words)) if words[i : i + len(expected)] == expected]
    assert len(starts) == 1


def test_the_ranking_marks_threshold_failures(make_study: StudyFactory) -> None:
    study = load_study(
        make_study(
            study=TINY_STUDY.replace("    unit: points\n", "    unit: points\n    threshold: 3\n")
        )
    )
    result = result_of(study, "ranking")
    assert result.row("gamma").fails == ("gain",)
    words = texts(chart_bytes("ranking", result, "svg"))
    assert any(f"fails threshold: {study.criteria['gain'].name}" in w for w in words)
    assert sum("fails threshold" in w for w in words) == 1


def test_one_colour_per_criterion_in_every_chart(shipped: Study, drawn: Drawn) -> None:
    # every criterion of study.yaml, the modifiers too: a modifier's range is a tornado bar
    colours = [criterion_colour(shipped, key)[0] for key in shipped.all_criteria]
    assert len(set(colours)) == len(colours) == 8
    assert set(colours) <= set(PALETTE)
    stability_colour = criterion_colour(shipped, "stability")[0].lower()
    for kind in ("ranking", "stability", "tornado"):
        svg = drawn("shipped", kind)[1].decode().lower()
        assert f"fill: {stability_colour}" in svg, kind


def test_a_modifier_s_range_is_a_tornado_bar_in_its_own_colour(
    shipped: Study, drawn: Drawn
) -> None:
    """Regression: a modifier criterion (feasibility) in the tornado crashed the chart, as
    the colours were looked up among the weighted criteria only."""
    result, svg = drawn("shipped", "tornado")
    modifiers = {bar.criterion for bar in result.bars[:15]} & set(shipped.modifiers)
    assert modifiers, "the shipped tornado shows a modifier's range"
    for key in modifiers:
        assert f"fill: {criterion_colour(shipped, key)[0].lower()}" in svg.decode().lower()


def test_promethee_bars_start_at_fifty(shipped: Study) -> None:
    result = result_of(shipped, "ranking", Settings(method="promethee"))
    words = " ".join(texts(chart_bytes("ranking", result, "svg")))
    assert "50 + half the net flow" in words
    assert "method: promethee" in words


def test_methods_whose_contributions_do_not_add_up_draw_the_score(shipped: Study) -> None:
    result = result_of(shipped, "ranking", Settings(method="topsis"))
    words = " ".join(texts(chart_bytes("ranking", result, "svg")))
    assert "contributions under topsis do not add up" in words


def test_weakest_link_has_no_stability_chart(shipped: Study) -> None:
    from policy_options.errors import UsageError

    result = result_of(shipped, "stability", Settings(method="weakest-link"))
    with pytest.raises(UsageError, match="weakest-link has none"):
        chart_bytes("stability", result, "svg")


def test_no_ranges_no_tornado(make_study: StudyFactory) -> None:
    from policy_options.errors import UsageError

    options = {
        key: text.replace("range: [6, 9], ", "").replace("range: [0, 5], ", "")
        for key, text in TINY_OPTIONS.items()
    }
    study = load_study(make_study(options=options))
    with pytest.raises(UsageError, match="no score has a range"):
        chart_bytes("tornado", result_of(study, "tornado"), "svg")


def test_a_dollar_is_not_mathtext(make_study: StudyFactory) -> None:
    study = load_study(make_study(study=TINY_STUDY.replace("Tiny study", "Costs $5 and $6")))
    words = texts(chart_bytes("ranking", result_of(study, "ranking"), "svg"))
    assert "Costs $5 and $6" in words


def test_stability_labels_never_overlap() -> None:
    from policy_options.render.charts.stability import label_places

    def width(text: str) -> float:
        return len(text)  # one percent per character

    # both fit outside the interval
    assert label_places(30, 60, "a" * 10, "b" * 10, width) == [
        (30, "right", "a" * 10), (60, "left", "b" * 10)
    ]  # fmt: skip
    # a short interval near 0: one shared label, right of it
    assert label_places(5, 12, "a" * 10, "b" * 10, width) == [
        (12, "left", "a" * 10 + " · " + "b" * 10)
    ]  # fmt: skip
    # only one taker: it goes inside when it does not fit outside
    assert label_places(5, 100, "a" * 10, None, width) == [(5, "left", "a" * 10)]
    assert label_places(0, 95, None, "b" * 10, width) == [(95, "right", "b" * 10)]
    # nothing fits beside it: from 0%
    assert label_places(40, 60, "a" * 45, "b" * 45, width) == [
        (0.0, "left", "a" * 45 + " · " + "b" * 45)
    ]  # fmt: skip


def test_the_scenarios_chart_needs_the_base_study_and_scenarios(shipped: Study, tiny: Path) -> None:
    from policy_options.core.study.scenarios import apply_scenario
    from policy_options.errors import UsageError

    future = apply_scenario(shipped, "russia-returns")
    with pytest.raises(UsageError, match="without --scenario"):
        result_of(future, "scenarios")
    with pytest.raises(UsageError, match="has no scenarios"):
        result_of(load_study(tiny), "scenarios")


def test_the_scenarios_chart_names_every_future(shipped: Study, drawn: Drawn) -> None:
    result, svg = drawn("shipped", "scenarios")
    words = " ".join(" ".join(texts(svg)).split())
    for future in ["base study", *(c.name for c in result.scenarios[1:])]:
        assert " ".join(future.split()) in words
    choice = "; ".join(shipped.options[key].title for key in result.minimax_regret)
    assert f"bold: {choice}, the minimax-regret choice" in words


def test_the_frontier_chart_draws_the_portfolio_frontier(
    shipped: Study, drawn: Drawn, tiny: Path
) -> None:
    from policy_options.core.portfolio.analysis import portfolio
    from policy_options.errors import UsageError

    result, svg = drawn("shipped", "frontier")
    independent = portfolio(shipped, resolve_weights(shipped), samples=0)
    assert result.frontier == independent.frontier
    words = " ".join(texts(svg))
    best = independent.best
    assert (
        f"best within the budget: {len(best.options)} options, {best.value * 100:.1f} points"
        in words
    )
    assert f"budget {independent.budget['funding']:g}" in words
    with pytest.raises(UsageError, match="declares no resources"):
        result_of(load_study(tiny), "frontier")
