"""SMAA-2 rank acceptability analysis (Lahdelma & Salminen 2001), vectorised with numpy.

Each sample draws a weight vector (``WeightModel``) and, unless scores are fixed, every
score that has a plausible range from a triangular distribution (low, mode = the score,
high), then ranks the options under the chosen aggregation method, vectorised over the
samples (:mod:`.vectorised`: one or two matrix products per block for every method).
Per option it reports the share of samples placing it at each rank (rank
acceptability b_i^r), the share where it comes first, the expected rank,
the central weight vector (mean weights of the samples where it comes first) and the
confidence factor (how often it comes first with its central weights while only the
scores vary); and for every pair the share of samples where one ranks above the other.

Reproducible whatever the chunk size: the draws come in fixed blocks of ``BLOCK``
samples, each from its own generator, seeded from ``SeedSequence(seed)`` by (stream,
block index); weights, scores and the confidence run use separate streams. Counts are
integers, and the central weights are summed block by block, the block sums added in
order, so the processing chunk (any multiple of ``BLOCK`` up to ``MAX_CHUNK``) changes
nothing but speed and memory.

Ties: options are in id order and an exact tie goes to the earlier id, as in the
ranking. Under continuous sampling any other tie has probability zero; options with
identical scores get bit-identical keys, so fixed scores with identical options tie
exactly and are ordered by id, sample after sample; so do options the weighted product
vetoes (a 0 on a weighted criterion). Weakest link ties often (equal weakest values):
its second key, the additive score, orders them, then the id.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from policy_options.core.methods import Method
from policy_options.core.model import Study
from policy_options.core.ranking import Ranking, rank
from policy_options.core.sampling import (
    BLOCK,
    CONFIDENCE_STREAM,
    SCORE_STREAM,
    blocks,
    draw,
    generator,
    ranged_cells,
    weight_sampler,
)
from policy_options.core.sensitivity import (
    DEFAULT_CONCENTRATION,
    DEFAULT_CONFIDENCE_SAMPLES,
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    WeightModel,
    check_samples,
    resolve_method,
)
from policy_options.core.sensitivity.vectorised import (
    Decision,
    Keys,
    Matrix,
    Scorer,
    decision,
    scorer,
)
from policy_options.core.weights import Weights
from policy_options.errors import UsageError

Index = npt.NDArray[np.intp]
ProgressCallback = Callable[[int, int], None]

MAX_CHUNK = 65_536
"""At most this many samples are held in memory at a time."""
_CHUNK_ELEMENTS = 1 << 20  # aim for arrays of about 8 MiB per chunk


@dataclass(frozen=True)
class OptionAcceptability:
    """One option's SMAA-2 figures (shares are 0..1)."""

    option: str
    base_rank: int  # its rank under the profile's weights and the scores as given
    acceptability: tuple[float, ...]  # share of samples at rank 1..n
    acceptability_se: tuple[float, ...]  # Monte Carlo standard error of each share
    first: float  # = acceptability[0]
    expected_rank: float
    central_weights: Mapping[str, float] | None  # None when it never comes first
    confidence: float | None  # None when it never comes first


@dataclass(frozen=True)
class MonteCarlo:
    """The result of :func:`smaa`: options in base-ranking order, and the settings used."""

    ranking: Ranking  # the base ranking (profile weights, scores as given)
    samples: int
    seed: int
    weight_model: WeightModel
    concentration: float | None  # Dirichlet K (profile model only)
    score_uncertainty: bool  # did any score vary?
    uncertain_scores: int  # how many scores were drawn from their ranges
    sampled_criteria: tuple[str, ...]  # the criteria with non-zero weight (the rest stay 0)
    confidence_samples: int  # 0: confidence factors are exact (scores do not vary)
    options: tuple[OptionAcceptability, ...]
    pairwise: Mapping[str, Mapping[str, float]]  # a -> b -> share of samples with a above b

    @property
    def max_standard_error(self) -> float:
        """The largest standard error of any acceptability (at most 0.5 / sqrt(N))."""
        return max(se for row in self.options for se in row.acceptability_se)


