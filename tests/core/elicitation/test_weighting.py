"""Weights from judgements: rank-order centroid, swing, AHP; each against published numbers."""

from __future__ import annotations

import itertools
import textwrap
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_options.core.elicitation.weighting import (
    SAATY_RANDOM_INDEX,
    ahp,
    ahp_weights,
    parse_points,
    parse_ranking,
    principal_eigenvector,
    profile_text,
    rank_order_centroid,
    read_comparisons,
    roc_weights,
    swing_weights,
)
from policy_options.core.study.load import load_profile_file
from policy_options.errors import StudyError, UsageError

CRITERIA = ["a", "b", "c", "d", "e"]

# --- rank-order centroid -------------------------------------------------------------


def test_roc_published_values() -> None:
    """Barron & Barrett (1996), table 1: n = 3 and n = 4."""
    assert rank_order_centroid(3) == pytest.approx([0.6111, 0.2778, 0.1111], abs=5e-5)
    assert rank_order_centroid(4) == pytest.approx([0.5208, 0.2708, 0.1458, 0.0625], abs=5e-5)


@given(st.integers(1, 30))
def test_roc_matches_exact_fractions(n: int) -> None:
    """w_k = (1/n) sum_{i=k..n} 1/i, computed independently with exact fractions."""
    exact = [sum(Fraction(1, i) for i in range(k, n + 1)) / n for k in range(1, n + 1)]
    assert sum(exact) == 1
    assert rank_order_centroid(n) == pytest.approx([float(x) for x in exact], abs=1e-15)
    weights = rank_order_centroid(n)
    assert all(x > y for x, y in itertools.pairwise(weights))


def test_roc_ties_share_the_mean_of_their_positions() -> None:
    derived = roc_weights(parse_ranking(["a", "b", "=", "c", "d"], CRITERIA), CRITERIA)
    roc = rank_order_centroid(4)
    assert derived.raw == pytest.approx(
        {"a": roc[0], "b": (roc[1] + roc[2]) / 2, "c": (roc[1] + roc[2]) / 2, "d": roc[3], "e": 0}
    )
    assert derived.left_out == ("e",)
    assert sum(derived.normalised.values()) == pytest.approx(1)
    assert "a > b = c > d" in derived.description
    assert "not ranked, so weight 0: e" in derived.description


