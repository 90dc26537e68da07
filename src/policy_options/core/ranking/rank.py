"""Rank a study's options under a method: the frozen result every renderer and ``explain`` reads."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from policy_options.core.interchange.tabular import Tabular
from policy_options.core.methods import MethodSpec, get
from policy_options.core.methods.base import Preference, Problem, ScoreError, modified
from policy_options.core.ranking.method_notes import notes
from policy_options.core.study.files.criteria import Direction
from policy_options.core.study.files.model import Study
from policy_options.core.study.values import value, value_of
from policy_options.core.study.weights import Weights
from policy_options.errors import UsageError

TIE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class RankedOption:
    rank: int
    option: str
    title: str
    stance: str | None
    score: float  # 0..1
    values: dict[str, float]  # criterion -> 0..1
    contributions: dict[str, float]  # criterion -> the method's contribution (its spec says)
    details: dict[str, float | str | None] = field(default_factory=dict)  # e.g. closeness, phi
    fails: tuple[str, ...] = ()  # criteria whose threshold the option fails
    factor: float = 1.0  # the product of the option's modifier factors (0..1)

    def top_contributors(self, n: int = 3) -> list[tuple[str, float]]:
        """The ``n`` criteria that add most to the score, largest first (ties by id)."""
        ranked = sorted(self.contributions.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(key, share) for key, share in ranked[:n] if share > 0]


@dataclass(frozen=True)
class Ranking(Tabular):
    """Options in rank order, with the weights and method that produced them."""

    study: Study
    method: str
    weights: Weights
    rows: tuple[RankedOption, ...]
    excluded: tuple[str, ...] = ()  # options dropped by --exclude-failing
    score_per_contribution: float | None = 1.0  # d(score)/d(contribution) when additive
    notes: tuple[str, ...] = ()  # what the method does here that its name does not say

    def row(self, option: str) -> RankedOption:
        for row in self.rows:
            if row.option == option:
                return row
        raise KeyError(option)

    @property
    def reference(self) -> RankedOption | None:
        """The row of the study's do-nothing reference option (None: the study names none,
        or it was excluded for failing a threshold)."""
        key = self.study.reference
        if key is None:
            return None
        return next((row for row in self.rows if row.option == key), None)

    def gain(self, row: RankedOption) -> float | None:
        """``row``'s score minus the reference's (0..1 units; None without a reference)."""
        reference = self.reference
        return None if reference is None else row.score - reference.score

    def worse_than_reference(self, row: RankedOption) -> bool:
        """Does ``row`` score below the reference (by more than 1e-9)?"""
        gain = self.gain(row)
        return gain is not None and gain < -TIE_TOLERANCE

    def top(self, n: int | None) -> Ranking:
        """The options ranked ``n`` or better (all when None); a tie at ``n`` shows whole.
        The reference stays, wherever it ranks: it is the line the others are read against."""
        if n is None:
            return self
        key = self.study.reference
        rows = tuple(row for row in self.rows if row.rank <= n or row.option == key)
        return Ranking(
            self.study,
            self.method,
            self.weights,
            rows,
            self.excluded,
            self.score_per_contribution,
            self.notes,
        )

    @property
    def contributions_note(self) -> str:
        return get(self.method).contribution


def _runs(
    items: list[tuple[float, str]], key: Callable[[tuple[float, str]], float]
) -> list[list[tuple[float, str]]]:
    """Split ``items`` (sorted best first by ``key``) into runs within 1e-9 of their leader."""
    runs: list[list[tuple[float, str]]] = []
    for item in items:
        if runs and key(runs[-1][0]) - key(item) <= TIE_TOLERANCE:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def order_and_rank(
    scored: Sequence[tuple[float, str]], tiebreak: dict[str, float] | None = None
) -> list[tuple[int, float, str]]:
    """Sort (score, id) pairs best first and give competition ranks (1, 2, 2, 4).

    Scores within 1e-9 of a group's best are equal (so rounding noise never decides);
    inside such a group ``tiebreak`` (a second score per id, higher is better) orders
    the options, again with 1e-9 for equal; what is still equal shares a rank and is
    listed by id, so the output is deterministic.
    """
    second = tiebreak or {}
    ordered = sorted(scored, key=lambda item: (-item[0], item[1]))
    result: list[tuple[int, float, str]] = []
    for group in _runs(ordered, lambda item: item[0]):
        inner = sorted(group, key=lambda item: (-second.get(item[1], 0.0), item[1]))
        for tie in _runs(inner, lambda item: second.get(item[1], 0.0)):
            rank_here = len(result) + 1
            result.extend((rank_here, score, key) for score, key in sorted(tie, key=lambda i: i[1]))
    return result


def value_matrix(study: Study) -> dict[str, dict[str, float]]:
    """option -> criterion -> 0..1 value."""
    return {
        option.id: {
            key: value(criterion, option.spec.scores[key].value)
            for key, criterion in study.criteria.items()
        }
        for option in study.options.values()
    }


def factors(study: Study, options: Sequence[str] | None = None) -> tuple[float, ...]:
    """Per option (default: all, in the study's order), the product of its modifiers'
    factors: m_i = prod_k f_k(x_ik), each f_k the modifier's value function onto 0..1.
    Empty when the study declares no modifier."""
    modifiers = study.modifiers
    if not modifiers:
        return ()
    ids = options if options is not None else list(study.options)
    found = []
    for key in ids:
        scores = study.options[key].spec.scores
        factor = 1.0
        for criterion_id, criterion in modifiers.items():
            factor *= value(criterion, scores[criterion_id].value)
        found.append(factor)
    return tuple(found)


def failures(study: Study) -> dict[str, tuple[str, ...]]:
    """option -> the criteria whose threshold (worst acceptable raw score) it fails: red
    lines, modifiers' thresholds included."""
    gated = [(key, c) for key, c in study.all_criteria.items() if c.threshold is not None]
    return {
        option.id: tuple(
            key for key, criterion in gated if criterion.fails(option.spec.scores[key].value)
        )
        for option in study.options.values()
    }


def problem_of(study: Study, weights: Weights, options: Sequence[str] | None = None) -> Problem:
    """The decision matrix of ``study`` (or of the given options) for a method."""
    ids = tuple(options if options is not None else study.options)
    keys = tuple(study.criteria)
    criteria = study.criteria
    preferences = []
    for key in keys:
        spec = criteria[key].preference
        width = criteria[key].scale.max - criteria[key].scale.min
        preferences.append(
            Preference("v-shape", 0.0, width, 0.0)
            if spec is None
            else Preference(spec.function.value, spec.q, spec.p, spec.s)
        )
    raw = tuple(tuple(study.options[i].spec.scores[k].value for k in keys) for i in ids)
    columns = [
        list(map(value_of(criteria[k]), [row[j] for row in raw])) for j, k in enumerate(keys)
    ]
    return Problem(
        options=ids,
        criteria=keys,
        raw=raw,
        values=tuple(zip(*columns, strict=True)) if ids else (),
        higher_is_better=tuple(criteria[k].direction is Direction.HIGHER_IS_BETTER for k in keys),
        weights=tuple(weights.normalised[k] for k in keys),
        preferences=tuple(preferences),
        modifiers=factors(study, ids),
    )


def rank(
    study: Study,
    weights: Weights,
    method: str | None = None,
    *,
    exclude_failing: bool = False,
) -> Ranking:
    """Rank the options of ``study`` with ``weights`` under ``method`` (default: the study's)."""
    chosen = method if method is not None else study.spec.defaults.method
    return rank_each(study, weights, [chosen], exclude_failing=exclude_failing)[0]


def rank_each(
    study: Study,
    weights: Weights,
    methods: Sequence[str],
    *,
    exclude_failing: bool = False,
) -> tuple[Ranking, ...]:
    """:func:`rank` under each of ``methods``, the decision matrix built once."""
    specs = [get(method) for method in methods]
    failed = failures(study)
    # the reference is what a failed measure leaves in place, not a competitor: it stays,
    # so --exclude-failing never changes how the others are scored against it
    kept = [
        key
        for key in study.options
        if key == study.reference or not (exclude_failing and failed[key])
    ]
    if not kept:
        raise UsageError("every option fails a threshold: nothing is left to rank")
    problem = problem_of(study, weights, kept)
    return tuple(_ranking(study, weights, spec, problem, failed) for spec in specs)


def located(study: Study, error: ScoreError) -> ScoreError:
    """``error`` with the file, line and column of the score it names in front."""
    from policy_options.core.study.sources.citations import locate_value

    option = study.options.get(error.option)
    if option is None or error.criterion not in study.criteria:
        return error
    where = locate_value(option.file, ("scores", error.criterion))
    return ScoreError(
        f"{where}: {error.message}",
        option=error.option,
        criterion=error.criterion,
        hint=error.hint,
        reason=error.reason,
    )


def _ranking(
    study: Study,
    weights: Weights,
    spec: MethodSpec,
    problem: Problem,
    failed: dict[str, tuple[str, ...]],
) -> Ranking:
    kept = list(problem.options)
    try:
        reference = study.reference
        at = problem.options.index(reference) if reference in problem.options else None
        evaluation = modified(spec.evaluate(problem), problem.modifiers, at)
    except ScoreError as exc:
        raise located(study, exc) from None
    factor = dict(zip(kept, problem.modifiers, strict=True)) if problem.modifiers else {}
    keys = problem.criteria
    by_id = {
        key: (
            score,
            dict(zip(keys, values, strict=True)),
            dict(zip(keys, shares, strict=True)),
            evaluation.details[i] if evaluation.details else {},
        )
        for i, (key, score, values, shares) in enumerate(
            zip(kept, evaluation.scores, problem.values, evaluation.contributions, strict=True)
        )
    }
    tiebreak = dict(zip(kept, evaluation.tiebreak, strict=True)) if evaluation.tiebreak else None
    rows = tuple(
        RankedOption(
            rank=position,
            option=key,
            title=study.options[key].title,
            stance=study.options[key].spec.stance,
            score=score,
            values=by_id[key][1],
            contributions=by_id[key][2],
            details=by_id[key][3],
            fails=failed[key],
            factor=factor.get(key, 1.0),
        )
        for position, score, key in order_and_rank([(by_id[key][0], key) for key in kept], tiebreak)
    )
    keep = set(kept)
    excluded = tuple(key for key in study.options if key not in keep)
    return Ranking(
        study,
        spec.name,
        weights,
        rows,
        excluded,
        evaluation.score_per_contribution,
        notes(study, weights, spec.name),
    )