def smaa(
    study: Study,
    weights: Weights,
    *,
    method: str | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    weight_model: WeightModel = WeightModel.uniform,
    concentration: float | None = None,
    fixed_scores: bool = False,
    confidence_samples: int | None = None,
    chunk_size: int | None = None,
    on_chunk: ProgressCallback | None = None,
) -> MonteCarlo:
    """Run SMAA-2 on ``study`` with ``samples`` samples; see the module docstring.

    ``weights`` is the profile: it decides the base ranking, which criteria stay at 0,
    and the centre (profile model) or the order (ordinal model) of the sampled weights.
    ``method`` is the aggregation method (default: the study's). ``on_chunk(done,
    total)`` is called after each chunk, for a progress bar.
    """
    concentration = _check(samples, seed, weight_model, concentration, confidence_samples)
    name = resolve_method(study, method)
    problem = _problem(study, weights, fixed_scores, name)
    method_scorer = scorer(problem)
    cells = problem.cells
    n, m = len(problem.ids), len(problem.active)
    chunk = _chunk_size(chunk_size, n)
    conf_n = 0
    if cells is not None:
        conf_n = confidence_samples or min(samples, DEFAULT_CONFIDENCE_SAMPLES)
    total = samples + conf_n
    draw_weights = weight_sampler(problem.profile, weight_model, concentration, seed)

    rank_counts = np.zeros(n * n, dtype=np.int64)
    pair_counts = np.zeros((n, n), dtype=np.int64)
    central_sums = np.zeros(m * n, dtype=np.float64)
    criterion_offsets = (np.arange(m, dtype=np.intp) * n)[:, None]
    for start in range(0, samples, chunk):
        stop = min(samples, start + chunk)
        chunk_blocks = blocks(start, stop)
        first_key = np.empty((n, stop - start))
        second_key = np.empty((n, stop - start)) if method_scorer.second_key else None
        drawn = []
        for b, at, size in chunk_blocks:
            # scored block by block: small products (one BLAS thread, the same shapes
            # whatever the chunk) and the score draws of one block in memory at a time
            w = draw_weights(b, size)
            prepared = None
            if cells is not None:
                rng = generator(seed, SCORE_STREAM, b)
                prepared = method_scorer.prepare(draw(cells, rng, size, problem.needs_raw))
            one, two = method_scorer.keys(w, prepared)
            first_key[:, at : at + size] = one
            if second_key is not None and two is not None:
                second_key[:, at : at + size] = two
            drawn.append(w)
        positions, pairs = _positions(first_key, second_key)
        pair_counts += pairs
        rank_counts += _rank_counts(positions)
        first = _first(positions)
        for (_, at, size), w in zip(chunk_blocks, drawn, strict=True):
            # summed block by block and added in order: no dependence on the chunk size
            index = first[at : at + size] + criterion_offsets
            central_sums += np.bincount(index.ravel(), weights=w.ravel(), minlength=m * n)
        if on_chunk is not None:
            on_chunk(stop, total)

    counts = rank_counts.reshape(n, n)
    firsts = counts[:, 0]
    central = central_sums.reshape(m, n)
    centrals: list[Matrix | None] = [
        central[:, j] / firsts[j] if firsts[j] > 0 else None for j in range(n)
    ]
    confidence = _confidence(method_scorer, centrals, seed, conf_n, chunk, samples, total, on_chunk)
    return _result(
        study, weights, name, problem, samples, seed, weight_model, concentration, conf_n,
        counts, pair_counts, centrals, confidence,
    )  # fmt: skip


