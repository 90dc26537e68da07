"""Quotes checked against the sources they cite: text extraction, normalisation, matching.

A source in ``study.yaml`` may name its text with ``file:`` (relative to the study
folder; ``--sources DIR`` is searched as well). Plain text and Markdown are read as
they are; HTML through the standard library's HTML parser (scripts and styles dropped,
block elements become paragraph breaks); PDF through pypdf (the optional ``pdf``
extra), page by page, so a quote's page is known.

Both the quote and the source text are normalised the same way before matching
(:func:`normalise`): Unicode NFKC, curly and straight quotes and apostrophes alike,
dashes alike, soft hyphens and zero-width characters removed, a hyphen at a line break
between two letters removed with the break, whitespace collapsed; case is kept. The
normalised text remembers, for every character, where it came from, so a match is
reported at its offset in the original text. A quote not found exactly is reported
with the closest passage (rapidfuzz's partial-ratio alignment, imported only then).

The checker works on a flat list of :class:`QuoteItem` (the quote, the source it
cites, where it is written, what cites it), so a new kind of quote is one more
producer in :func:`quote_items`.
"""

from __future__ import annotations

import bisect
import functools
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from policy_options.core.study.folder import STUDY_FILE, display_path
from policy_options.core.study.model import Source, Study
from policy_options.core.study.suggest import did_you_mean
from policy_options.core.study.yaml_document import YamlDocument
from policy_options.core.study.yamlfile import read_yaml
from policy_options.errors import Location, Problem, StudyError

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED = sorted(TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES)
PDF_HINT = 'reading PDF needs pypdf: pip install "policy-options[pdf]"'

_QUOTES = dict.fromkeys("‘’‚‛′`", "'") | dict.fromkeys("“”„‟«»", '"')
_DASHES = dict.fromkeys("‐‑‒–—―−⁃﹘﹣－", "-")
_DROPPED = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_LINE_BREAKS = frozenset("\n\r\v\f\u2028\u2029\x85")


# --- normalisation ------------------------------------------------------------------------


@dataclass(frozen=True)
class Normalised:
    """A normalised text and, per character, the span of the original it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of normalised ``text[start:end]`` (``end > start``)."""
        return self.starts[start], self.ends[end - 1]


def _units(text: str) -> Iterable[tuple[str, int, int]]:
    """(NFKC form, start, end) of each base character with its combining marks."""
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        yield unicodedata.normalize("NFKC", text[i:j]), i, j
        i = j


def normalise(text: str) -> Normalised:
    """Normalise ``text`` for matching (see the module docstring), keeping original offsets."""
    chars: list[tuple[str, int, int]] = []
    for form, start, end in _units(text):
        for ch in form:
            if ch in _DROPPED:
                continue
            chars.append((_QUOTES.get(ch) or _DASHES.get(ch) or ch, start, end))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(chars)
    while i < n:
        ch, start, end = chars[i]
        if ch == "-" and out and out[-1].isalpha():
            j, broke = i + 1, False
            while j < n and chars[j][0].isspace():
                broke = broke or chars[j][0] in _LINE_BREAKS
                j += 1
            if broke and j < n and chars[j][0].isalpha() and chars[j][0].islower():
                i = j  # "secu-\nrity" -> "security"
                continue
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                starts.append(start)
                ends.append(end)
            i += 1
            continue
        out.append(ch)
        starts.append(start)
        ends.append(end)
        i += 1
    if out and out[-1] == " ":
        out.pop()
        starts.pop()
        ends.pop()
    return Normalised("".join(out), tuple(starts), tuple(ends))


# --- text extraction ------------------------------------------------------------------------


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


# --- what cites what ------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteItem:
    """One quote to check: its text, the source id it cites, where it is written, who cites it.

    ``file`` and ``keys`` say where the quote is written; :attr:`location` turns them into
    line and column by reading the file again, only when a location is shown (checking
    thousands of quotes against a source needs none).
    """

    quote: str
    ref: str | None  # None: nothing names a source for it
    file: str
    keys: tuple[str | int, ...]
    option: str | None = None  # the citing option (None for study-level quotes)
    criterion: str | None = None  # the score's criterion (None for the option's own quote)
    kind: str = "option"  # option | score | scenario | interaction ...

    @property
    def location(self) -> Location:
        return _locate(self.file, self.keys)

    @property
    def cited_by(self) -> str:
        """'fms-air-defense', 'fms-air-defense / deterrence', 'scenario x'."""
        parts = [p for p in (self.option, self.criterion) if p]
        return " / ".join(parts) if parts else self.kind


