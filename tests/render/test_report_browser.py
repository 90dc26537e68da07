"""The HTML brief in a real browser: headless Chromium prints it to PDF, takes a screenshot
and dumps the DOM. Skipped, saying why, only when no Chromium binary can be found;
``.ci/run`` installs Debian's ``chromium`` and sets POLICY_REQUIRE_BROWSER=1, so there
a missing browser fails instead of skipping. Marked slow: ``.ci/run`` runs it with
``python -m pytest -m slow``; the default ``python -m pytest`` leaves it out."""

from __future__ import annotations

import html as html_module
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest

from policy_options.core.brief import Brief, Settings, build_brief
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from policy_options.render.report import report_html, sections
from tests.conftest import SHIPPED

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def find_chromium() -> str | None:
    """$CHROMIUM, else the first Chromium or Chrome on PATH."""
    given = os.environ.get("CHROMIUM")
    if given:
        return given
    return next((path for name in NAMES if (path := shutil.which(name))), None)


CHROMIUM = find_chromium()
if CHROMIUM is None and os.environ.get("POLICY_REQUIRE_BROWSER"):
    raise RuntimeError("POLICY_REQUIRE_BROWSER is set but no Chromium binary was found")
NO_CHROMIUM = (
    "no Chromium binary found (looked for $CHROMIUM and " + ", ".join(NAMES) + " on PATH);"
    " install Debian's chromium to run the browser test"
)
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM),
    pytest.mark.slow,  # a browser starts per test: seconds each; `python -m pytest -m slow`
]

# Reports what the page looks like once laid out, into the DOM that --dump-dom prints:
# only in the probe copy, never in the report itself (which has no script).
PROBE = """<script>
for (const el of document.querySelectorAll("svg, img")) {
  const box = el.getBoundingClientRect();
  el.setAttribute("data-probe-size", `${Math.round(box.width)}x${Math.round(box.height)}`);
}
const out = document.createElement("pre");
out.id = "probe-text";
out.textContent = document.body.innerText;
document.body.appendChild(out);
</script>"""


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing could be fetched anyway
                f"--user-data-dir={profile}",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )


@pytest.fixture(scope="module")
def brief() -> Brief:
    study = load_study(SHIPPED)
    return build_brief(study, resolve_weights(study), Settings(samples=5_000))


@pytest.fixture(scope="module")
def page(brief: Brief, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "brief.html"
    path.write_text(report_html(brief), encoding="utf-8")
    return path


def test_the_page_is_not_blank(page: Path) -> None:
    from matplotlib.image import imread

    shot = page.with_name("shot.png")
    chromium("--window-size=1000,1400", "--hide-scrollbars", f"--screenshot={shot}", page.as_uri())
    pixels = imread(str(shot))
    assert pixels.shape[:2] == (1400, 1000)
    assert pixels[..., :3].std() > 0.1  # a blank page has no variance at all
    # the top of the page shows the ranking chart's colours, not only black on white
    assert (pixels[..., :3].max(axis=2) - pixels[..., :3].min(axis=2)).max() > 0.3


def test_every_option_and_chart_is_rendered(brief: Brief, page: Path) -> None:
    probe = page.with_name("probe.html")
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8"
    )
    dom = chromium("--window-size=1000,1400", "--dump-dom", probe.as_uri()).stdout
    text = html_module.unescape(re.search(r'<pre id="probe-text">(.*?)</pre>', dom, re.S)[1])  # type: ignore[index]
    for option in brief.study.options:
        assert option in text, option
    for section in sections(brief):  # the ones that apply (the verdict: with findings)
        assert section.title in text
    sizes = re.findall(r'<(svg|img)\b[^>]*data-probe-size="(\d+)x(\d+)"', dom)
    charts = len([kind for kind, result in brief.results().items() if result is not None])
    assert len(sizes) == charts  # every chart the brief has, inline
    for tag, width, height in sizes:
        assert int(width) > 300, (tag, width, height)
        assert int(height) > 150, (tag, width, height)
    assert "http" not in page.read_text(encoding="utf-8")


def test_it_prints_to_pdf_page_by_section(brief: Brief, page: Path) -> None:
    from pypdf import PdfReader

    pdf = page.with_name("brief.pdf")
    chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    # NFKC: the PDF's text has the font's ligatures ("ﬁnding"), the titles do not
    pages = [unicodedata.normalize("NFKC", p.extract_text() or "") for p in PdfReader(pdf).pages]
    # each page's footer (its number, the study and revision) comes first in the text
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in text
    pages = [re.sub(r"\APage \d+ of \d+[^\n]*\n", "", text) for text in pages]
    assert all(text.strip() for text in pages)  # no blank page from a bad break
    starts = []
    applying = sections(brief)
    for section in applying:  # each section opens a page: its title leads it
        found = [i for i, text in enumerate(pages) if text.lstrip().startswith(section.title)]
        if section is applying[0]:  # the first follows the document's title on page 1
            found = [i for i, text in enumerate(pages) if section.title in text]
        assert found, section.title
        starts.append(found[0])
    assert starts[0] == 0
    assert starts == sorted(starts)
    assert len(set(starts)) == len(starts)
    # the appendix opens a page and then needs one page or so per option: a bound, not a guess
    options = len(brief.study.options)
    assert len(applying) + options // 2 <= len(pages) <= len(applying) + 2 * options
    # no chart is cut: each chart's caption and its axis label print on the same page
    for caption, axis in (
        ("Scores and what makes them", "score (0–100)"),
        ("How far each weight can move", "weight of the criterion"),
        ("Which uncertain scores matter", "over the runner-up"),
    ):
        [where] = [i for i, text in enumerate(pages) if caption in text]
        assert axis in pages[where], caption
