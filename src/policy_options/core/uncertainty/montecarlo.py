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
block index); weights, scores and the confidence run use separate streams. A block is
scored a part at a time (the chunk: as many samples as fit ``MEMORY_BUDGET`` for the
study's options x options and options x criteria arrays, or ``chunk_size``), its score
draws taken column by column from the block's stream (:mod:`.montecarlo_chunks`).
Counts are integers, and the central weights are summed block by block, the block sums
added in order, so the chunk changes nothing but speed and memory.

Ranks: each sample's options are sorted once (a stable ``argsort``, so an exact tie goes
to the earlier id) and the (option, place) codes counted with ``bincount``: no options x
options array per sample. The pairwise matrix does cost options^2 per sample: it covers
every pair up to ``PAIRWISE_ALL_UP_TO`` options, above that the top ``PAIRWISE_TOP`` of
the base ranking (``pairwise="all" | "top:K" | "none"`` chooses), and the result says
which (``pairwise_scope``).

Ties: options are in id order and an exact tie goes to the earlier id, as in the
ranking. Under continuous sampling any other tie has probability zero; options with
identical scores get bit-identical keys, so fixed scores with identical options tie
exactly and are ordered by id, sample after sample; so do options the weighted product
vetoes (a 0 on a weighted criterion). Weakest link ties often (equal weakest values):
its second key, the additive score, orders them, then the id.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from policy_options.core.interchange.tabular import Tabular
from policy_options.core.methods import Method
from policy_options.core.ranking.rank import Ranking, rank
from policy_options.core.study.files.model import Study
from policy_options.core.study.weights import Weights
from policy_options.core.uncertainty.decision import Decision, Matrix, decision
from policy_options.core.uncertainty.montecarlo_chunks import chunk_width, parts
from policy_options.core.uncertainty.montecarlo_confidence import (
    ProgressCallback,
    confidence_factors,
)
from policy_options.core.uncertainty.sample_ranks import best_first, pairs_above
from policy_options.core.uncertainty.sampling import (
    BLOCK as BLOCK,  # re-exported: the draw block, for callers and tests
)
from policy_options.core.uncertainty.sampling import (
    SCORE_STREAM,
    blocks,
    ranged_cells,
    weight_sampler,
)
from policy_options.core.uncertainty.settings import (
    DEFAULT_CONFIDENCE_SAMPLES,
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    PAIRWISE_ALL_UP_TO,
    PAIRWISE_TOP,
    WeightModel,
    check_samples,
    check_weight_settings,
    resolve_method,
)
from policy_options.core.uncertainty.vectorised import scorer
from policy_options.errors import UsageError


@dataclass(frozen=True)
class OptionAcceptability:
    """One option's SMAA-2 figures (shares are 0..1).

    The shares at each rank are kept as integer counts and turned into floats when read:
    a 2,000-option study has 4,000,000 of them.
    """

    option: str
    base_rank: int  # its rank under the profile's weights and the scores as given
    counts: npt.NDArray[np.int64] = field(compare=False, repr=False)  # samples at rank 1..n
    samples: int
    first: float  # = acceptability[0]
    expected_rank: float
    central_weights: Mapping[str, float] | None  # None when it never comes first
    confidence: float | None  # None when it never comes first

    @property
    def acceptability(self) -> tuple[float, ...]:
        """Share of samples at rank 1..n."""
        return tuple(int(c) / self.samples for c in self.counts)

    @property
    def acceptability_se(self) -> tuple[float, ...]:
        """Monte Carlo standard error of each share: sqrt(p (1 - p) / N)."""
        return tuple(math.sqrt(p * (1.0 - p) / self.samples) for p in self.acceptability)


