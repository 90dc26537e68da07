"""Every aggregation method through the sensitivity analyses, against the reference evaluators.

The pure-Python evaluators of ``core.methods`` (``EVALUATORS``) are the reference: the
vectorised scoring of Monte Carlo must give their numbers sample by sample (1e-9), SMAA
counts must equal a slow loop over them, and stability intervals must agree with a
dense sweep of them. Small random studies (hypothesis) with both directions, value
functions, every PROMETHEE preference function, ranges, zero weights and vetoes.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_options.core.methods import EVALUATORS, Method
from policy_options.core.methods.base import Evaluation, Preference, modified
from policy_options.core.ranking.rank import TIE_TOLERANCE, problem_of, rank
from policy_options.core.study.files.model import Study, StudyFile
from policy_options.core.study.files.option_file import Option, OptionFile
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.values import value
from policy_options.core.study.weights import Weights, normalise, resolve_weights
from policy_options.core.uncertainty import montecarlo as mc
from policy_options.core.uncertainty import sampling
from policy_options.core.uncertainty import vectorised as vz
from policy_options.core.uncertainty import vectorised_promethee as vp
from policy_options.core.uncertainty.decision import decision
from policy_options.core.uncertainty.montecarlo import BLOCK, smaa
from policy_options.core.uncertainty.scorer import Keys
from policy_options.core.uncertainty.stability import weight_stability
from policy_options.core.uncertainty.stability_result import CriterionStability, WeightStability
from policy_options.core.uncertainty.vectorised_topsis import closeness, ideal_gaps
from policy_options.render.jsonout_sensitivity import montecarlo_json, stability_json
from tests.core.uncertainty.test_montecarlo import check_invariants

SHIPPED = Path(__file__).resolve().parents[3] / "options"
METHODS = list(Method)
PREFERENCES: list[dict[str, Any] | None] = [
    None,  # the default: v-shape, p = the scale's width (closed form in Monte Carlo)
    {"function": "usual"},
    {"function": "u-shape", "q": 2},
    {"function": "v-shape", "p": 3},
    {"function": "level", "q": 1, "p": 4},
    {"function": "linear", "q": 1, "p": 5},
    {"function": "linear", "q": 0, "p": 10},
    {"function": "gaussian", "s": 2},
]


def build(
    criteria: list[dict[str, Any]],
    scores: list[list[dict[str, Any]]],
    raw_weights: list[float],
) -> tuple[Study, Weights]:
    """A study in memory: criteria c0, c1, … on 0..10; options o00, o01, …"""
    keys = [f"c{i}" for i in range(len(criteria))]
    spec = StudyFile.model_validate(
        {"schema": 1, "title": "generated", "criteria": dict(zip(keys, criteria, strict=True))}
    )
    options = {}
    for j, row in enumerate(scores):
        option_id = f"o{j:02d}"
        parsed = OptionFile.model_validate(
            {"title": option_id, "scores": dict(zip(keys, row, strict=True))}
        )
        options[option_id] = Option(option_id, parsed, f"{option_id}.yaml")
    raw = dict(zip(keys, map(float, raw_weights), strict=True))
    return Study(Path("."), spec, options, {}), Weights(
        "generated", "generated", raw, normalise(raw)
    )


@st.composite
def studies(
    draw: Any, max_options: int = 5, max_criteria: int = 4, ranges: bool = True
) -> tuple[Study, Weights]:
    n = draw(st.integers(2, max_options))
    m = draw(st.integers(1, max_criteria))
    criteria = []
    for i in range(m):
        criterion: dict[str, Any] = {
            "name": f"c{i}",
            "direction": draw(st.sampled_from(["higher_is_better", "lower_is_better"])),
            "scale": {"min": 0, "max": 10},
        }
        if draw(st.integers(0, 3)) == 0:
            ends = st.sampled_from([0.0, 0.2, 0.5, 0.7, 1.0])
            criterion["value_function"] = [[0, draw(ends)], [5, draw(ends)], [10, draw(ends)]]
        preference = draw(st.sampled_from(PREFERENCES))
        if preference is not None:
            criterion["preference"] = preference
        criteria.append(criterion)
    scores = []
    for _ in range(n):
        row = []
        for _ in range(m):
            x = draw(st.integers(0, 10))
            score: dict[str, Any] = {"value": float(x)}
            if ranges and draw(st.booleans()):
                score["range"] = [float(draw(st.integers(0, x))), float(draw(st.integers(x, 10)))]
            row.append(score)
        scores.append(row)
    weights = [float(draw(st.integers(0, 4))) for _ in range(m)]
    if not any(weights):
        weights[draw(st.integers(0, m - 1))] = 1.0
    return build(criteria, scores, weights)


# --- the reference, sample by sample ----------------------------------------------------


def reference_samples(
    study: Study,
    weights: Weights,
    method: Method,
    sampled: np.ndarray,
    raw_draws: np.ndarray | None,
    cells: sampling.Cells | None,
    active: tuple[str, ...],
) -> list[Evaluation]:
    """EVALUATORS[method] on each sample: the sampled weights (active criteria x samples)
    and the drawn raw scores of the uncertain cells (valued by ``core.values``)."""
    base = problem_of(study, weights)
    position = {key: i for i, key in enumerate(base.criteria)}
    found = []
    for s in range(sampled.shape[1]):
        raw = [list(row) for row in base.raw]
        if cells is not None and raw_draws is not None:
            for c in range(cells.count):
                key = active[cells.criterion[c]]
                raw[cells.option[c]][position[key]] = float(raw_draws[c, s])
        values = [
            [value(study.criteria[key], x) for key, x in zip(base.criteria, row, strict=True)]
            for row in raw
        ]
        full = [0.0] * len(base.criteria)
        for i, key in enumerate(active):
            full[position[key]] = float(sampled[i, s])
        problem = replace(
            base,
            raw=tuple(map(tuple, raw)),
            values=tuple(map(tuple, values)),
            weights=tuple(full),
        )
        found.append(EVALUATORS[method](problem))
    return found


def sample_weights(rng: np.random.Generator, m: int, size: int) -> np.ndarray:
    """Dirichlet weight vectors; the first has an exact 0 (a criterion dropping out)."""
    w = rng.dirichlet(np.ones(m), size).T
    if m > 1:
        w[0, 0] = 0.0
        w[:, 0] /= w[:, 0].sum()
    return np.ascontiguousarray(w)


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=40, deadline=None)
@given(problem=studies(max_options=6), seed=st.integers(0, 2**32 - 1))
def test_vectorised_scores_equal_the_reference_sample_by_sample(
    method: Method, problem: tuple[Study, Weights], seed: int
) -> None:
    study, weights = problem
    d = decision(study, weights, method, sampling.ranged_cells(study))
    scorer = vz.scorer(d)
    rng = np.random.default_rng(seed)
    size = 12
    sampled = sample_weights(rng, len(d.active), size)
    raw_draws = prepared = None
    if d.cells is not None:
        # the same uniform numbers, drawn as raw scores and as values
        raw_draws = sampling.draw(d.cells, np.random.default_rng(seed), size, raw=True).raw
        drawn = sampling.draw(d.cells, np.random.default_rng(seed), size, raw=d.needs_raw)
        prepared = scorer.prepare(drawn)
    keys = scorer.keys(sampled, prepared)
    first, second = scorer.scores(keys)
    first = np.broadcast_to(first, (len(d.ids), size))
    expected = reference_samples(study, weights, method, sampled, raw_draws, d.cells, d.active)
    for s, evaluation in enumerate(expected):
        assert first[:, s] == pytest.approx(evaluation.scores, abs=1e-9, rel=0)
        if evaluation.tiebreak is not None:
            assert second is not None
            assert second[:, s] == pytest.approx(evaluation.tiebreak, abs=1e-9, rel=0)
        # the keys' order (exact ties to the earlier id) is the reference's, up to 1e-9 ties
        order = ranked_by_keys(keys, s)
        for upper, lower in itertools.pairwise(order):
            a, b = evaluation.scores[upper], evaluation.scores[lower]
            assert a >= b - TIE_TOLERANCE
            if evaluation.tiebreak is not None and abs(a - b) <= TIE_TOLERANCE:
                assert evaluation.tiebreak[upper] >= evaluation.tiebreak[lower] - TIE_TOLERANCE


def ranked_by_keys(keys: Keys, s: int) -> list[int]:
    """The options best first by the keys of sample ``s`` (as Monte Carlo ranks them)."""
    first, second = keys
    column = np.broadcast_to(first, (first.shape[0], max(first.shape[1], s + 1)))[:, s]
    tie = None if second is None else second[:, s]
    return sorted(
        range(column.size),
        key=lambda j: (-column[j], 0.0 if tie is None else -tie[j], j),
    )


def test_topsis_scorer_reproduces_hwang_and_yoon() -> None:
    """Hwang & Yoon (1981) fighter aircraft: closeness 0.6433, 0.2684, 0.6135, 0.3123."""
    rows = [
        [2.0, 1500, 20000, 5.5, 5, 9],
        [2.5, 2700, 18000, 6.5, 3, 5],
        [1.8, 2000, 21000, 4.5, 7, 7],
        [2.2, 1800, 20000, 5.0, 5, 5],
    ]
    benefit = np.array([True, True, True, False, True, True])
    plus, minus = ideal_gaps(np.array(rows, dtype=float), benefit)
    w = np.array([[0.2, 0.1, 0.1, 0.1, 0.2, 0.3]]).T
    found = closeness(plus @ (w * w), minus @ (w * w))[:, 0]
    assert found == pytest.approx([0.6433, 0.2684, 0.6135, 0.3123], abs=1e-4)


# --- SMAA: counts equal a slow loop over the reference ----------------------------------

TIES_STUDY = """\
schema: 1
title: Ties and vetoes
criteria:
  gain: {name: Gain, direction: higher_is_better, scale: {min: 0, max: 10},
         preference: {function: level, q: 1, p: 3}}
  risk: {name: Risk, direction: lower_is_better, scale: {min: 0, max: 10}}
  speed: {name: Speed, direction: higher_is_better, scale: {min: 0, max: 10},
          value_function: [[0, 0.0], [5, 0.8], [10, 1.0]]}
