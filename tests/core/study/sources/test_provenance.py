"""Normalisation, extraction and quote matching on the quirks real sources have."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy_options.core.study.loading.load import inspect_study, load_study
from policy_options.core.study.sources.citations import quote_items
from policy_options.core.study.sources.normalisation import normalise
from policy_options.core.study.sources.provenance import check
from policy_options.core.study.sources.quote_match import find_quote
from policy_options.core.study.sources.source_text import (
    SourceFileError,
    SourceText,
    html_text,
    read_source,
)
from tests.conftest import SHIPPED, SOURCE_TEXT

# --- the normaliser ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "normalised"),
    [
        ("Armenia’s “unwavering support”", 'Armenia\'s "unwavering support"'),
        ("‘single’ ‚low‛ „double‟ `grave′", "'single' 'low' \"double\" 'grave'"),
        (
            "Ukraine—that borders – are inviolable ‒ ― −",
            "Ukraine-that borders - are inviolable - - -",
        ),
        ("non\u00a0breaking\u202fspaces", "non breaking spaces"),
        ("soft\u00adhyphen and zero\u200bwidth", "softhyphen and zerowidth"),
        ("secu-\nrity and secu‐\r\n   rity", "security and security"),
        ("well-known and Smith-\nJones", "well-known and Smith- Jones"),  # not a lower-case break
        ("  many \t\n\n spaces  ", "many spaces"),
        ("ﬁnal ﬂow ① Ｗide", "final flow 1 Wide"),
        ("cafe\u0301 CASE Kept", "café CASE Kept"),
    ],
)
def test_normalise_real_world_quirks(original: str, normalised: str) -> None:
    assert normalise(original).text == normalised


def test_normalised_offsets_point_back_into_the_original() -> None:
    original = "Intro.\n\nThe “secu-\nrity”\u00a0guarantee — soon."
    result = normalise(original)
    index = result.text.index('"security" guarantee')
    start, end = result.span(index, index + len('"security" guarantee'))
    assert original[start:end] == "“secu-\nrity”\u00a0guarantee"


@given(st.text(alphabet=st.sampled_from("ab -\n\u00a0’“—\u00ad\t"), max_size=60))
def test_normalise_is_idempotent_and_offsets_are_ordered(text: str) -> None:
    once = normalise(text)
    assert normalise(once.text).text == once.text
    assert list(once.starts) == sorted(once.starts)
    assert all(0 <= s < e <= len(text) for s, e in zip(once.starts, once.ends, strict=True))
    assert "  " not in once.text
    assert once.text == once.text.strip()


# --- matching ---------------------------------------------------------------------------------


def _text(tmp_path: Path, name: str, content: str | bytes) -> SourceText:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return read_source(path)


def test_quote_found_through_typography(tmp_path: Path) -> None:
    source = _text(
        tmp_path,
        "s.txt",
        "Title\n\nFirst paragraph.\n\nIt should provide Armenia with the capa-\nbilities to "
        "defend itself—while setting “clear expectations”.\n",
    )
    match = find_quote(
        source, 'provide Armenia with the capabilities to defend itself - while setting "clear'
    )
    assert match.found is False  # "itself—while" has no spaces around the dash: a real miss
    match = find_quote(
        source, 'provide Armenia with the capabilities to defend itself-while setting "clear'
    )
    assert match.found
    assert match.paragraph == 3
    assert source.text[match.offset :].startswith("provide Armenia")
    assert match.similarity == 100


def test_quote_not_found_gives_the_closest_passage(tmp_path: Path) -> None:
    source = _text(
        tmp_path,
        "s.md",
        "# Heading\n\nUnder the Foreign Military Sales program, the United States could provide"
        " Armenia short-range air defense such as MANPADS, among others.\n\nAnother paragraph.\n",
    )
    match = find_quote(
        source, "the United States could provide Armenia long-range air defence such as MANPADS"
    )
    assert not match.found
    assert 80 <= match.similarity < 100
    assert "the United States could provide Armenia short-range air defense" in match.passage
    assert match.paragraph == 2


def test_html_scripts_and_styles_are_dropped(tmp_path: Path) -> None:
    markup = """<!doctype html><html><head><title>T</title><style>p {color: red}</style>
    <script>var quote = "the hidden quote";</script></head>
    <body><p>First&nbsp;paragraph with &ldquo;curly&rdquo; quotes.</p>
    <script>document.write("the hidden quote")</script>
    <div>Second <b>bold</b> para-
graph.</div><noscript>the hidden quote</noscript></body></html>"""
    text = html_text(markup)
    assert "hidden" not in text
    assert "color" not in text
    source = _text(tmp_path, "page.html", markup)
    assert find_quote(source, 'First paragraph with "curly" quotes.').found
    match = find_quote(source, "Second bold paragraph.")
    assert match.found
    assert match.paragraph == 2
    assert not find_quote(source, "the hidden quote").found


def _pdf(pages: list[str]) -> bytes:
    """A minimal, valid PDF: one Helvetica text line per page (offsets computed)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for text in pages:
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
        content = len(objects) + 1
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        kids.append(len(objects) + 1)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
            b" /Resources << /Font << /F1 << /Type /Font /Subtype /Type1"
            b" /BaseFont /Helvetica >> >> >> >>" % content
        )
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_pdf_quotes_keep_their_page(tmp_path: Path) -> None:
    pytest.importorskip("pypdf", reason="pypdf is the optional pdf extra")
    source = _text(
        tmp_path,
        "report.pdf",
        _pdf(["Page one says nothing much.", "The United States could provide Armenia MANPADS."]),
    )
    match = find_quote(source, "could provide Armenia MANPADS")
    assert match.found
    assert match.page == 2
    assert source.text[match.offset :].startswith("could provide Armenia MANPADS")
    assert find_quote(source, "Page one says").page == 1


