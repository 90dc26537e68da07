"""Rationales checked against their source's text: proper nouns and numbers the source
lacks are warned about unless the score names the other source that says them; a score's
quote is checked against its own ``ref``."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_options.core.study.loading.load import load_study
from policy_options.core.study.sources.provenance import check
from policy_options.core.study.sources.rationale_terms import (
    initialisms,
    starts_sentence,
    unsourced,
)
from policy_options.core.study.sources.source_text import SourceText
from tests.conftest import StudyFactory, run_cli

MAIN = """\
The Widget Board in Oslo approved 120,000 widgets in 2021. It should buy TROPHY systems
under the Foreign Military Sales program.

Photo by John Doe/Reuters
"""

OTHER = "Israel makes TROPHY. Deliveries take 36 months."


def _source(text: str) -> SourceText:
    return SourceText(Path("main.txt"), text)


@pytest.mark.parametrize(
    ("rationale", "terms", "numbers"),
    [
        ("Made in Israel, TROPHY is costly.", ("Israel",), ()),
        ("Israel makes it.", (), ()),  # a capital that starts a sentence is not a name
        ("FMS makes it. WB approved it.", (), ()),  # initials of Foreign Military Sales
        ("NATO approved it.", ("NATO",), ()),  # all capitals: a name even at the start
        ("the board approved 120000 and then 250 widgets, over 2 years", (), ("250",)),
        ("about 0.1 of 2021's budget", (), ("0.1",)),
        ("the U.S. Congress: Oslo agrees. (Rome does not.)", ("Congress",), ()),
        ("as the text says, “the Widget Board in Oslo”", (), ()),
        ("old Russian widgets", ("Russian",), ()),
        ("as John Doe saw", ("John", "Doe"), ()),  # named only in the photo caption
    ],
)
def test_unsourced_terms_and_numbers(
    rationale: str, terms: tuple[str, ...], numbers: tuple[str, ...]
) -> None:
    found = unsourced(rationale, _source(MAIN))
    assert (found.terms, found.numbers) == (terms, numbers)
    assert bool(found) == bool(terms or numbers)


def test_sentence_starts() -> None:
    text = "First. Second! “Third? Fourth: fifth, U.S. Sixth"
    starts = {w: starts_sentence(text, text.index(w)) for w in text.replace("“", "").split()}
    assert starts == {
        "First.": True,
        "Second!": True,
        "Third?": True,
        "Fourth:": True,
        "fifth,": True,
        "U.S.": False,
        "Sixth": False,
    }


def test_initialisms_of_capitalised_runs() -> None:
    found = initialisms("the Department of Defense and the European Peace Facility. Oslo")
    assert {"dd", "ep", "pf", "epf"} <= found
    assert "eo" not in found  # a full stop ends a run


STUDY = """\
schema: 1
title: Widgets
question: Which?
sources:
  main: {title: Main, file: main.txt}
  other: {title: Other, file: other.txt, url: "https://example.org/other"}
  nofile: {title: No file}
criteria:
  gain: {name: Gain, direction: higher_is_better, scale: {min: 0, max: 10}}
  cost: {name: Cost, direction: lower_is_better, scale: {min: 0, max: 10}}
  delay: {name: Delay, direction: lower_is_better, scale: {min: 0, max: 60}}
  risk: {name: Risk, direction: lower_is_better, scale: {min: 0, max: 10}}
defaults: {weights: even}
"""

OPTIONS = {
    "buy": """\
title: Buy
source: {ref: main, quote: "It should buy TROPHY systems"}
scores:
  gain: {value: 5, rationale: "Made in Israel.", basis: outside, ref: other, quote: "Israel makes TROPHY."}
  cost: {value: 5, rationale: "Made in Israel.", basis: outside}
  delay: {value: 36, rationale: "Delivery in 36 months.", basis: outside, ref: main}
  risk: {value: 3, rationale: "Made in Israel.", basis: inference, ref: other, quote: "It should buy TROPHY"}
""",
    "wait": """\
