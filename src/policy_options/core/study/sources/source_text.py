"""The text of a source file, for checking quotes against it.

A source in ``study.yaml`` may name its text with ``file:`` (relative to the study
folder; ``--sources DIR`` is searched as well). Plain text and Markdown are read as
they are; HTML through the standard library's HTML parser (scripts and styles dropped,
block elements become paragraph breaks); PDF through pypdf (the optional ``pdf``
extra, imported only for a PDF), page by page, so a quote's page is known.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from policy_options.core.study.sources.normalisation import Normalised, normalise
from policy_options.core.study.sources.paragraphs import FURNITURE, PULL_QUOTE, paragraph_kind

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED = sorted(TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES)
PDF_HINT = 'reading PDF needs pypdf: pip install "policy-options[pdf]"'


@dataclass(frozen=True)
class SourceText:
    """The text of a source file, with where its paragraphs (and PDF pages) start."""

    path: Path
    text: str
    page_starts: tuple[int, ...] = ()  # PDF: the offset of each page's first character
    normalised: Normalised = field(init=False, repr=False)
    paragraph_starts: tuple[int, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "normalised", normalise(self.text))
        starts = [m.end() for m in re.finditer(r"\n[ \t\r\f\v]*\n\s*", self.text)]
        first = len(self.text) - len(self.text.lstrip())
        object.__setattr__(self, "paragraph_starts", (first, *starts))

    def paragraph(self, offset: int) -> int:
        """The 1-based paragraph (blocks between blank lines) holding ``offset``."""
        return max(1, bisect.bisect_right(self.paragraph_starts, offset))

    @functools.cached_property
    def paragraph_kinds(self) -> tuple[str, ...]:
        """Each paragraph's kind (:mod:`.paragraphs`): body, caption, byline, heading, …

        A body paragraph followed by page furniture ("Share on Twitter") is a pull quote: a
        sentence of the text repeated in large type.
        """
        ends = (*self.paragraph_starts[1:], len(self.text))
        kinds = [
            paragraph_kind(self.text[start:end])
            for start, end in zip(self.paragraph_starts, ends, strict=True)
        ]
        for i in range(len(kinds) - 1):
            if kinds[i + 1] == FURNITURE and kinds[i] == "body":
                kinds[i] = PULL_QUOTE
        return tuple(kinds)

    def paragraph_kind(self, offset: int) -> str:
        """The kind of the paragraph holding ``offset``."""
        return self.paragraph_kinds[self.paragraph(offset) - 1]

    def page(self, offset: int) -> int | None:
        """The 1-based PDF page holding ``offset`` (None for other files)."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))


class _TextOfHtml(HTMLParser):
    """Visible text of an HTML page: scripts, styles and the like dropped, blocks split."""

    SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg"})
    BLOCKS = frozenset(
        {
            "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
            "table", "section", "article", "blockquote", "pre", "header", "footer", "main",
            "aside", "nav", "figure", "figcaption", "dd", "dt", "dl", "hr", "title", "body",
        }
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        lines = [" ".join(line.split()) for line in "".join(self.parts).split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def html_text(markup: str) -> str:
    """The visible text of an HTML document, one paragraph per block element."""
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    return parser.text()


class SourceFileError(Exception):
    """A source file that exists but cannot be read as text (``warning``: pypdf missing)."""

    def __init__(self, message: str, warning: bool = False) -> None:
        super().__init__(message)
        self.warning = warning


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceFileError(f"not valid UTF-8 text (byte {exc.start})") from None


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF (pypdf, imported here: an optional extra)."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:
        raise SourceFileError(PDF_HINT, warning=True) from None
    import logging

    # a damaged PDF's repairs are pypdf's log lines on stderr; what matters comes as an error
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(path)
        return [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, OSError) as exc:
        raise SourceFileError(f"cannot read the PDF: {exc}") from None


def read_source(path: Path) -> SourceText:
    """Extract the text of a source file; :class:`SourceFileError` when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES:
        raise SourceFileError(
            f"unsupported source file type '{suffix or path.name}' (use {', '.join(SUPPORTED)})"
        )
    if suffix in PDF_SUFFIXES:
        pages = pdf_pages(path)
        starts, offset = [], 0
        for page in pages:
            starts.append(offset)
            offset += len(page) + 2
        return SourceText(path, "\n\n".join(pages), tuple(starts))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceFileError(f"cannot read: {exc.strerror}") from None
    text = _decode(raw)
    if suffix in HTML_SUFFIXES:
        text = html_text(text)
    return SourceText(path, text)
