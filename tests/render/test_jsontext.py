"""The streamed JSON writer: the same bytes as the in-memory one, and as the standard
library's indented JSON, whatever the document and however often it hands pieces on."""

from __future__ import annotations

import enum
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_options.render import jsontext
from policy_options.render.jsontext import Lazy, dumps, indented, stream

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=8)
)


def _lazy_or_list(items: list[Any]) -> Any:
    return Lazy(lambda: iter(items))


VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.lists(inner, max_size=5).map(_lazy_or_list)
        | st.dictionaries(st.text(max_size=4), inner, max_size=5)
    ),
    max_leaves=40,
)


def _plain(value: Any) -> Any:
    """The document with every Lazy array made: what the standard library is given."""
    if type(value) is Lazy:
        return [_plain(v) for v in value.items()]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _reference(document: dict[str, Any]) -> str:
    """json.dumps(indent=2, sort_keys=True) plus the escapes dumps adds (its contract)."""
    text = json.dumps({"schema": 1, **_plain(document)}, indent=2, sort_keys=True,
                      ensure_ascii=False) + "\n"  # fmt: skip
    return jsontext._SHOWN_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _streamed(document: dict[str, Any]) -> tuple[str, int]:
    """The streamed text, and the length of its longest piece."""
    pieces: list[str] = []
    stream(document, pieces.append)
    return "".join(pieces), max(len(piece) for piece in pieces)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.dictionaries(st.text(max_size=4), VALUES, max_size=6))
def test_streamed_text_is_the_in_memory_text(document: dict[str, Any]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsontext, "_SETTLE_PIECES", 2)  # hand pieces on at every chance
        text, _ = _streamed(document)
    assert text == dumps(document) == _reference(document)


def test_a_large_document_is_handed_on_in_pieces() -> None:
    rows = [{"option": f"o{i}", "shares": [i / 7] * 50} for i in range(2_000)]
    document = {"options": Lazy(lambda: iter(rows)), "title": "big \x85 \u202e"}
    text, longest = _streamed(document)
    assert longest < len(text) / 4  # never one piece holding the whole text
    assert text == dumps(document) == _reference(document)
    assert json.loads(text)["options"][1999]["option"] == "o1999"


class Colour(enum.Enum):
    RED = "red"


class Shade(enum.StrEnum):
    DARK = "dark"


def test_values_left_to_the_standard_library_are_written_in_place() -> None:
    """A str enum (a subclass: the fast writer leaves it to json) and an int-keyed dict
    in the middle of a streamed document: the standard library's text, indented where
    they stand; what json cannot write is refused as it refuses it."""
    document = {"a": [1, {4: Shade.DARK, 3: [2.5]}, {2: "x"}], "z": Lazy(lambda: [Shade.DARK])}
    text, _ = _streamed(document)
    assert text == dumps(document)
    assert text == json.dumps({"schema": 1, **_plain(document)}, indent=2, sort_keys=True,
                              ensure_ascii=False) + "\n"  # fmt: skip
    with pytest.raises(TypeError):
        _streamed({"a": Colour.RED})
    with pytest.raises(TypeError):
        dumps({"a": Colour.RED})


# the in-memory writer, `indented`, against the standard library's
INDENTED_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
INDENTED_DOCUMENTS = st.recursive(
    INDENTED_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


def expected(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


@settings(max_examples=300, deadline=None)
@given(INDENTED_DOCUMENTS)
def test_same_text_as_json_dumps(value: Any) -> None:
    assert indented(value) == expected(value)


class Hue(enum.Enum):
    RED = "red"


def test_what_it_leaves_to_the_standard_library() -> None:
    assert indented({1: "int key", 2: [2]}) == expected({1: "int key", 2: [2]})
    assert indented({"nested": {"é": 'ünïcode "quoted"\n'}}) == expected(
        {"nested": {"é": 'ünïcode "quoted"\n'}}
    )
    with pytest.raises(TypeError, match="not JSON serializable"):
        indented({"c": Hue.RED})
    with pytest.raises(TypeError, match="not supported between"):  # mixed keys: as json
        indented({1: "x", "a": "y"})