title: Wait
source: {ref: main, quote: "Photo by John Doe"}
scores:
  gain: {value: 1, rationale: "The Widget Board approved 120,000.", basis: text}
  cost: {value: 0, rationale: "Nothing, says NATO.", basis: outside, ref: nofile}
  delay: {value: 0, rationale: "At once."}
  risk: {value: 1, rationale: "Little."}
""",
}


def _study(make_study: StudyFactory) -> Path:
    folder = make_study(
        study=STUDY,
        options=OPTIONS,
        profiles={"even": "name: Even\nweights: {gain: 1, cost: 1, delay: 1, risk: 1}\n"},
    )
    (folder / "main.txt").write_text(MAIN, encoding="utf-8")
    (folder / "other.txt").write_text(OTHER, encoding="utf-8")
    return folder


def test_validate_warns_on_unsourced_rationales_and_checks_quotes_against_their_ref(
    make_study: StudyFactory,
) -> None:
    folder = _study(make_study)
    result = check(load_study(folder))
    found = sorted(
        (
            Path(p.location.path).name if p.location else "",
            p.location.line if p.location else 0,
            p.severity,
            p.message.split(" (closest")[0].split(":")[0],
        )
        for p in result.problems
    )
    assert found == [
        # outside without a ref: the rationale is held against the option's source
        ("buy.yaml", 5, "warning", "rationale names 'Israel', which main does not contain"),
        # outside with a ref to the option's own source: not another source
        ("buy.yaml", 6, "warning", "rationale names the number 36, which main does not contain"),
        # the quote cites `other`, whose text does not hold it (it is main's)
        ("buy.yaml", 7, "error", "quote not found in other"),
        (
            "wait.yaml",
            2,
            "warning",
            "quote comes from a photo caption (¶ 2 of main), not the authors' text",
        ),
    ]
    lines = (folder / "buy.yaml").read_text(encoding="utf-8").splitlines()
    assert "Israel" in lines[4]
    assert "36" in lines[5]
    other = result.status("other")
    assert [(q.item.option, q.item.criterion) for q in other.quotes] == [
        ("buy", "gain"),
        ("buy", "risk"),
    ]
    assert [q.match.found for q in other.quotes if q.match] == [True, False]
    assert result.status("main").found == 2  # both options' own quotes


def test_the_warnings_go_once_the_rationale_says_what_the_source_says(
    make_study: StudyFactory,
) -> None:
    options = dict(OPTIONS)
    options["buy"] = (
        OPTIONS["buy"]
        .replace(
            'rationale: "Made in Israel.", basis: outside}',
            'rationale: "Made abroad.", basis: outside}',
        )
        .replace("Delivery in 36 months.", "Delivery takes years.")
        .replace('quote: "It should buy TROPHY"}', 'quote: "Deliveries take 36 months."}')
    )
    options["wait"] = OPTIONS["wait"].replace("Photo by John Doe", "It should buy TROPHY systems")
    folder = make_study(
        study=STUDY,
        options=options,
        profiles={"even": "name: Even\nweights: {gain: 1, cost: 1, delay: 1, risk: 1}\n"},
    )
    (folder / "main.txt").write_text(MAIN, encoding="utf-8")
    (folder / "other.txt").write_text(OTHER, encoding="utf-8")
    assert check(load_study(folder)).problems == ()


def test_a_placeholder_rationale_is_not_also_an_unsourced_name(make_study: StudyFactory) -> None:
    """Regression: `policy init`'s "TODO: why ..." rationales were warned twice, as a
    placeholder and as naming 'TODO', which the source lacks: now only as a placeholder."""
    options = dict(OPTIONS)
    options["wait"] = OPTIONS["wait"].replace('"Little."', '"TODO: why 1, in a sentence."')
    folder = _study(make_study)
    (folder / "wait.yaml").write_text(options["wait"], encoding="utf-8")
    messages = [p.message for p in check(load_study(folder)).problems]
    assert not any("'TODO'" in m for m in messages)
    result = run_cli("validate", "--study", str(folder))
    assert result.stdout.count("placeholder left: 'TODO: why 1") == 1
    assert "'TODO'" not in result.stdout
