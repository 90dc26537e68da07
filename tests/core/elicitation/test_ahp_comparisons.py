"""AHP comparison files: every form read to the same matrix, every mistake located."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from policy_options.core.elicitation.ahp import ahp
from policy_options.core.elicitation.ahp_comparisons import read_comparisons
from policy_options.errors import StudyError
from tests.core.elicitation.judgements import CRITERIA, DRINKS, drinks_matrix, drinks_yaml


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "judgements.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_drinks_file_in_pairs_form(tmp_path: Path) -> None:
    names, matrix = read_comparisons(write(tmp_path, drinks_yaml()), DRINKS)
    assert names == DRINKS
    assert np.allclose(matrix, drinks_matrix(), rtol=0, atol=1e-15)


MATRIX_FORMS = {
    "upper rows": """\
        criteria: [a, b, c]
        matrix:
          - [1, 3, 5]
          - [1, 2]
          - [1]
        """,
    "full rows": """\
        criteria: [a, b, c]
        matrix:
          - [1, 3, 5]
          - [1/3, 1, 2]
          - [0.2, 0.5, 1]
        """,
    "pairs, one direction": """\
        comparisons:
          a: {b: 3, c: 5}
          b: {c: 2}
        """,
    "pairs, mixed directions": """\
        criteria: [a, b, c]
        comparisons:
          a: {b: 3}
          c: {a: 1/5, b: "1/2"}
        """,
    "pairs, both directions": """\
        comparisons:
          a: {b: 3, c: 5}
          b: {c: 2, a: 0.333}
        """,
}


@pytest.mark.parametrize("form", MATRIX_FORMS)
def test_every_form_reads_the_same_matrix(tmp_path: Path, form: str) -> None:
    names, matrix = read_comparisons(write(tmp_path, MATRIX_FORMS[form]), CRITERIA)
    assert names == ["a", "b", "c"]
    expected = [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]
    assert np.allclose(matrix, expected, rtol=0, atol=1e-15)  # lower triangle: 1 / upper


BAD_FILES = {
    "not square: rows": (
        "criteria: [a, b, c]\nmatrix:\n  - [1, 3, 5]\n  - [1, 2]\n",
        ":3:3: matrix is not square: 2 rows for 3 criteria",
    ),
    "not square: row length": (
        "criteria: [a, b, c]\nmatrix:\n  - [1, 3, 5]\n  - [1, 2, 4, 4]\n  - [1]\n",
        ":4:5: matrix is not square: row 2 (b) has 4 values; expected 3 (a full row) or 2",
    ),
    "judgement above 9": (
        "comparisons:\n  a: {b: 12, c: 5}\n  b: {c: 2}\n",
        ":2:10: judgement 12 for a vs b lies outside Saaty's scale 1/9..9",
    ),
    "judgement below 1/9": (
        "comparisons:\n  a: {b: 1/10, c: 5}\n  b: {c: 2}\n",
        ":2:10: judgement 1/10 for a vs b lies outside Saaty's scale 1/9..9",
    ),
    "zero": (
        "comparisons:\n  a: {b: 0, c: 5}\n  b: {c: 2}\n",
        "judgement 0 for a vs b lies outside Saaty's scale 1/9..9",
    ),
    "not a number": (
        "comparisons:\n  a: {b: lots, c: 5}\n  b: {c: 2}\n",
        ":2:10: judgement for a vs b: expected a number or a fraction like 1/3, got 'lots'",
    ),
    "missing pair": (
        "comparisons:\n  a: {b: 3, c: 5}\n",
        ":1:1: missing judgement for b vs c: every pair of criteria needs one",
    ),
    "missing pairs": (
        "criteria: [a, b, c, d]\ncomparisons:\n  a: {b: 3}\n",
        "missing judgement for a vs c (and 4 more): every pair",
    ),
    "missing in matrix": (
        "criteria: [a, b, c]\nmatrix:\n  - [1, 3, null]\n  - [1, 2]\n  - [1]\n",
        ":3:12: missing judgement for a vs c",
    ),
    "not reciprocal": (
        "comparisons:\n  a: {b: 3, c: 5}\n  b: {c: 2, a: 3}\n",
        "b vs a is 3 but a vs b is 3: one must be the reciprocal of the other",
    ),
    "diagonal": (
        "criteria: [a, b]\nmatrix:\n  - [2, 3]\n  - [1]\n",
        ":3:6: the diagonal must be 1: a vs itself is 2",
    ),
    "unknown criterion": (
        "comparisons:\n  a: {bb: 3}\n",
        ":2:7: unknown criterion 'bb' (did you mean 'b'?)",
    ),
    "criterion twice": (
        "criteria: [a, b, a]\nmatrix: [[1, 2, 3], [1, 2], [1]]\n",
        ":1:18: criterion 'a' is named twice in 'criteria'",
    ),
    "itself": ("comparisons:\n  a: {a: 3}\n", ":2:7: 'a' is compared with itself"),
    "one criterion": ("comparisons:\n  a: {}\n", "AHP needs at least two criteria"),
    "unknown key": (
        "criteria: [a, b]\nmatrx: [[1, 2], [1]]\n",
        ":2:1: unknown key 'matrx' (did you mean 'matrix'?)",
    ),
    "matrix without criteria": ("matrix: [[1, 2], [1]]\n", "a 'matrix' needs a 'criteria' list"),
    "both forms": (
        "criteria: [a, b]\nmatrix: [[1, 2], [1]]\ncomparisons: {a: {b: 2}}\n",
        "give 'matrix' or 'comparisons', not both",
    ),
    "not a mapping": ("- 1\n- 2\n", "expected a mapping with 'criteria' and 'matrix'"),
    "empty": ("", "file is empty"),
    "duplicate key": ("comparisons:\n  a: {b: 3, b: 4}\n", "duplicate key 'b'"),
    # a YAML boolean is no judgement, though Python counts True as 1 (and False as 0)
    "true in pairs": (
        "comparisons:\n  a: {b: true, c: 5}\n  b: {c: 2}\n",
        ":2:10: judgement for a vs b: expected a number or a fraction like 1/3, got True",
    ),
    "true in a matrix": (
        "criteria: [a, b, c]\nmatrix:\n  - [1, 3, true]\n  - [1, 2]\n  - [1]\n",
        ":3:12: judgement for a vs c: expected a number or a fraction like 1/3, got True",
    ),
    "false": (
        "comparisons:\n  a: {b: false, c: 5}\n  b: {c: 2}\n",
        ":2:10: judgement for a vs b: expected a number or a fraction like 1/3, got False",
    ),
    "criteria not names": (
        "criteria: [a, 2]\nmatrix: [[1, 2], [1]]\n",
        ":1:11: 'criteria' must be a list of criterion names",
    ),
    "criteria a boolean": (
        "criteria: [a, true]\nmatrix: [[1, 2], [1]]\n",
        ":1:11: 'criteria' must be a list of criterion names",
    ),
    "criteria nested": (
        "criteria: [a, [b]]\ncomparisons: {a: {b: 2}}\n",
        ":1:11: 'criteria' must be a list of criterion names",
    ),
    "criteria a string": (
        "criteria: a\ncomparisons: {a: {b: 2}}\n",
        ":1:11: 'criteria' must be a list of criterion names",
    ),
    "criteria a mapping": (
        "criteria: {a: 1, b: 2}\nmatrix: [[1, 2], [1]]\n",
        ":1:11: 'criteria' must be a list of criterion names",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_comparison_files(tmp_path: Path, case: str) -> None:
    text, expected = BAD_FILES[case]
    path = tmp_path / "judgements.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StudyError) as info:
        read_comparisons(path, CRITERIA)
    assert expected in str(info.value)
    assert str(info.value).startswith(str(path))


@pytest.mark.parametrize(
    "text",
    [
        "comparisons:\n  a: {b: 4}\n",
        "comparisons:\n  b: {a: 1/4}\n",
        "criteria: [a, b]\nmatrix:\n  - [1, 4]\n  - [1]\n",
        "criteria: [a, b]\nmatrix:\n  - [1, 4]\n  - [0.25, 1]\n",
    ],
)
def test_exactly_two_criteria_are_enough(tmp_path: Path, text: str) -> None:
    """The smallest comparison: one judgement, a 4 times as important as b, so the
    weights are 4/5 and 1/5 (two criteria are always consistent)."""
    names, matrix = read_comparisons(write(tmp_path, text), CRITERIA)
    assert sorted(names) == ["a", "b"]
    i, j = names.index("a"), names.index("b")
    assert (matrix[i][j], matrix[j][i]) == (4.0, 0.25)
    result = ahp(names, matrix)
    assert result.priorities == pytest.approx({"a": 0.8, "b": 0.2}, abs=1e-12)
    assert result.consistency_ratio == 0


def test_too_many_criteria(tmp_path: Path) -> None:
    names = [f"c{i}" for i in range(16)]
    path = tmp_path / "big.yaml"
    rows = [[1] * (16 - i) for i in range(16)]
    path.write_text(f"criteria: {names}\nmatrix: {rows}\n".replace("'", ""), encoding="utf-8")
    with pytest.raises(StudyError, match="at most 15 criteria"):
        read_comparisons(path, names)