defaults: {weights: even}
"""
TIES_OPTIONS = {
    # a and b share a weakest value of 0.3 (gain 3 and risk 7: 1 - 0.7 = 0.30000000000000004)
    "a": "title: A\nscores: {gain: 3, risk: {value: 2, range: [1, 4]}, speed: 9}\n",
    "b": "title: B\nscores: {gain: 6, risk: 7, speed: {value: 6, range: [5, 8]}}\n",
    # c and d are vetoed by the weighted product (a value of 0): an exact tie, by id
    "c": "title: C\nscores: {gain: 0, risk: 1, speed: 10}\n",
    "d": "title: D\nscores: {gain: {value: 9, range: [8, 10]}, risk: 10, speed: 4}\n",
    "e": "title: E\nscores: {gain: 5, risk: 5, speed: 5}\n",
}
TIES_PROFILES = {"even": "weights: {gain: 1, risk: 1, speed: 1}\n"}


@pytest.fixture
def ties(tmp_path: Path) -> Path:
    from tests.conftest import write_study

    return write_study(tmp_path / "ties", TIES_STUDY, TIES_OPTIONS, TIES_PROFILES)


def slow_smaa(study: Study, weights: Weights, method: Method, samples: int, seed: int) -> Any:
    """One sample at a time with the reference evaluator, from the same draws."""
    problem = mc._problem(study, weights, fixed_scores=False, method=method)
    draw_weights = sampling.weight_sampler(problem.profile, mc.WeightModel.uniform, None, seed)
    ids = list(problem.ids)
    n = len(ids)
    counts = np.zeros((n, n), dtype=int)
    pairs = np.zeros((n, n), dtype=int)
    for b, _, size in sampling.blocks(0, samples):
        w = draw_weights(b, size)
        raw = None
        if problem.cells is not None:
            raw = sampling.draw(problem.cells, sampling.generator(seed, 1, b), size, raw=True).raw
        for evaluation in reference_samples(
            study, weights, method, w, raw, problem.cells, problem.active
        ):
            order = reference_order(evaluation)
            for place, j in enumerate(order):
                counts[j, place] += 1
                for other in order[place + 1 :]:
                    pairs[j, other] += 1
    return counts, pairs


def reference_order(evaluation: Evaluation) -> list[int]:
    """Best first: score, then (weakest link) the additive score, then id; weakest values
    equal to 12 decimals are equal (0.30000000000000004 from 1 - 0.7 equals 0.3)."""
    scores = list(evaluation.scores)
    if evaluation.tiebreak is not None:
        scores = [round(x, 12) for x in scores]
    tie = evaluation.tiebreak or [0.0] * len(scores)
    return sorted(range(len(scores)), key=lambda j: (-scores[j], -tie[j], j))


@pytest.mark.parametrize("method", METHODS)
def test_smaa_counts_equal_a_slow_reference_loop(ties: Path, method: Method) -> None:
    study = load_study(ties)
    weights = resolve_weights(study)
    samples = 600
    fast = smaa(study, weights, method=method, samples=samples, seed=11, confidence_samples=50)
    check_invariants(fast)
    counts, pairs = slow_smaa(study, weights, method, samples, 11)
    index = {option: j for j, option in enumerate(study.options)}
    for row in fast.options:
        assert row.acceptability == tuple(c / samples for c in counts[index[row.option]])
    for a, others in fast.pairwise.items():
        for b, p in others.items():
            assert p == pairs[index[a], index[b]] / samples
    assert fast.ranking.method == method
    # confidence factors: the central weights, the confidence stream's score draws
    problem = mc._problem(study, weights, fixed_scores=False, method=method)
    assert problem.cells is not None
    raw = sampling.draw(problem.cells, sampling.generator(11, 2, 0), 50, raw=True).raw
    for row in fast.options:
        if row.central_weights is None:
            continue
        central = np.array([[row.central_weights[key]] * 50 for key in problem.active])
        evaluations = reference_samples(
            study, weights, method, central, raw, problem.cells, problem.active
        )
        wins = sum(reference_order(e)[0] == index[row.option] for e in evaluations)
        assert row.confidence == wins / 50, (method, row.option)


def at_the_profile(study: Study, weights: Weights, method: str) -> Any:
    """Weights from a Dirichlet so concentrated that every sample is the profile (to 1e-4)."""
    return smaa(
        study,
        weights,
        method=method,
        samples=300,
        weight_model=mc.WeightModel.profile,
        concentration=1e9,
        fixed_scores=True,
    )


@pytest.mark.parametrize(
    "method", [Method.additive, Method.weighted_product, Method.topsis, Method.promethee]
)
def test_at_the_profile_monte_carlo_reproduces_the_ranking(ties: Path, method: Method) -> None:
    study = load_study(ties)
    result = at_the_profile(study, resolve_weights(study), method)
    ranks = [row.base_rank for row in result.options]
    for place, row in enumerate(result.options):
        if ranks.count(row.base_rank) == 1:  # options tied now may go either way
            assert row.acceptability[place] == 1.0, (method, row.option)


def test_weakest_link_orders_equal_weakest_values_by_the_additive_score(ties: Path) -> None:
    """a (gain 3: 0.3) and b (risk 7: 1 - 0.7 = 0.30000000000000004) share a weakest value;
    the additive score orders them: a (0.687) above b (0.58) at the profile.

    ``core.ranking.order_and_rank`` sorts by the exact score before the tie-break, so the
    base ranking lists b above a (reported as a bug there); Monte Carlo follows the rule.
    """
    study = load_study(ties)
    result = at_the_profile(study, resolve_weights(study), Method.weakest_link)
    by_option = {row.option: row for row in result.options}
    assert by_option["e"].first == 1.0
    assert by_option["a"].acceptability[1] == 1.0
    assert by_option["b"].acceptability[2] == 1.0


def test_weighted_product_vetoes_tie_by_id(ties: Path) -> None:
    study = load_study(ties)
    result = smaa(study, resolve_weights(study), method="weighted-product", samples=2000)
    by_option = {row.option: row for row in result.options}
    # c (gain 0) and d (risk 10: value 0) are always vetoed, so last, c first by id
    assert by_option["c"].acceptability[-2:] == (1.0, 0.0)
    assert by_option["d"].acceptability[-1] == 1.0
    assert result.pairwise["c"]["d"] == 1.0  # an exact tie at 0 goes to the earlier id


def test_weakest_link_with_fixed_scores_is_nearly_deterministic(ties: Path) -> None:
    study = load_study(ties)
    result = smaa(study, resolve_weights(study), method="weakest-link", fixed_scores=True)
    by_option = {row.option: row for row in result.options}
    # a and b tie on their weakest value (0.3): the sampled weights order them
    assert 0 < by_option["a"].acceptability[1] < 1
    assert by_option["a"].acceptability[1] + by_option["b"].acceptability[1] == pytest.approx(1)
    assert by_option["e"].first == 1.0  # weakest value 0.5: first whatever the weights
    doc = montecarlo_json(result)
    assert "(nearly) deterministic" in doc


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=8, deadline=None)
@given(problem=studies(max_options=4, max_criteria=3), seed=st.integers(0, 2**32 - 1))
def test_invariants_and_chunk_sizes_for_every_method(
    method: Method, problem: tuple[Study, Weights], seed: int
) -> None:
    study, weights = problem
    documents = set()
    for chunk in (BLOCK, 3 * BLOCK):
        result = smaa(
            study, weights, method=method, samples=3 * BLOCK + 17, seed=seed, chunk_size=chunk,
            confidence_samples=BLOCK + 5,
        )  # fmt: skip
        check_invariants(result)
        documents.add(montecarlo_json(result))
    assert len(documents) == 1


@pytest.mark.parametrize("method", ["topsis", "promethee"])
def test_shipped_study_chunk_sizes_give_byte_identical_json(method: str) -> None:
    study = load_study(SHIPPED)
    weights = resolve_weights(study)
    documents = {
        montecarlo_json(
            smaa(
                study, weights, method=method, samples=20_000, chunk_size=chunk,
                confidence_samples=2000,
            )
        )
        for chunk in (BLOCK, 3 * BLOCK, 8 * BLOCK)
    }  # fmt: skip
    assert len(documents) == 1


def test_promethee_closed_form_equals_the_pairwise_flows() -> None:
    """v-shape wider than every difference: phi_k(a) = sign (n x_a - sum x) / (p (n - 1))."""
    rng = np.random.default_rng(3)
    column = rng.uniform(0, 10, size=(7, 50))
    for benefit in (True, False):
        closed = vp._linear_flows(column, benefit, 10.0)
        pairwise = vp._pairwise_flows(column, benefit, Preference("v-shape", 0, 10, 0))
        assert closed == pytest.approx(pairwise, abs=1e-12)


# --- stability: a dense sweep of the reference -----------------------------------------

SWEEP = np.linspace(0.0, 1.0, 201)


def path_weights(current: list[float], k: int, t: float) -> list[float]:
    """The weights with w_k = t and the others keeping their ratios (spread when w_k = 1)."""
    m = len(current)
    if m == 1:
        return [1.0]
    rest = math.fsum(w for i, w in enumerate(current) if i != k)
    share = [
        (w / rest if rest > 0 else 1.0 / (m - 1)) * (1.0 - t) if i != k else t
        for i, w in enumerate(current)
    ]
    return share


def reference_along(
    study: Study, weights: Weights, method: Method, k: int, ts: np.ndarray, order: list[str]
) -> np.ndarray:
    """Reference scores (t x options, options in ``order``) along criterion k's path: the
    method's evaluator, then the modifiers as `rank` applies them (s_ref + m (s - s_ref)
    with a reference option, m s without one)."""
    problem = problem_of(study, weights, order)
    at = order.index(study.reference) if study.reference in order else None
    rows = []
    for t in ts:
        w = path_weights(list(problem.weights), k, float(t))
        found = EVALUATORS[method](replace(problem, weights=tuple(w)))
        rows.append(modified(found, problem.modifiers, at).scores)
    return np.array(rows)


def reference_top(scores: np.ndarray, order: list[str]) -> str:
    """The ranking's rule: the first id among the options within 1e-9 of the best."""
    near = np.flatnonzero(scores >= scores.max() - TIE_TOLERANCE)
    return min(order[a] for a in near)


