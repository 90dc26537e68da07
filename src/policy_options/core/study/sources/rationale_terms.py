"""Rationales checked against their source: a score's rationale that names a proper noun
or a number its source does not contain brings in a fact from outside the source.

``validate --sources`` warns on it unless the score says so: ``basis: outside`` with a
``ref`` to another source of ``study.yaml`` (the one that says it). What counts:

- a *capitalised term*: a word of two letters or more that starts with a capital and does
  not start a sentence ("Israel", "Congress"), or any all-capitals word, even at the start
  of a sentence ("TROPHY", "FMS"). A sentence starts the rationale, or follows ``.``,
  ``!``, ``?`` or ``:`` (not the full stop of an initial, as in "U.S. Congress");
- a *number* of two digits or more ("120,000", "2016", "0.1"); a single digit is most
  often a point on the study's own scale and is not checked.

A term is in the source when the source's own text (captions, bylines and page furniture
left out: the Berlin of a photo caption is no fact the authors state) has it as a whole
word, whatever its case ("Russia" is not found in "Russian"), or, all in capitals, as the
initials of capitalised words in a row ("EU": "European Union", "FMS": "Foreign Military
Sales"); a number when the text has it, thousands separators ignored.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from policy_options.core.study.files.model import Study
from policy_options.core.study.files.option_file import Basis, Score
from policy_options.core.study.loading.option_checks import PLACEHOLDER
from policy_options.core.study.sources.citations import locate_value
from policy_options.core.study.sources.paragraphs import NOT_TEXT
from policy_options.core.study.sources.source_text import SourceText
from policy_options.errors import Problem

_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*")
_OPENERS = "\"'“‘([«"
_SENTENCE_ENDS = ".!?:"


@dataclass(frozen=True)
class RationaleItem:
    """One score's rationale: the source it should come from and where it is written."""

    rationale: str
    ref: str | None  # the score's ref, else its option's (or scenario's) source
    outside: bool  # basis: outside with a ref of its own to another source
    file: str
    keys: tuple[str | int, ...]
    cited_by: str  # 'fms-air-defense / deterrence', 'scenario x: option / criterion'


@dataclass(frozen=True)
class Unsourced:
    """What a rationale names that its source does not contain."""

    terms: tuple[str, ...]
    numbers: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.terms or self.numbers)


def _number_key(number: str) -> str:
    """'120,000' -> '120000'; '0.1' stays."""
    return re.sub(r",(?=\d{3}\b)", "", number)


def _tokens(text: str) -> Iterator[tuple[str, int]]:
    for match in _TOKEN.finditer(text):
        yield match.group(), match.start()


def starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence of ``text`` (module docstring)."""
    before = text[:start].rstrip().rstrip(_OPENERS).rstrip()
    if not before:
        return True
    if before[-1] not in _SENTENCE_ENDS:
        return False
    if before[-1] == ".":  # "U.S. Congress", "e.g. Israel": the stop of an initial
        previous = re.search(r"([^\W\d_]+)\.$", before)
        if previous is not None and len(previous.group(1)) == 1:
            return False
    return True


_CONNECTORS = frozenset({"of", "and", "for", "the", "on", "de"})


def initialisms(text: str) -> set[str]:
    """The initials of every run of two or more capitalised words ("European Peace
    Facility" gives EP, PF and EPF; "Department of Defense" DD), lower case."""
    found: set[str] = set()
    run: list[str] = []
    for match in re.finditer(r"[^\W\d_]+|[^\w\s]+|\d+", text):
        word = match.group()
        if word[0].isalpha() and word[0].isupper():
            run.append(word[0].casefold())
            continue
        if word in _CONNECTORS and run:
            continue
        for i in range(len(run)):
            for j in range(i + 2, len(run) + 1):
                found.add("".join(run[i:j]))
        run = []
    for i in range(len(run)):
        for j in range(i + 2, len(run) + 1):
            found.add("".join(run[i:j]))
    return found


@functools.lru_cache(maxsize=8)
def _vocabulary(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The source's words and initialisms (lower case) and numbers (separators dropped)."""
    words, numbers = initialisms(text), set()
    for token, _ in _tokens(text):
        if token[0].isdigit():
            numbers.add(_number_key(token))
        else:
            words.add(token.casefold())
    return frozenset(words), frozenset(numbers)


def authors_text(source: SourceText) -> str:
    """The source's text without its captions, bylines and page furniture (.paragraphs)."""
    starts = source.paragraph_starts
    ends = (*starts[1:], len(source.text))
    kinds = source.paragraph_kinds
    return "\n\n".join(
        source.text[start:end]
        for start, end, kind in zip(starts, ends, kinds, strict=True)
        if kind not in NOT_TEXT
    )


def unsourced(rationale: str, source: SourceText) -> Unsourced:
    """The capitalised terms and numbers of ``rationale`` that ``source``'s own text (its
    captions, bylines and page furniture left out) does not contain."""
    words, numbers = _vocabulary(authors_text(source))
    terms: list[str] = []
    missing: list[str] = []
    for token, start in _tokens(rationale):
        if token[0].isdigit():
            key = _number_key(token.rstrip(".,"))
            digits = len(key.replace(".", "").replace(",", ""))
            if digits >= 2 and key not in numbers and token not in missing:
                missing.append(token)
            continue
        if len(token) < 2 or not token[0].isupper():
            continue
        if starts_sentence(rationale, start) and not token.isupper():
            continue
        if token.casefold() not in words and token not in terms:
            terms.append(token)
    return Unsourced(tuple(terms), tuple(missing))


def _item(
    score: Score,
    ref: str | None,
    sources: Mapping[str, object],
    where: tuple[str, tuple[str | int, ...]],
    label: str,
) -> RationaleItem:
    own = score.ref
    outside = score.basis is Basis.OUTSIDE and own is not None and own != ref and own in sources
    return RationaleItem(score.rationale or "", own or ref, outside, *where, label)


def rationale_items(study: Study) -> list[RationaleItem]:
    """Every score's rationale (options, then scenario overrides), with the source it cites."""
    sources = study.spec.sources
    only = next(iter(sources)) if len(sources) == 1 else None
    items: list[RationaleItem] = []
    for option in study.options.values():
        ref = option.spec.source.ref if option.spec.source is not None else only
        for key, score in option.spec.scores.items():
            if (score.rationale or "").strip():
                where: tuple[str, tuple[str | int, ...]] = (
                    option.file,
                    ("scores", key, "rationale"),
                )
                items.append(_item(score, ref, sources, where, f"{option.id} / {key}"))
    for scenario in study.scenarios.values():
        ref = scenario.spec.source.ref if scenario.spec.source is not None else only
        for option_id, overrides in scenario.spec.scores.items():
            for key, score in overrides.items():
                if (score.rationale or "").strip():
                    where = (scenario.file, ("scores", option_id, key, "rationale"))
                    label = f"scenario {scenario.id}: {option_id} / {key}"
                    items.append(_item(score, ref, sources, where, label))
    return items


def _listed(words: tuple[str, ...]) -> str:
    quoted = [f"'{w}'" for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def message(found: Unsourced, ref: str) -> str:
    """ "rationale names 'Israel' and the number 250, which rand-2024 does not contain …"."""
    parts = []
    if found.terms:
        parts.append(_listed(found.terms))
    if found.numbers:
        noun = "number" if len(found.numbers) == 1 else "numbers"
        parts.append(f"the {noun} {_listed(found.numbers).replace(chr(39), '')}")
    return (
        f"rationale names {' and '.join(parts)}, which {ref} does not contain: say it as the"
        " source does, or mark the score `basis: outside` with a `ref` to the source that says"
        " it"
    )


def rationale_problems(study: Study, texts: Mapping[str, SourceText]) -> list[Problem]:
    """A warning for each rationale naming what its source's text (``texts``) lacks."""
    problems: list[Problem] = []
    for item in rationale_items(study):
        if item.outside or item.ref is None or item.ref not in texts:
            continue
        if PLACEHOLDER.search(item.rationale):  # a TODO: warned once, as a placeholder
            continue
        found = unsourced(item.rationale, texts[item.ref])
        if found:
            location = locate_value(item.file, item.keys)
            problems.append(Problem(message(found, item.ref), location, "warning"))
    return problems