@dataclass(frozen=True)
class MonteCarlo(Tabular):
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
    pairwise_scope: str = "all"  # "all" pairs, "top" K of the base ranking, or "none"
    pairwise_options: tuple[str, ...] = ()  # the options the pairwise matrix covers

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
    pairwise: str | None = None,
    chunk_size: int | None = None,
    on_chunk: ProgressCallback | None = None,
) -> MonteCarlo:
    """Run SMAA-2 on ``study`` with ``samples`` samples; see the module docstring.

    ``weights`` is the profile: it decides the base ranking, which criteria stay at 0,
    and the centre (profile model) or the order (ordinal model) of the sampled weights.
    ``method`` is the aggregation method (default: the study's). ``pairwise`` is
    ``"all"``, ``"top:K"`` or ``"none"`` (default: all up to ``PAIRWISE_ALL_UP_TO``
    options, else the top ``PAIRWISE_TOP``). ``on_chunk(done, total)`` is called after
    each chunk, for a progress bar.
    """
    concentration = _check(samples, seed, weight_model, concentration, confidence_samples)
    name = resolve_method(study, method)
    problem = _problem(study, weights, fixed_scores, name)
    method_scorer = scorer(problem)
    cells = problem.cells
    n, m = len(problem.ids), len(problem.active)
    base = rank(study, weights, name)
    scope, compared = _pairwise_scope(pairwise, base, n)
    index = {option: j for j, option in enumerate(problem.ids)}
    among = np.array([index[option] for option in compared], dtype=np.intp)
    width = chunk_width(chunk_size, problem, method_scorer, among.size)
    conf_n = 0
    if cells is not None:
        conf_n = confidence_samples or min(samples, DEFAULT_CONFIDENCE_SAMPLES)
    total = samples + conf_n
    draw_weights = weight_sampler(problem.profile, weight_model, concentration, seed)

    rank_counts = np.zeros(n * n, dtype=np.int64)
    pair_counts = np.zeros((among.size, among.size), dtype=np.int64)
    central_sums = np.zeros(m * n, dtype=np.float64)
    criterion_offsets = (np.arange(m, dtype=np.intp) * n)[:, None]
    places = np.arange(n, dtype=np.intp)
    for b, at, size in blocks(0, samples):
        w = draw_weights(b, size)
        first = np.empty(size, dtype=np.intp)
        for start, stop, prepared in parts(method_scorer, seed, SCORE_STREAM, b, size, width):
            order = best_first(method_scorer.keys(w[:, start:stop], prepared))
            first[start:stop] = order[:, 0]
            if among.size > 1:
                pair_counts += pairs_above(order, among)
            order *= n  # now the code of (option, place): option * n + place
            order += places
            rank_counts += np.bincount(order.ravel(), minlength=n * n)
            if on_chunk is not None and stop < size:
                on_chunk(at + stop, total)
        # summed block by block and added in order: no dependence on the chunk size
        codes = first + criterion_offsets
        central_sums += np.bincount(codes.ravel(), weights=w.ravel(), minlength=m * n)
        if on_chunk is not None:
            on_chunk(at + size, total)

    counts = rank_counts.reshape(n, n)
    firsts = counts[:, 0]
    central = central_sums.reshape(m, n)
    centrals: list[Matrix | None] = [
        central[:, j] / firsts[j] if firsts[j] > 0 else None for j in range(n)
    ]
    confidence = confidence_factors(
        method_scorer, centrals, seed, conf_n, width, samples, total, on_chunk
    )
    return _result(
        study, base, name, problem, samples, seed, weight_model, concentration, conf_n,
        counts, pair_counts, centrals, confidence, scope, compared,
    )  # fmt: skip


def _check(
    samples: int,
    seed: int,
    model: WeightModel,
    concentration: float | None,
    confidence_samples: int | None,
) -> float | None:
    check_samples(samples)
    if confidence_samples is not None:
        check_samples(confidence_samples, "--confidence-samples")
    return check_weight_settings(seed, model, concentration)


def _pairwise_scope(pairwise: str | None, base: Ranking, n: int) -> tuple[str, tuple[str, ...]]:
    """("all" | "top" | "none", the options the pairwise matrix covers, in base order)."""
    ordered = tuple(row.option for row in base.rows)
    spec = (pairwise or "").strip().lower()
    if not spec:
        spec = "all" if n <= PAIRWISE_ALL_UP_TO else f"top:{PAIRWISE_TOP}"
    if spec == "all":
        return "all", ordered
    if spec == "none":
        return "none", ()
    kind, _, k = spec.partition(":")
    if kind == "top" and k.isdigit() and int(k) >= 1:
        if int(k) >= n:
            return "all", ordered
        return "top", ordered[: int(k)]
    raise UsageError(
        f"--pairwise must be all, none or top:K (K a whole number >= 1), got {pairwise!r}"
    )


def _problem(
    study: Study, weights: Weights, fixed_scores: bool, method: Method = Method.additive
) -> Decision:
    """The decision matrix on the weighted criteria, with the ranged scores to draw."""
    return decision(study, weights, method, None if fixed_scores else ranged_cells(study))


def _result(
    study: Study,
    ranking: Ranking,
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
    scope: str,
    compared: tuple[str, ...],
) -> MonteCarlo:
    ids = list(problem.ids)
    n = len(ids)
    index = {option: j for j, option in enumerate(ids)}
    ranks = np.arange(1, n + 1, dtype=np.int64)
    options = []
    for row in ranking.rows:
        j = index[row.option]
        central = centrals[j]
        options.append(
            OptionAcceptability(
                option=row.option,
                base_rank=row.rank,
                counts=counts[j],
                samples=samples,
                first=int(counts[j, 0]) / samples,
                expected_rank=int(counts[j] @ ranks) / samples,
                central_weights=None
                if central is None
                else {
                    key: float(central[problem.active.index(key)]) if key in problem.active else 0.0
                    for key in study.criteria
                },
                confidence=confidence[j],
            )
        )
    where = {option: k for k, option in enumerate(compared)}
    covered = sorted(compared, key=index.__getitem__)  # id order, as the options
    pairwise = {
        a: {b: int(pairs[where[a], where[b]]) / samples for b in covered if b != a} for a in covered
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
        pairwise_scope=scope,
        pairwise_options=compared,
    )