def _check(
    samples: int,
    seed: int,
    model: WeightModel,
    concentration: float | None,
    confidence_samples: int | None,
) -> float | None:
    check_samples(samples)
    if seed < 0:
        raise UsageError(f"--seed must be a whole number >= 0, got {seed}")
    if confidence_samples is not None:
        check_samples(confidence_samples, "--confidence-samples")
    if concentration is not None:
        if not (math.isfinite(concentration) and concentration > 0):
            raise UsageError(f"--concentration must be a number > 0, got {concentration:g}")
        if model is not WeightModel.profile:
            raise UsageError(
                f"--concentration applies to --weight-model profile only, not {model.value}"
            )
    if model is WeightModel.profile:
        return DEFAULT_CONCENTRATION if concentration is None else float(concentration)
    return None


def _chunk_size(chunk_size: int | None, options: int) -> int:
    if chunk_size is None:
        per_chunk = _CHUNK_ELEMENTS // (BLOCK * max(options, 1))
        return BLOCK * max(1, min(MAX_CHUNK // BLOCK, per_chunk))
    if chunk_size % BLOCK or not BLOCK <= chunk_size <= MAX_CHUNK:
        raise ValueError(f"chunk_size must be a multiple of {BLOCK} up to {MAX_CHUNK}")
    return chunk_size


def _problem(
    study: Study, weights: Weights, fixed_scores: bool, method: Method = Method.additive
) -> Decision:
    """The decision matrix on the weighted criteria, with the ranged scores to draw."""
    return decision(study, weights, method, None if fixed_scores else ranged_cells(study))


def _positions(
    scores: Matrix, second: Matrix | None = None
) -> tuple[npt.NDArray[np.integer], npt.NDArray[np.int64]]:
    """Each option's place (0 = first) in each sample, and how often a is above b.

    Options are in id order and an exact tie goes to the earlier one, so the places of a
    sample are always a permutation: place_j = #{a < j above j} + #{b > j above j}.
    ``second`` (weakest link) breaks exact ties of ``scores`` before the id does.
    """
    n, size = scores.shape
    dtype = np.uint8 if n < 256 else np.uint16
    above = np.zeros((n, size), dtype=dtype)  # earlier options above each option
    beats = np.zeros((n, size), dtype=dtype)  # later options each option is above
    pairs = np.zeros((n, n), dtype=np.int64)
    wins = np.empty(size, dtype=bool)
    level = np.empty(size, dtype=bool)
    step = wins.view(np.uint8)
    for a in range(n - 1):
        for b in range(a + 1, n):
            if second is None:
                np.greater_equal(scores[a], scores[b], out=wins)
            else:
                np.greater(scores[a], scores[b], out=wins)
                np.equal(scores[a], scores[b], out=level)
                if level.any():
                    level &= second[a] >= second[b]
                    wins |= level
            np.add(above[b], step, out=above[b])
            np.add(beats[a], step, out=beats[a])
            count = np.count_nonzero(wins)
            pairs[a, b], pairs[b, a] = count, size - count
    later = np.arange(n - 1, -1, -1, dtype=dtype)[:, None]
    return above + (later - beats), pairs


def _rank_counts(positions: npt.NDArray[np.integer]) -> npt.NDArray[np.int64]:
    """How often each option takes each place: counts[j * n + place]."""
    n = positions.shape[0]
    dtype = positions.dtype if n * n <= np.iinfo(positions.dtype).max + 1 else np.intp
    codes = positions + (np.arange(n, dtype=dtype) * n)[:, None]  # small codes convert faster
    return np.bincount(codes.ravel(), minlength=n * n).astype(np.int64)


def _first(positions: npt.NDArray[np.integer]) -> Index:
    """The option in first place in each sample."""
    first = np.zeros(positions.shape[1], dtype=np.intp)
    for j in range(1, positions.shape[0]):
        first[positions[j] == 0] = j
    return first


def _wins(keys: Keys, j: int) -> npt.NDArray[np.bool_]:
    """Samples where option ``j`` comes first (an exact tie goes to the earlier id)."""
    scores, second = keys
    wins = np.ones(scores.shape[1], dtype=bool)
    if second is None:
        if j > 0:
            wins &= scores[j] > scores[:j].max(axis=0)
        if j + 1 < scores.shape[0]:
            wins &= scores[j] >= scores[j + 1 :].max(axis=0)
        return wins
    for other in range(scores.shape[0]):
        if other == j:
            continue
        level = scores[j] == scores[other]
        tiebreak = second[j] > second[other] if other < j else second[j] >= second[other]
        wins &= (scores[j] > scores[other]) | (level & tiebreak)
    return wins


def _confidence(
    method_scorer: Scorer,
    centrals: list[Matrix | None],
    seed: int,
    samples: int,
    chunk: int,
    done: int,
    total: int,
    on_chunk: ProgressCallback | None,
) -> list[float | None]:
    """Confidence factors: share of score draws where each option, at its central weights,
    comes first. Exact (1 or 0) when scores do not vary (``samples`` is then 0)."""
    who = [j for j, c in enumerate(centrals) if c is not None]
    result: list[float | None] = [None] * len(centrals)
    if not who:
        return result
    weights = np.array([centrals[j] for j in who], dtype=float).T  # active x options
    problem = method_scorer.problem
    cells = problem.cells
    if cells is None or samples == 0:
        first, second = method_scorer.keys(weights, None)
        for column, j in enumerate(who):
            keys = (
                first[:, column : column + 1],
                None if second is None else second[:, column : column + 1],
            )
            result[j] = float(_wins(keys, j)[0])
        return result
    wins = np.zeros(len(who), dtype=np.int64)
    for start in range(0, samples, chunk):
        stop = min(samples, start + chunk)
        for b, _, size in blocks(start, stop):
            rng = generator(seed, CONFIDENCE_STREAM, b)
            prepared = method_scorer.prepare(draw(cells, rng, size, problem.needs_raw))
            for column, j in enumerate(who):
                keys = method_scorer.keys(weights[:, column, None], prepared)
                wins[column] += np.count_nonzero(_wins(keys, j))
        if on_chunk is not None:
            on_chunk(done + stop, total)
    for column, j in enumerate(who):
        result[j] = int(wins[column]) / samples
    return result


def _result(
    study: Study,
    weights: Weights,
    method: Method,
    problem: Decision,
    samples: int,
    seed: int,
    model: WeightModel,
    concentration: float | None,
    confidence_samples: int,
    counts: npt.NDArray[np.int64],
    pairs: npt.NDArray[np.int64],
    centrals: list[Matrix | None],
    confidence: list[float | None],
) -> MonteCarlo:
    ranking = rank(study, weights, method)
    ids = list(problem.ids)
    n = len(ids)
    index = {option: j for j, option in enumerate(ids)}
    ranks = range(1, n + 1)
    options = []
    for row in ranking.rows:
        j = index[row.option]
        shares = tuple(int(c) / samples for c in counts[j])
        central = centrals[j]
        options.append(
            OptionAcceptability(
                option=row.option,
                base_rank=row.rank,
                acceptability=shares,
                acceptability_se=tuple(math.sqrt(p * (1.0 - p) / samples) for p in shares),
                first=shares[0],
                expected_rank=sum(r * int(c) for r, c in zip(ranks, counts[j], strict=True))
                / samples,
                central_weights=None
                if central is None
                else {
                    key: float(central[problem.active.index(key)]) if key in problem.active else 0.0
                    for key in study.criteria
                },
                confidence=confidence[j],
            )
        )
    pairwise = {
        a: {b: int(pairs[index[a], index[b]]) / samples for b in ids if b != a} for a in ids
    }
    cells = problem.cells
    return MonteCarlo(
        ranking=ranking,
        samples=samples,
        seed=seed,
        weight_model=model,
        concentration=concentration,
        score_uncertainty=cells is not None,
        uncertain_scores=0 if cells is None else cells.count,
        sampled_criteria=problem.active,
        confidence_samples=confidence_samples,
        options=tuple(options),
        pairwise=pairwise,
    )
