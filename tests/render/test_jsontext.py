"""The indented JSON writer against the standard library's, text for text."""

from __future__ import annotations

import json
from enum import Enum
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_options.render.jsontext import indented

LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
DOCUMENTS = st.recursive(
    LEAVES,
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
@given(DOCUMENTS)
def test_same_text_as_json_dumps(value: Any) -> None:
    assert indented(value) == expected(value)


class Colour(Enum):
    RED = "red"


def test_what_it_leaves_to_the_standard_library() -> None:
    assert indented({1: "int key", 2: [2]}) == expected({1: "int key", 2: [2]})
    assert indented({"nested": {"é": 'ünïcode "quoted"\n'}}) == expected(
        {"nested": {"é": 'ünïcode "quoted"\n'}}
    )
    with pytest.raises(TypeError, match="not JSON serializable"):
        indented({"c": Colour.RED})
    with pytest.raises(TypeError, match="not supported between"):  # mixed keys: as json
        indented({1: "x", "a": "y"})