def test_pdf_without_pypdf_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pypdf(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("pypdf"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_pypdf)
    path = tmp_path / "x.pdf"
    path.write_bytes(_pdf(["text"]))
    with pytest.raises(SourceFileError, match=r"pip install \"policy-options\[pdf\]\"") as caught:
        read_source(path)
    assert caught.value.warning


def test_unsupported_and_undecodable_files(tmp_path: Path) -> None:
    (tmp_path / "x.docx").write_bytes(b"PK")
    with pytest.raises(SourceFileError, match=r"unsupported source file type '\.docx'"):
        read_source(tmp_path / "x.docx")
    (tmp_path / "x.txt").write_bytes(b"caf\xe9")
    with pytest.raises(SourceFileError, match="not valid UTF-8"):
        read_source(tmp_path / "x.txt")


# --- the shipped study ------------------------------------------------------------------------

needs_source = pytest.mark.skipif(
    not SOURCE_TEXT.exists(), reason="the commentary is not beside the repo (../shared/sources)"
)


def _copy_shipped(tmp_path: Path) -> Path:
    folder = tmp_path / "options"
    shutil.copytree(SHIPPED, folder)
    return folder


@needs_source
def test_every_shipped_quote_is_found() -> None:
    result = check(load_study(SHIPPED), [SOURCE_TEXT.parent])
    assert [str(p) for p in result.problems] == []  # nor any caption quote or outside fact
    status = result.status("rand-2024")
    assert status.all_found is True
    assert status.found == len(status.quotes) >= 40


@needs_source
def test_a_mutated_quote_is_located_with_the_original_as_closest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _copy_shipped(tmp_path)
    path = folder / "fms-air-defense.yaml"
    original = "the United States could provide Armenia short-range air defense such as MANPADS"
    text = path.read_text(encoding="utf-8")
    assert original in text
    path.write_text(
        text.replace(original, "the U.S. could sell Armenia short-range air defence like MANPADS"),
        encoding="utf-8",
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(lines, 1) if "could sell Armenia" in t)
    column = lines[line - 1].index('"') + 1
    monkeypatch.chdir(tmp_path)
    result = check(load_study(Path("options")), [SOURCE_TEXT.parent])
    errors = [p for p in result.problems if p.severity == "error"]
    assert len(errors) == 1
    problem = errors[0]
    assert problem.severity == "error"
    assert str(problem.location) == f"options/fms-air-defense.yaml:{line}:{column}"
    assert problem.message.startswith("quote not found in rand-2024 (closest, ")
    assert original in problem.message
    checked = result.quote("fms-air-defense")
    assert checked is not None
    assert checked.match is not None
    assert original in checked.match.passage


def test_source_without_file_and_missing_file_warn_once(tiny: Path, tmp_path: Path) -> None:
    study = load_study(tiny)
    result = check(study)
    assert [(p.severity, p.message) for p in result.problems] == [
        ("warning", "source 'src' has no file: its 3 quotes were not checked")
    ]
    with_file = study.spec.model_copy(
        update={"sources": {"src": study.spec.sources["src"].model_copy(update={"file": "t.txt"})}}
    )
    moved = dataclasses.replace(study, spec=with_file)
    result = check(moved)
    assert len(result.problems) == 1
    assert "file t.txt not found" in result.problems[0].message
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "t.txt").write_text("alpha quote. beta quote.", encoding="utf-8")
    result = check(moved, [tmp_path / "elsewhere"])
    line = (tiny / "gamma.yaml").read_text(encoding="utf-8").splitlines()[2]
    column = line.index('"gamma') + 1
    assert [(str(p.location), p.message) for p in result.problems] == [
        (
            f"{study.options['gamma'].file}:3:{column}",
            'quote not found in src (closest, 64% alike: "…beta quote.")',
        )
    ]
    assert result.status("src").found == 2


def test_quote_citing_an_undeclared_source_is_an_error(tiny: Path) -> None:
    study = load_study(tiny)
    items = [dataclasses.replace(item, ref="nope") for item in quote_items(study)]
    result = check(study, (), items[:1])
    assert result.problems[0].severity == "error"
    assert result.problems[0].message == "quote cites undeclared source 'nope'"


def test_inspect_study_itself_reads_no_source() -> None:
    assert inspect_study(SHIPPED).problems == []


@needs_source
def test_a_mutated_scenario_quote_is_located(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _copy_shipped(tmp_path)
    path = folder / "scenarios" / "russia-returns.yaml"
    original = "two garrisons and an airbase providing a permanent pressure point"
    text = path.read_text(encoding="utf-8")
    assert original in text
    path.write_text(
        text.replace(original, "two garrisons and an air base giving a permanent pressure point"),
        "utf-8",
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(lines, 1) if "an air base giving" in t)
    column = lines[line - 1].index('"') + 1
    monkeypatch.chdir(tmp_path)
    result = check(load_study(Path("options")), [SOURCE_TEXT.parent])
    errors = [p for p in result.problems if p.severity == "error"]
    assert [str(p.location) for p in errors] == [
        f"options/scenarios/russia-returns.yaml:{line}:{column}"
    ]
    assert original in errors[0].message
    assert result.status("rand-2024").quotes[-1].item.kind == "scenario"


@needs_source
def test_a_source_no_asked_quote_cites_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """`policy explain` asks about one option's quotes: other sources are left unread."""
    import policy_options.core.study.sources.provenance as provenance

    study = load_study(SHIPPED)

    def refuse(path: Path) -> SourceText:
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(provenance, "read_source", refuse)
    result = check(study, [SOURCE_TEXT.parent], items=[])
    assert result.problems == ()
    assert result.status("rand-2024").problem == "not cited"