@pytest.mark.parametrize(
    "words",
    [["a", "b=c", "d"], ["a", "b", "=", "c", "d"], ["a b = c d"], ["a", "b=", "c", "d"]],
)
def test_ranking_spellings(words: list[str]) -> None:
    assert parse_ranking(words, CRITERIA) == [["a"], ["b", "c"], ["d"]]


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["a", "b", "a"], "criterion 'a' is named twice in the ranking"),
        (["a", "=", "=", "b"], "'=' must stand between two criteria"),
        (["=", "a"], "'=' must stand between two criteria"),
        (["a", "="], "'=' must stand between two criteria"),
        (["a", "bb"], "unknown criterion 'bb'"),
        ([], "name the criteria"),
    ],
)
def test_ranking_errors(words: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_ranking(words, CRITERIA)


def test_unknown_criterion_suggests() -> None:
    with pytest.raises(UsageError) as info:
        parse_ranking(["deterence"], ["deterrence", "stability"])
    assert info.value.message == "unknown criterion 'deterence' (did you mean 'deterrence'?)"
    assert info.value.hint == "criteria: deterrence, stability"


# --- swing -----------------------------------------------------------------------------


def test_swing_weights_are_points_normalised() -> None:
    points = parse_points(["a=100", "b=50", "c=50", "d=0", "e=25"], CRITERIA)
    derived = swing_weights(points, CRITERIA)
    assert derived.raw == {"a": 100, "b": 50, "c": 50, "d": 0, "e": 25}
    assert derived.normalised == pytest.approx(
        {"a": 100 / 225, "b": 50 / 225, "c": 50 / 225, "d": 0, "e": 25 / 225}
    )
    assert "a 100, b 50, c 50, e 25, d 0" in derived.description


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        (["a=101"], "points for 'a' must lie in 0..100"),
        (["a=-1"], "points for 'a' must lie in 0..100"),
        (["a=nan"], "points for 'a' must lie in 0..100"),
        (["a=lots"], "'lots' is not a number"),
        (["a"], "expected CRITERION=POINTS"),
        (["a=100", "a=50"], "criterion 'a' is named twice in --points"),
        (["z=5"], "unknown criterion 'z'"),
    ],
)
def test_points_errors(texts: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_points(texts, CRITERIA)


def test_swing_needs_every_criterion_and_a_best_of_100() -> None:
    with pytest.raises(UsageError, match="no points for 'd', 'e'"):
        swing_weights({"a": 100, "b": 1, "c": 1}, CRITERIA)
    with pytest.raises(UsageError, match="the best swing gets 100 points, but the highest given"):
        swing_weights(dict.fromkeys(CRITERIA, 80.0), CRITERIA)


# --- AHP -------------------------------------------------------------------------------

DRINKS = ["coffee", "wine", "tea", "beer", "soda", "milk", "water"]
DRINK_JUDGEMENTS = {
    ("coffee", "wine"): 9,
    ("coffee", "tea"): 5,
    ("coffee", "beer"): 2,
    ("coffee", "soda"): 1,
    ("coffee", "milk"): 1,
    ("coffee", "water"): Fraction(1, 2),
    ("wine", "tea"): Fraction(1, 3),
    ("wine", "beer"): Fraction(1, 9),
    ("wine", "soda"): Fraction(1, 9),
    ("wine", "milk"): Fraction(1, 9),
    ("wine", "water"): Fraction(1, 9),
    ("tea", "beer"): Fraction(1, 3),
    ("tea", "soda"): Fraction(1, 4),
    ("tea", "milk"): Fraction(1, 3),
    ("tea", "water"): Fraction(1, 9),
    ("beer", "soda"): Fraction(1, 2),
    ("beer", "milk"): 1,
    ("beer", "water"): Fraction(1, 3),
    ("soda", "milk"): 2,
    ("soda", "water"): Fraction(1, 2),
    ("milk", "water"): Fraction(1, 3),
}
DRINK_WEIGHTS = {
    "water": 0.327,
    "soda": 0.190,
    "coffee": 0.177,
    "milk": 0.129,
    "beer": 0.116,
    "tea": 0.042,
    "wine": 0.019,
}


def drinks_matrix() -> list[list[float]]:
    n = len(DRINKS)
    matrix = [[1.0] * n for _ in range(n)]
    for (row, column), value in DRINK_JUDGEMENTS.items():
        i, j = DRINKS.index(row), DRINKS.index(column)
        matrix[i][j] = float(value)
        matrix[j][i] = float(1 / Fraction(value))
    return matrix


def drinks_yaml() -> str:
    """The drinks judgements in the ``comparisons`` form of ``policy weights ahp``."""
    lines = ["comparisons:"]
    for row in DRINKS:
        inner = [(c, v) for (r, c), v in DRINK_JUDGEMENTS.items() if r == row]
        if inner:
            cells = ", ".join(f"{c}: {v}" for c, v in inner)
            lines.append(f"  {row}: {{{cells}}}")
    return "\n".join(lines) + "\n"


def test_ahp_drinks_example() -> None:
    """Saaty's relative drink consumption in the United States, as in AHPy's README.

    https://github.com/PhilipGriffith/AHPy (README, "Relative consumption of drinks"):
    the pairwise judgements above give water .327, soda .190, coffee .177, milk .129,
    beer .116, tea .042, wine .019, consistency ratio 0.022. AHPy's 'saaty' option uses
    the 2005 random index (1.35 for n = 7); our classic 1980 table has 1.32; both round
    to 0.022 (CI = 0.02944).
    """
    result = ahp(DRINKS, drinks_matrix())
    assert {k: round(v, 3) for k, v in result.priorities.items()} == DRINK_WEIGHTS
    assert result.random_index == 1.32
    assert round(result.consistency_ratio, 3) == 0.022
    assert round(result.consistency_index / 1.35, 3) == 0.022
    assert result.consistent


def test_ahp_matches_numpy_eigen_decomposition() -> None:
    matrix = drinks_matrix()
    values, vectors = np.linalg.eig(np.array(matrix))
    k = int(np.argmax(values.real))
    expected = np.abs(vectors[:, k].real)
    expected /= expected.sum()
    vector, lambda_max = principal_eigenvector(matrix)
    assert vector == pytest.approx(list(expected), abs=1e-10)
    assert lambda_max == pytest.approx(values[k].real, abs=1e-10)
    assert sum(vector) == pytest.approx(1, abs=1e-15)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.05, 1.0), min_size=2, max_size=15))
