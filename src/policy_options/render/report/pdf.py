"""The report as PDF: the same HTML, printed by a maintained engine.

WeasyPrint (the optional ``pdf`` extra: ``pip install "policy-options[pdf]"``; it needs
Pango from the system) when it imports, else headless Chromium when one is on PATH
(``$CHROMIUM``, chromium, chromium-browser, google-chrome). Both embed the fonts (as
subsets) and lay the page out from the report's print CSS: A4, the study title and
revision bottom left and "Page N of M" bottom right (CSS ``@page`` margin boxes), no
table row split across pages.
"""

from __future__ import annotations

import importlib
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from policy_options.errors import UsageError

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def engine() -> str:
    """'weasyprint' or the path of a Chromium; a UsageError saying how to get one."""
    try:
        importlib.import_module("weasyprint")
    except (ImportError, OSError):  # OSError: the Python package without Pango
        pass
    else:
        return "weasyprint"
    given = os.environ.get("CHROMIUM")
    if given:
        return given
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise UsageError(
        "writing PDF needs WeasyPrint or a headless Chromium, and neither was found",
        hint='pip install "policy-options[pdf]" (WeasyPrint; on Debian also apt-get install'
        " libpango-1.0-0 libpangoft2-1.0-0), or install chromium; or write .html and print it",
    )


def pdf_bytes(html: str, using: str | None = None) -> bytes:
    """``html`` (a whole self-contained page) as a PDF."""
    chosen = using or engine()
    if chosen == "weasyprint":
        weasyprint = importlib.import_module("weasyprint")
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        return bytes(weasyprint.HTML(string=html).write_pdf())
    return _chromium(chosen, html)


def _chromium(binary: str, html: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        out = Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        try:
            subprocess.run(
                [
                    binary,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    f"--user-data-dir={Path(folder) / 'profile'}",
                    "--no-pdf-header-footer",
                    f"--print-to-pdf={out}",
                    page.as_uri(),
                ],
                capture_output=True,
                timeout=180,
                check=True,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise UsageError(f"Chromium ({binary}) could not print the PDF: {exc}") from None
        return out.read_bytes()