def check_exact(
    c: CriterionStability, s: np.ndarray, ts: np.ndarray, order: list[str], method: Method
) -> None:
    """Exact intervals: the top on top inside, beaten outside; the order; the top path."""
    lo, hi = c.top_interval
    rlo, rhi = c.ranking_interval
    assert lo <= rlo <= c.weight <= rhi <= hi or c.vetoed_inside
    best = s.max(axis=1)
    inside = (ts >= lo) & (ts <= hi)
    outside = (ts < lo - 1e-3) | (ts > hi + 1e-3)
    assert np.all(s[inside, 0] >= best[inside] - TIE_TOLERANCE), c.criterion
    for i in np.flatnonzero(outside):  # someone above, or tied and listed first
        assert reference_top(s[i], order) != order[0], (c.criterion, ts[i])
    steps = s[:, :-1] - s[:, 1:]
    in_order = np.all(steps >= -TIE_TOLERANCE, axis=1)
    assert np.all(in_order[(ts >= rlo) & (ts <= rhi)]), c.criterion
    if c.weight not in (0.0, 1.0) or method is not Method.weighted_product:
        assert np.all(np.any(steps < 0, axis=1)[(ts < rlo - 1e-3) | (ts > rhi + 1e-3)])
    row = {option: p for p, option in enumerate(order)}
    cuts = [0.0] + [p.weight for p in c.breakpoints] + [1.0]
    tops = [c.top_at_zero] + [p.top for p in c.breakpoints]
    assert all(a < b for a, b in itertools.pairwise(cuts))
    for a, b, option in zip(cuts, cuts[1:], tops, strict=False):
        segment = (ts > a + 1e-6) & (ts < b - 1e-6)
        assert np.all(s[segment, row[option]] >= best[segment] - TIE_TOLERANCE), option