def quote_items(study: Study) -> list[QuoteItem]:
    """Every quote of the study, located in its YAML file, in file order: options, then
    interactions, then scenarios.

    An option's scores (and its ``link_quote``) cite the option's source, a scenario's
    overrides the scenario's; with no ``source:`` they cite the study's only source when it
    declares exactly one, as interactions always do.
    """
    only = next(iter(study.spec.sources)) if len(study.spec.sources) == 1 else None
    items: list[QuoteItem] = []
    for option in study.options.values():
        source = option.spec.source
        ref = source.ref if source is not None else only
        if source is not None and (source.quote or "").strip():
            where: tuple[str, tuple[str | int, ...]] = (option.file, ("source", "quote"))
            items.append(QuoteItem(source.quote or "", ref, *where, option.id, None, "option"))
        for key, score in option.spec.scores.items():
            if (score.quote or "").strip():
                where = (option.file, ("scores", key, "quote"))
                items.append(QuoteItem(score.quote or "", ref, *where, option.id, key, "score"))
        if (option.spec.link_quote or "").strip():  # why it requires or excludes what it does
            where = (option.file, ("link_quote",))
            items.append(
                QuoteItem(option.spec.link_quote or "", ref, *where, option.id, None, "link")
            )
    if study.interactions_file is not None:  # portfolio interactions cite the only source
        for i, interaction in enumerate(study.interactions):
            if (interaction.quote or "").strip():
                where = (study.interactions_file, (i, "quote"))
                label = f"interaction {' + '.join(interaction.options)}"
                items.append(
                    QuoteItem(interaction.quote or "", only, *where, label, None, "interaction")
                )
    for scenario in study.scenarios.values():
        cited = scenario.spec.source
        ref = cited.ref if cited is not None else only
        label = f"scenario {scenario.id}"
        if cited is not None and (cited.quote or "").strip():
            where = (scenario.file, ("source", "quote"))
            items.append(QuoteItem(cited.quote or "", ref, *where, label, None, "scenario"))
        for option_id, overrides in scenario.spec.scores.items():
            for key, score in overrides.items():
                if (score.quote or "").strip():
                    where = (scenario.file, ("scores", option_id, key, "quote"))
                    items.append(
                        QuoteItem(
                            score.quote or "", ref, *where, f"{label}: {option_id}", key, "scenario"
                        )
                    )
    return items


def _locate(file: str, keys: tuple[str | int, ...]) -> Location:
    """Line and column of the value at ``keys`` in the YAML ``file`` (shown as given)."""
    try:
        stat = os.stat(file)
    except OSError:  # pragma: no cover - the study loaded a moment ago
        return Location(file)
    doc = _document(os.path.abspath(file), stat.st_mtime_ns, stat.st_size, file)
    return doc.locate(keys) if doc is not None else Location(file)


@functools.lru_cache(maxsize=8)
def _document(path: str, mtime_ns: int, size: int, display: str) -> YamlDocument | None:
    """A parsed YAML file, kept while it is unchanged (quotes are located file by file)."""
    try:
        return read_yaml(Path(path), display)
    except StudyError:  # pragma: no cover - the study loaded a moment ago
        return None


# --- checking --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """Where a quote was found (``found``) or what comes closest (``found`` False)."""

    found: bool
    offset: int  # character offset of the passage in the extracted text
    end: int
    paragraph: int
    page: int | None
    passage: str  # the passage of the original text (whitespace collapsed)
    similarity: float  # 100 when found


@dataclass(frozen=True)
class CheckedQuote:
    item: QuoteItem
    match: Match | None  # None: not checked (no file, file missing, undeclared source)


