"""The numpy and the sorted PROMETHEE II flows against the plain-Python reference, to 1e-9."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_options.core.methods import promethee, promethee_flows, promethee_sorted
from policy_options.core.methods.base import Preference, Problem

FUNCTIONS = [
    Preference("usual"),
    Preference("u-shape", q=2),
    Preference("v-shape", p=4),
    Preference("v-shape", p=0),
    Preference("level", q=1, p=3),
    Preference("linear", q=1, p=3),
    Preference("linear", q=2, p=2),
    Preference("level", q=3, p=1),
    Preference("u-shape", q=0.1),
    Preference("linear", q=0.1, p=0.3),
    Preference("gaussian", s=2),
    Preference("gaussian", s=0),
]


def close(a: list[float], b: list[float]) -> None:
    assert np.allclose(a, b, rtol=0, atol=1e-9)


def same_flows(got: tuple[list[float], ...], expected: tuple[list[float], ...]) -> None:
    """phi+, phi- and the per-criterion flows, each to 1e-9."""
    for found, wanted in zip(got, expected, strict=True):
        if wanted and isinstance(wanted[0], list):
            for row_found, row_wanted in zip(found, wanted, strict=True):
                close(row_found, row_wanted)  # type: ignore[arg-type]
        else:
            close(found, wanted)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 12),
    st.integers(1, 5),
    st.integers(0, 2**32 - 1),
    st.lists(st.sampled_from(FUNCTIONS), min_size=5, max_size=5),
)
def test_numpy_flows_equal_the_reference(
    n: int, m: int, seed: int, functions: list[Preference]
) -> None:
    rng = np.random.default_rng(seed)
    raw = rng.integers(0, 8, (n, m)).astype(float)  # repeated values: ties and d == q, p
    raw[:, 0] += rng.random(n)  # and one continuous column
    weights = rng.dirichlet(np.ones(m)).tolist()
    benefit = [bool(b) for b in rng.integers(0, 2, m)]
    args = (raw.tolist(), weights, benefit, functions[:m])
    same_flows(promethee_flows.flows(*args), promethee.flows(*args))


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f"{f.function}-{f.q}-{f.p}-{f.s}")
def test_preference_degrees_match_the_scalar_function(function: Preference) -> None:
    d = np.linspace(-5, 5, 101)
    found = promethee_flows.preference_degrees(function, d)
    close(found.tolist(), [promethee.preference(function, float(x)) for x in d])


def test_a_large_study_takes_a_fast_path_with_the_same_ranking(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = np.random.default_rng(3)
    n, m = 60, 6  # 60^2 x 6 pairs-criteria: above NUMPY_FROM
    assert n * n * m >= promethee.NUMPY_FROM
    problem = Problem(
        options=tuple(f"o{i}" for i in range(n)),
        criteria=tuple(f"c{j}" for j in range(m)),
        raw=tuple(tuple(float(x) for x in row) for row in rng.integers(0, 11, (n, m))),
        values=tuple(tuple(0.0 for _ in range(m)) for _ in range(n)),
        higher_is_better=(True, False) * (m // 2),
        weights=tuple(rng.dirichlet(np.ones(m)).tolist()),
        preferences=(Preference("v-shape", p=10), Preference("level", q=1, p=4)) * (m // 2),
    )
    fast = promethee.evaluate(problem)
    monkeypatch.setattr(promethee, "NUMPY_FROM", 10**12)
    slow = promethee.evaluate(problem)
    close(list(fast.scores), list(slow.scores))
    for a, b in zip(fast.contributions, slow.contributions, strict=True):
        close(list(a), list(b))
    for a, b in zip(fast.details, slow.details, strict=True):
        close([float(v) for v in a.values()], [float(v) for v in b.values()])  # type: ignore[arg-type]


@settings(max_examples=120, deadline=None)
@given(
    st.integers(1, 14),
    st.integers(1, 5),
    st.integers(0, 2**32 - 1),
    st.lists(
        st.sampled_from([f for f in FUNCTIONS if f.function in promethee_sorted.PIECEWISE]),
        min_size=5,
        max_size=5,
    ),
)
def test_sorted_flows_equal_the_reference(
    n: int, m: int, seed: int, functions: list[Preference]
) -> None:
    """Ties, differences exactly at q and p (integers; tenths, where 0.3 - 0.2 > 0.1 in
    floating point), continuous scores: the same flows as pair by pair."""
    rng = np.random.default_rng(seed)
    raw = rng.integers(0, 8, (n, m)).astype(float)
    raw[:, 0] += rng.random(n)
    raw[:, -1] = np.round(rng.random(n) * 0.5, 1)
    weights = rng.dirichlet(np.ones(m)).tolist()
    benefit = [bool(b) for b in rng.integers(0, 2, m)]
    args = (raw.tolist(), weights, benefit, functions[:m])
    same_flows(promethee_sorted.flows(*args), promethee.flows(*args))


def test_the_gaussian_is_not_sorted() -> None:
    with pytest.raises(ValueError, match="not piecewise"):
        promethee_sorted.flows([[1.0], [2.0]], [1.0], [True], [Preference("gaussian", s=1)])


def test_the_quicker_way_is_chosen() -> None:
    """Few distinct scores or many options: sorted; a Gaussian: numpy."""
    rng = np.random.default_rng(5)

    def problem(raw: np.ndarray, function: Preference) -> Problem:
        n, m = raw.shape
        return Problem(
            options=tuple(f"o{i}" for i in range(n)),
            criteria=tuple(f"c{j}" for j in range(m)),
            raw=tuple(tuple(float(x) for x in row) for row in raw),
            values=tuple(tuple(0.0 for _ in range(m)) for _ in range(n)),
            higher_is_better=(True,) * m,
            weights=(1.0 / m,) * m,
            preferences=(function,) * m,
        )

    v = Preference("v-shape", p=10)
    assert promethee._large_flows(problem(rng.integers(0, 11, (300, 5)), v)) is (
        promethee_sorted.flows
    )
    assert promethee._large_flows(problem(rng.random((300, 5)), Preference("gaussian", s=1))) is (
        promethee_flows.flows
    )