def check_searched(
    c: CriterionStability,
    s: np.ndarray,
    ts: np.ndarray,
    order: list[str],
    at: Any,
) -> None:
    """TOPSIS: on the grid (the sweep is a subset of it) and just outside each end."""
    lo, hi = c.top_interval
    best = s.max(axis=1)
    inside = (ts >= lo) & (ts <= hi)
    assert np.all(s[inside, 0] >= best[inside] - TIE_TOLERANCE), c.criterion
    for end, outer, taker in ((lo, lo - 1e-5, c.below), (hi, hi + 1e-5, c.above)):
        if taker is None:
            assert end in (0.0, 1.0)
            continue
        scores = at(outer)
        assert scores[0] < scores.max() - TIE_TOLERANCE  # the top has lost first place
        assert scores[order.index(taker)] >= scores.max() - TIE_TOLERANCE
    rlo, rhi = c.ranking_interval
    steps = s[:, :-1] - s[:, 1:]
    assert np.all(np.all(steps >= -TIE_TOLERANCE, axis=1)[(ts >= rlo) & (ts <= rhi)])
    row = {option: p for p, option in enumerate(order)}
    cuts = [0.0] + [p.weight for p in c.breakpoints] + [1.0]
    tops = [c.top_at_zero] + [p.top for p in c.breakpoints]
    for a, b, option in zip(cuts, cuts[1:], tops, strict=False):
        segment = (ts > a + 1e-6) & (ts < b - 1e-6)
        assert np.all(s[segment, row[option]] >= best[segment] - TIE_TOLERANCE), option
    for point, before in zip(c.breakpoints, tops, strict=False):
        below, above = at(point.weight - 1e-7), at(point.weight + 1e-7)
        assert below[row[before]] >= below.max() - TIE_TOLERANCE
        assert above[row[point.top]] >= above.max() - TIE_TOLERANCE


