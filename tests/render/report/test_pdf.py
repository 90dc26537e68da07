"""``policy report --output FILE.pdf``: the one-page brief is one page and leads with the
bottom line; the full report numbers its pages and names the study and its revision on
each; with neither WeasyPrint nor Chromium the error says which to install."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from policy_options.render.report import pdf
from tests.conftest import SHIPPED, run_cli


def _engine_or_skip() -> str:
    try:
        return pdf.engine()
    except Exception as exc:
        if os.environ.get("POLICY_REQUIRE_BROWSER"):
            raise
        pytest.skip(str(exc))


def _pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def brief_pdf(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    _engine_or_skip()
    out = tmp_path_factory.mktemp("pdf") / "brief.pdf"
    result = run_cli(
        "report", "--study", str(SHIPPED), "--brief", "--samples", "2000", "--output", str(out)
    )
    assert result.exit_code == 0, result.output
    return _pages(out)


@pytest.mark.slow
def test_the_brief_is_one_page_and_leads_with_the_bottom_line(brief_pdf: list[str]) -> None:
    from policy_options.core.brief import Settings, build_brief
    from policy_options.core.study.loading.load import load_study
    from policy_options.core.study.weights import resolve_weights
    from policy_options.render.report.bottom_line import words

    assert len(brief_pdf) == 1
    study = load_study(SHIPPED)
    said = words(build_brief(study, resolve_weights(study), Settings(samples=2000)))
    text = brief_pdf[0]

    def squash(words: str) -> str:  # line breaks in the PDF's text fall anywhere
        return re.sub(r"\s+", "", words)

    for sentence in (said.what, said.sure, said.change):
        assert squash(sentence) in squash(text), sentence
    assert text.index("We recommend") < text.index("The recommendation")
    assert "Page 1 of 1" in text
    assert study.title in text


@pytest.mark.slow
def test_the_full_report_numbers_its_pages(tmp_path: Path) -> None:
    _engine_or_skip()
    out = tmp_path / "report.pdf"
    result = run_cli("report", "--study", str(SHIPPED), "--samples", "2000", "--output", str(out))
    assert result.exit_code == 0, result.output
    pages = _pages(out)
    assert len(pages) > 5
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in text
        assert re.search(r"(rev [0-9a-f]{7,}|files [0-9a-f]{8})", text)
    assert "We recommend" in pages[0]


def test_without_an_engine_the_error_says_which_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real_import = pdf.importlib.import_module

    def no_weasyprint(name: str, *args: Any) -> Any:
        if name == "weasyprint":
            raise ImportError(name)
        return real_import(name, *args)

    monkeypatch.setattr(pdf.importlib, "import_module", no_weasyprint)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.delenv("CHROMIUM", raising=False)
    out = tmp_path / "b.pdf"
    result = run_cli("report", "--study", str(SHIPPED), "--brief", "--output", str(out))
    assert result.exit_code == 2
    assert "WeasyPrint" in result.output
    assert "chromium" in result.output.lower()
    assert not out.exists()


def test_brief_is_refused_for_markdown(tmp_path: Path) -> None:
    result = run_cli(
        "report", "--study", str(SHIPPED), "--brief", "--output", str(tmp_path / "b.md")
    )
    assert result.exit_code == 2
    assert "--brief" in result.output