def test_consistent_matrix_gives_back_its_weights(raw: list[float]) -> None:
    """a_ij = w_i / w_j is perfectly consistent: lambda_max = n, CR = 0, priorities = w."""
    total = sum(raw)
    w = [x / total for x in raw]
    names = [f"c{i}" for i in range(len(w))]
    result = ahp(names, [[wi / wj for wj in w] for wi in w])
    assert list(result.priorities.values()) == pytest.approx(w, abs=1e-9)
    assert result.lambda_max == pytest.approx(len(w), abs=1e-9)
    assert result.consistency_ratio == pytest.approx(0, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_random_reciprocal_matrices_match_numpy(data: st.DataObject) -> None:
    n = data.draw(st.integers(3, 9))
    scale = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9]
    matrix = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i][j] = data.draw(st.sampled_from(scale))
            matrix[j][i] = 1 / matrix[i][j]
    values, vectors = np.linalg.eig(np.array(matrix))
    k = int(np.argmax(values.real))
    expected = np.abs(vectors[:, k].real)
    result = ahp([f"c{i}" for i in range(n)], matrix)
    assert list(result.priorities.values()) == pytest.approx(
        list(expected / expected.sum()), abs=1e-9
    )
    ci = (values[k].real - n) / (n - 1)
    assert result.consistency_ratio == pytest.approx(ci / SAATY_RANDOM_INDEX[n], abs=1e-9)


def test_saaty_random_index_table() -> None:
    """Saaty (1980): n = 3 .58, 4 .90, 5 1.12, 6 1.24, 7 1.32, 8 1.41, 9 1.45, 10 1.49."""
    expected = {1: 0, 2: 0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45}
    assert {n: SAATY_RANDOM_INDEX[n] for n in expected} == expected
    assert SAATY_RANDOM_INDEX[10] == 1.49
    assert max(SAATY_RANDOM_INDEX) == 15


def test_most_inconsistent_judgement_is_the_one_perturbed() -> None:
    """A consistent 5x5 matrix with one judgement reversed: that judgement is named."""
    w = [0.4, 0.25, 0.15, 0.12, 0.08]
    names = ["a", "b", "c", "d", "e"]
    matrix = [[wi / wj for wj in w] for wi in w]
    matrix[1][3], matrix[3][1] = 1 / 5, 5.0  # b vs d: was 2.08, now 1/5
    result = ahp(names, matrix)
    worst = result.most_inconsistent
    assert worst is not None
    assert (worst.row, worst.column, worst.given) == ("b", "d", 0.2)
    assert worst.implied == pytest.approx(result.priorities["b"] / result.priorities["d"])
    assert result.consistency_ratio > 0.1
    assert not result.consistent


def test_two_criteria_are_always_consistent() -> None:
    result = ahp(["a", "b"], [[1, 3], [1 / 3, 1]])
    assert result.priorities == pytest.approx({"a": 0.75, "b": 0.25})
    assert result.consistency_ratio == 0
    assert result.most_inconsistent is None


# --- AHP files -------------------------------------------------------------------------


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


# --- profile files ---------------------------------------------------------------------


@pytest.mark.parametrize("method", ["roc", "swing", "ahp"])
def test_profile_text_loads_back(tmp_path: Path, method: str) -> None:
    criteria = ["a", "b", "c", "yes", "d e"]  # keys YAML would misread unless quoted
    if method == "roc":
        derived = roc_weights([["yes"], ["a", "b"]], criteria)
    elif method == "swing":
        derived = swing_weights({"a": 100, "b": 40, "c": 0, "yes": 10, "d e": 55.5}, criteria)
    else:
        result = ahp(["a", "b", "c"], [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
        derived = ahp_weights(result, criteria, "j.yaml")
    path = tmp_path / "p.yaml"
    path.write_text(profile_text(derived, "policy weights test", 'Mine: "quoted"'), "utf-8")
    profile = load_profile_file(path, criteria)
    assert profile.name == 'Mine: "quoted"'
    assert profile.spec.description == derived.description
    assert list(profile.spec.weights) == criteria
    total = sum(profile.spec.weights.values())
    for key in criteria:
        assert profile.spec.weights[key] / total == pytest.approx(derived.normalised[key], abs=2e-6)