@pytest.mark.parametrize(
    "method", [Method.additive, Method.promethee, Method.weighted_product, Method.topsis]
)
@settings(max_examples=30, deadline=None)
@given(problem=studies(ranges=False))
def test_intervals_agree_with_a_dense_reference_sweep(
    method: Method, problem: tuple[Study, Weights]
) -> None:
    study, weights = problem
    result = weight_stability(study, weights, method)
    order = [row.option for row in result.ranking.rows]
    keys = list(study.criteria)
    assert result.exact == (method is not Method.topsis)
    for c in result.criteria:
        k = keys.index(c.criterion)
        # weighted product: (0, 1) by lines, the ends apart
        ts = SWEEP[1:-1] if method is Method.weighted_product else SWEEP
        s = reference_along(study, weights, method, k, ts, order)
        if method is Method.topsis:

            def at(t: float, k: int = k) -> np.ndarray:
                return reference_along(study, weights, method, k, np.array([t]), order)[0]

            check_searched(c, s, ts, order, at)
        else:
            check_exact(c, s, ts, order, method)
        if method is Method.weighted_product and len(keys) > 1:
            ends = {e.weight: e for e in c.endpoints}
            for end in (0.0, 1.0):
                scores = reference_along(study, weights, method, k, np.array([end]), order)[0]
                if end in ends:
                    assert ends[end].top == reference_top(scores, order)
                else:  # no veto lifted: the end continues the lines
                    limit = (
                        c.top_at_zero if end == 0 or not c.breakpoints else c.breakpoints[-1].top
                    )
                    assert scores[order.index(limit)] >= scores.max() - TIE_TOLERANCE


