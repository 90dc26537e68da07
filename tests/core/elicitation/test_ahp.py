"""AHP priorities and consistency against Saaty's drinks example and numpy's eigenvectors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_options.core.elicitation.ahp import SAATY_RANDOM_INDEX, ahp, principal_eigenvector
from tests.core.elicitation.judgements import DRINK_WEIGHTS, DRINKS, drinks_matrix


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