@dataclass(frozen=True)
class SourceStatus:
    """One declared source: its file (declared, found where) and how its quotes fared."""

    id: str
    source: Source
    declared_file: str | None
    path: Path | None  # where the file was found (None: no file, or not found)
    problem: str | None  # why the text is not available, when it is not
    quotes: tuple[CheckedQuote, ...]

    @property
    def checked(self) -> bool:
        return self.path is not None and self.problem is None

    @property
    def found(self) -> int:
        return sum(1 for q in self.quotes if q.match is not None and q.match.found)

    @property
    def all_found(self) -> bool | None:
        """True/False once checked; None when the quotes could not be checked."""
        return self.found == len(self.quotes) if self.checked else None


@dataclass(frozen=True)
class Provenance:
    """Every source's status and every quote's verdict, plus the problems for ``validate``."""

    study: Study
    sources: tuple[SourceStatus, ...]
    orphans: tuple[CheckedQuote, ...]  # quotes citing no declared source
    problems: tuple[Problem, ...]
    search: tuple[str, ...] = ()  # the extra folders searched (--sources)

    def status(self, source_id: str) -> SourceStatus:
        for status in self.sources:
            if status.id == source_id:
                return status
        raise KeyError(source_id)

    def quote(self, option: str, criterion: str | None = None) -> CheckedQuote | None:
        """The verdict on an option's own quote (``criterion`` None) or one score's quote."""
        for status in self.sources:
            for checked in status.quotes:
                if checked.item.option == option and checked.item.criterion == criterion:
                    return checked
        return None


def resolve_file(study: Study, declared: str, search: Sequence[Path] = ()) -> Path | None:
    """The source file: relative to the study folder, else in each ``search`` folder."""
    relative = Path(declared)
    candidates = [relative if relative.is_absolute() else study.path / relative]
    for folder in search:
        candidates += [folder / relative, folder / relative.name]
    return next((path for path in candidates if path.is_file()), None)


def find_quote(text: SourceText, quote: str) -> Match:
    """Find ``quote`` in the source (exact after normalisation), else the closest passage."""
    needle = normalise(quote).text
    hay = text.normalised
    index = hay.text.find(needle) if needle else -1
    if index >= 0:
        start, end = hay.span(index, index + len(needle))
        return _match(text, True, start, end, 100.0)
    from rapidfuzz import fuzz  # only when a quote is not found

    if not hay.text or not needle:
        return Match(False, 0, 0, 1, text.page(0), "", 0.0)
    aligned = fuzz.partial_ratio_alignment(needle, hay.text)
    if aligned is None or aligned.dest_end <= aligned.dest_start:
        return Match(False, 0, 0, 1, text.page(0), "", 0.0)
    first, last, similarity = closest_span(needle, hay.text, aligned.dest_start, aligned.dest_end)
    start, end = hay.span(first, last)
    return _match(text, False, start, end, similarity)