def test_weighted_product_top_vetoed_by_any_weight_on_a_zero_weight_criterion() -> None:
    # o00 has a 0 on c1, which weighs 0: it is on top only while c1 stays at exactly 0
    study, weights = build(
        [{"name": "c0", "direction": "higher_is_better", "scale": {"min": 0, "max": 10}}] * 2,
        [[{"value": 9.0}, {"value": 0.0}], [{"value": 6.0}, {"value": 5.0}]],
        [1, 0],
    )
    result = weight_stability(study, weights, "weighted-product")
    assert result.top == "o00"
    c1 = {c.criterion: c for c in result.criteria}["c1"]
    assert c1.vetoed_inside
    assert c1.top_interval == (0.0, 0.0)
    assert (c1.below, c1.above) == (None, "o01")
    assert c1.change == 0.0
    # c0 has all the weight: below 100% c1 gets some, which vetoes o00 just the same
    c0 = {c.criterion: c for c in result.criteria}["c0"]
    assert c0.vetoed_inside
    assert c0.spread_equally
    assert (c0.top_interval, c0.below, c0.above) == ((1.0, 1.0), "o01", None)
    assert [(e.weight, e.top, e.unvetoed) for e in c0.endpoints] == [(1.0, "o00", ("o00",))]
    assert [c.criterion for c in result.criteria] == ["c0", "c1"]  # both: any move
    from policy_options.render.sensitivity import stability_summary

    assert stability_summary(result) == (
        "The top option (o00) holds only while c0 weighs exactly 100.0%: any weight on the"
        " other criteria vetoes it (a value of 0 on one of them), and o01 comes first."
    )


