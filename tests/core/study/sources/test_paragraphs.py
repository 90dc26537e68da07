"""A source's paragraphs told apart: the authors' text from captions, bylines, headings,
share buttons and pull quotes, on a hand-made page shaped like a web commentary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policy_options.core.study.sources.paragraphs import (
    BODY,
    BYLINE,
    CAPTION,
    FURNITURE,
    HEADING,
    PULL_QUOTE,
    paragraph_kind,
)
from policy_options.core.study.sources.quote_match import find_quote
from policy_options.core.study.sources.source_text import SourceText

PAGE = """\
Source: Jane Roe, "On Widgets", Example Press, 2020.
On Widgets and the Board

May 3, 2021

Minister Ann Bee and Minister Cy Dee at widget talks in Oslo, May 3, 2021

Photo by John Doe/Reuters

This commentary originally appeared on Example Forum on May 3, 2021.

The Widget Board in Oslo approved 120,000 widgets in 2021. It should buy TROPHY systems.

Boards should buy widgets with care.

Share on Twitter

Why Widgets Matter

Boards should buy widgets with care. The talks in Oslo went well.

Jane Roe is a senior fellow at the Example Institute.
"""

EXPECTED = [BYLINE, HEADING, CAPTION, CAPTION, BYLINE, BODY, PULL_QUOTE, FURNITURE]
EXPECTED += [HEADING, BODY, BYLINE]


def _paragraphs(text: str) -> list[str]:
    """Blocks between blank lines, found independently of SourceText."""
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


@pytest.fixture
def page() -> SourceText:
    return SourceText(Path("page.txt"), PAGE)


def test_each_paragraph_of_a_page_gets_its_kind(page: SourceText) -> None:
    assert len(_paragraphs(PAGE)) == len(EXPECTED) == len(page.paragraph_starts)
    assert list(page.paragraph_kinds) == EXPECTED


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        ("Image: a convoy near the border", CAPTION),
        ("Soldiers on parade (Getty Images)", CAPTION),
        ("By Jane Roe", BYLINE),
        ("The authors are research fellows at a think tank.", BYLINE),
        ("Tweet", FURNITURE),
        ("Balanced Responses", HEADING),
        ("A long title of a commentary without any stop at its end at all", HEADING),
        ("A sentence that ends with a quote, as “this one”.", BODY),
        ("Is it a question?", BODY),
        ("", BODY),
    ],
)
def test_paragraph_kind_by_shape(paragraph: str, kind: str) -> None:
    assert paragraph_kind(paragraph) == kind


def test_a_quote_is_placed_in_the_body_not_in_the_pull_quote(page: SourceText) -> None:
    quote = "Boards should buy widgets with care."
    match = find_quote(page, quote)
    paragraphs = _paragraphs(PAGE)
    body = next(i for i, p in enumerate(paragraphs, 1) if quote in p and EXPECTED[i - 1] == BODY)
    assert (match.found, match.kind, match.paragraph) == (True, BODY, body)
    assert PAGE[match.offset : match.end] == quote


def test_a_quote_found_only_in_a_caption_says_so(page: SourceText) -> None:
    match = find_quote(page, "widget talks in Oslo")
    assert (match.found, match.kind, match.paragraph) == (True, CAPTION, 3)
    byline = find_quote(page, "a senior fellow at the Example Institute")
    assert (byline.kind, byline.paragraph) == (BYLINE, len(EXPECTED))