def closest_span(needle: str, hay: str, start: int, end: int) -> tuple[int, int, float]:
    """Refine a partial-ratio window to the whole-word passage most like ``needle``.

    The window rapidfuzz aligns is as long as the quote; a quote that lost or gained
    words is best compared with a passage a little shorter or longer. Every span
    starting and ending at word boundaries within a quarter of the quote's length of
    the window is scored with ``fuzz.ratio`` and the best is kept, with its similarity.
    """
    from rapidfuzz import fuzz

    reach = max(12, len(needle) // 4)
    low, high = max(0, start - reach), min(len(hay), end + reach)
    word_start, word_end = start, end
    while word_start > 0 and hay[word_start - 1] != " ":
        word_start -= 1
    while word_end < len(hay) and hay[word_end] != " ":
        word_end += 1
    starts = {i for i in range(low, min(end, start + reach) + 1) if i == 0 or hay[i - 1] == " "}
    ends = {i for i in range(max(start, end - reach), high + 1) if i == len(hay) or hay[i] == " "}
    best = (-1.0, word_start, word_end)
    for s in sorted(starts | {word_start}):
        for e in sorted(ends | {word_end}):
            if e > s:
                score = fuzz.ratio(needle, hay[s:e], score_cutoff=best[0])
                if score > best[0]:
                    best = (score, s, e)
    score, first, last = best
    return first, last, float(score)


def _match(text: SourceText, found: bool, start: int, end: int, similarity: float) -> Match:
    passage = " ".join(text.text[start:end].split())
    return Match(found, start, end, text.paragraph(start), text.page(start), passage, similarity)


def _excerpt(passage: str, limit: int = 160) -> str:
    if len(passage) <= limit:
        return passage
    half = (limit - 1) // 2
    return passage[:half].rstrip() + "…" + passage[-half:].lstrip()


def not_found_message(item: QuoteItem, match: Match, source_text: SourceText) -> str:
    """'quote not found in rand-2024 (closest, 93% alike: "…passage…")'."""
    if not match.passage:
        return f"quote not found in {item.ref} (its text is empty)"
    lead = "…" if match.offset > 0 else ""
    tail = "…" if match.end < len(source_text.text.rstrip()) else ""
    return (
        f"quote not found in {item.ref} (closest, {match.similarity:.0f}% alike:"
        f' "{lead}{_excerpt(match.passage)}{tail}")'
    )


def check(
    study: Study,
    search: Sequence[Path] = (),
    items: Sequence[QuoteItem] | None = None,
) -> Provenance:
    """Check every quote (``items``, default :func:`quote_items`) against its source's text."""
    found_items = list(items) if items is not None else quote_items(study)
    sources = study.spec.sources
    study_file = display_path(study.path / STUDY_FILE)
    problems: list[Problem] = []
    by_source: dict[str, list[QuoteItem]] = {key: [] for key in sources}
    orphans: list[CheckedQuote] = []
    for item in found_items:
        if item.ref is None:
            problems.append(
                Problem(
                    "quote names no source (give the option a source: {ref: ...})",
                    item.location,
                )
            )
            orphans.append(CheckedQuote(item, None))
        elif item.ref not in sources:
            problems.append(
                Problem(
                    f"quote cites undeclared source '{item.ref}'{did_you_mean(item.ref, sources)}",
                    item.location,
                )
            )
            orphans.append(CheckedQuote(item, None))
        else:
            by_source[item.ref].append(item)
    statuses: list[SourceStatus] = []
    for key, source in sources.items():
        cited = by_source[key]
        if items is not None and not cited:  # asked of some quotes only: not read
            statuses.append(SourceStatus(key, source, source.file, None, "not cited", ()))
            continue
        where = _locate(study_file, ("sources", key, "file"))
        count = f"{len(cited)} quote{'' if len(cited) == 1 else 's'}"
        path: Path | None = None
        reason: str | None = None
        text: SourceText | None = None
        if source.file is None:
            reason = "no file"
            if cited:
                problems.append(
                    Problem(
                        f"source '{key}' has no file: its {count} were not checked",
                        _locate(study_file, ("sources", key)),
                        "warning",
                    )
                )
        else:
            path = resolve_file(study, source.file, search)
            if path is None:
                reason = "file not found"
                looked = ", ".join([display_path(study.path), *(display_path(p) for p in search)])
                hint = f" (looked in {looked})" if search else " (--sources DIR looks elsewhere)"
                problems.append(
                    Problem(
                        f"source '{key}': file {source.file} not found: its {count} were not"
                        f" checked{hint}",
                        where,
                        "warning",
                    )
                )
            else:
                try:
                    text = read_source(path)
                except SourceFileError as exc:
                    reason = str(exc)
                    severity = "warning" if exc.warning else "error"
                    suffix = f": its {count} were not checked" if exc.warning else ""
                    problems.append(
                        Problem(f"source '{key}' ({source.file}): {exc}{suffix}", where, severity)
                    )
        checked: list[CheckedQuote] = []
        for item in cited:
            if text is None:
                checked.append(CheckedQuote(item, None))
                continue
            match = find_quote(text, item.quote)
            checked.append(CheckedQuote(item, match))
            if not match.found:
                problems.append(Problem(not_found_message(item, match, text), item.location))
        statuses.append(SourceStatus(key, source, source.file, path, reason, tuple(checked)))
    return Provenance(
        study,
        tuple(statuses),
        tuple(orphans),
        tuple(problems),
        tuple(display_path(p) for p in search),
    )


def where(match: Match | None) -> str:
    """'¶ 12, offset 3456', 'p. 3, offset 120', 'not found', 'not checked'."""
    if match is None:
        return "not checked"
    if not match.found:
        return "not found"
    place = f"p. {match.page}" if match.page is not None else f"¶ {match.paragraph}"
    return f"{place}, offset {match.offset}"