def test_weighted_product_tie_at_an_end_with_an_option_vetoed_inside() -> None:
    """c0 has all the weight: o00 and o01 tie (value 1 each); below 100% c1 gets weight
    and vetoes o01 (value 0 there), so o00 stays on top all the way (found by hypothesis)."""
    study, weights = build(
        [
            {"name": "c0", "direction": "higher_is_better", "scale": {"min": 0, "max": 10},
             "value_function": [[0, 1.0], [5, 0.0], [10, 0.0]]},
            {"name": "c1", "direction": "lower_is_better", "scale": {"min": 0, "max": 10}},
        ],
        [[{"value": 0.0}, {"value": 1.0}], [{"value": 0.0}, {"value": 10.0}]],
        [1, 0],
    )  # fmt: skip
    result = weight_stability(study, weights, "weighted-product")
    c0 = {c.criterion: c for c in result.criteria}["c0"]
    assert result.top == "o00"
    assert (c0.top_interval, c0.below, c0.above) == ((0.0, 1.0), None, None)
    assert c0.ranking_interval == (1.0, 1.0)  # o01 drops to 0 as soon as c1 has weight
    assert [(e.weight, e.unvetoed) for e in c0.endpoints] == [(1.0, ("o01",))]


def test_topsis_a_three_way_tie_at_one_point_is_one_change() -> None:
    """o00 (5, 5) scores 0.5 whatever the weights; o01 (10, 0) scores t and o02 (0, 10)
    scores 1 - t: all three tie at t = 0.5, where o02 hands over to o01 (hypothesis)."""
    study, weights = build(
        [{"name": "c", "direction": "higher_is_better", "scale": {"min": 0, "max": 10}}] * 2,
        [
            [{"value": 5.0}, {"value": 5.0}],
            [{"value": 10.0}, {"value": 0.0}],
            [{"value": 0.0}, {"value": 10.0}],
        ],
        [1, 0],
    )
    c0 = {c.criterion: c for c in weight_stability(study, weights, "topsis").criteria}["c0"]
    assert c0.top_at_zero == "o02"
    assert [p.top for p in c0.breakpoints] == ["o01"]
    assert c0.breakpoints[0].weight == pytest.approx(0.5, abs=1e-9)


