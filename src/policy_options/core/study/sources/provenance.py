"""Quotes checked against the sources they cite: :func:`check` reads each cited source's
text and finds each quote in it, for ``policy sources``, ``validate`` and ``explain``.

The parts: what cites what (citations.py), a source's text (source_text.py), text
normalised for matching (normalisation.py), a quote found or its closest passage
(quote_match.py).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from policy_options.core.study.files.model import Source, Study
from policy_options.core.study.loading.folder import STUDY_FILE, display_path
from policy_options.core.study.sources.citations import QuoteItem, locate_value, quote_items
from policy_options.core.study.sources.paragraphs import NOT_TEXT, describe
from policy_options.core.study.sources.quote_match import Match, find_quote, not_found_message
from policy_options.core.study.sources.rationale_terms import rationale_problems
from policy_options.core.study.sources.source_text import SourceFileError, SourceText, read_source
from policy_options.core.study.suggest import did_you_mean
from policy_options.errors import Problem


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
    text: SourceText | None = field(default=None, repr=False, compare=False)

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


REFUSED = "refused"
"""The start of a status's problem when its file was refused (outside, too long): not read."""
MAX_NAME_BYTES = 255
"""The longest file name (one path component) a file system takes."""
MAX_PATH_BYTES = 4096


def resolve_file(study: Study, declared: str, search: Sequence[Path] = ()) -> Path | None:
    """The source file: relative to the study folder, else in each ``search`` folder.

    Only a file inside the study folder or a ``search`` folder (symbolic links resolved)
    is ever opened: an absolute path, a ``..`` that climbs out, a link pointing out, or a
    name too long for any file system raise :class:`SourceFileError`, read nothing (a
    study checked in CI must not print pieces of the machine's other files).
    """
    encoded = os.fsencode(declared)
    if len(encoded) > MAX_PATH_BYTES or any(
        len(part) > MAX_NAME_BYTES for part in encoded.split(b"/")
    ):
        raise SourceFileError(
            f"file name too long (over {MAX_NAME_BYTES} bytes in a part or"
            f" {MAX_PATH_BYTES} in all); refused"
        )
    relative = Path(declared)
    if relative.is_absolute():
        raise SourceFileError(
            f"{declared} is an absolute path: a source file is given relative to the study"
            " folder (or found in a --sources folder); refused, not read"
        )
    candidates = [(study.path, study.path / relative)]
    for folder in search:
        candidates += [(folder, folder / relative), (folder, folder / relative.name)]
    outside: Path | None = None
    for root, path in candidates:
        if not os.path.isfile(path):  # False, not an error, for any OSError
            continue
        if _inside(path, root):
            return path
        outside = outside or path
    if outside is not None:
        raise SourceFileError(
            f"{display_path(outside)} lies outside the study folder and the --sources folders;"
            " refused, not read"
        )
    return None


def _inside(path: Path, root: Path) -> bool:
    real_root = os.path.realpath(root)
    return os.path.commonpath([real_root, os.path.realpath(path)]) == real_root


def check(
    study: Study,
    search: Sequence[Path] = (),
    items: Sequence[QuoteItem] | None = None,
) -> Provenance:
    """Check every quote (``items``, default :func:`quote_items`) against its source's text.

    A quote found only in a caption, byline or the like is a warning; with ``items`` None
    (the whole study) so is every rationale naming a term or number its source lacks
    (:mod:`.rationale_terms`).
    """
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
        where = locate_value(study_file, ("sources", key, "file"))
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
                        locate_value(study_file, ("sources", key)),
                        "warning",
                    )
                )
        else:
            try:
                path = resolve_file(study, source.file, search)
            except SourceFileError as exc:
                reason = f"{REFUSED}: {exc}"
                problems.append(Problem(f"source '{key}': {exc}", where))
            if reason is not None:
                pass  # refused above; nothing read
            elif path is None:
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
            elif match.kind in NOT_TEXT:
                problems.append(
                    Problem(
                        f"quote comes from {describe(match.kind)} (¶ {match.paragraph} of"
                        f" {key}), not the authors' text: quote the text itself",
                        item.location,
                        "warning",
                    )
                )
        statuses.append(SourceStatus(key, source, source.file, path, reason, tuple(checked), text))
    if items is None:  # the whole study: its rationales too
        texts = {s.id: s.text for s in statuses if s.text is not None}
        problems.extend(rationale_problems(study, texts))
    return Provenance(
        study,
        tuple(statuses),
        tuple(orphans),
        tuple(problems),
        tuple(display_path(p) for p in search),
    )