def test_weakest_link_has_no_intervals_but_says_what_dropping_does() -> None:
    study, weights = build(
        [{"name": "c", "direction": "higher_is_better", "scale": {"min": 0, "max": 10}}] * 3,
        [
            [{"value": 6.0}, {"value": 1.0}, {"value": 9.0}],  # weakest 0.1 (c1)
            [{"value": 4.0}, {"value": 5.0}, {"value": 4.0}],  # weakest 0.4
            [{"value": 3.0}, {"value": 8.0}, {"value": 7.0}],  # weakest 0.3
        ],
        [2, 1, 0],
    )
    result = weight_stability(study, weights, "weakest-link")
    assert result.criteria == ()
    assert result.top == "o01"
    toggles = {t.criterion: t for t in result.toggles}
    # dropping c0: o01 (0.5) still beats o02 (0.8)? no: o02's weakest is then 0.8
    for t in result.toggles:
        raw = dict(weights.raw)
        raw[t.criterion] = 0.0 if t.weight > 0 else 1e-9 * sum(raw.values())
        expected = rank(study, Weights("x", "x", raw, normalise(raw)), "weakest-link")
        assert t.top == expected.rows[0].option
        assert t.changes_top == (t.top != "o01")
    assert toggles["c1"].top == "o00"  # without c1: o00 0.6, o01 0.4, o02 0.3
    assert toggles["c2"].weight == 0.0  # added: o01 0.4 still first
    doc = stability_json(result)
    assert '"criteria": []' in doc
    assert '"note": "Weakest link: an option scores its lowest' in doc


def test_topsis_shipped_study_says_it_is_not_exact() -> None:
    study = load_study(SHIPPED)
    result = weight_stability(study, resolve_weights(study), "topsis")
    assert not result.exact
    leader = rank(study, resolve_weights(study), "topsis").rows[0].option
    assert result.top == leader
    doc = stability_json(result)
    assert '"exact": false' in doc
    from policy_options.render.sensitivity import stability_summary

    assert stability_summary(result).endswith("(found by bisection to 1e-9, not exact).")
    deterrence = {c.criterion: c for c in result.criteria}["deterrence"]
    # the crossing, checked with the reference just either side of it
    order = [row.option for row in result.ranking.rows]
    k = list(study.criteria).index("deterrence")
    hi = deterrence.top_interval[1]
    for t, expected in ((hi - 1e-7, leader), (hi + 1e-7, deterrence.above)):
        scores = reference_along(
            study, resolve_weights(study), Method.topsis, k, np.array([t]), order
        )
        assert reference_top(scores[0], order) == expected


@pytest.mark.parametrize("method", METHODS)
def test_every_method_on_every_shipped_profile(method: Method) -> None:
    study = load_study(SHIPPED)
    for profile in study.profiles:
        weights = resolve_weights(study, profile)
        result: WeightStability = weight_stability(study, weights, method)
        assert result.top == rank(study, weights, method).rows[0].option
        for c in result.criteria:
            lo, hi = c.top_interval
            assert 0.0 <= lo <= c.weight <= hi <= 1.0 or c.vetoed_inside
            assert (c.below is None) == (lo == 0.0)
            assert (c.above is None) == (hi == 1.0)
