"""Packages across futures: every feasible package valued in the base study and in each
scenario, and the minimax-regret, maximin and expected-value packages, exactly.

The feasible packages are enumerated once (constraints as in the base study: scenarios
change scores, not costs). In scenario s each package P is worth V_s(P), the portfolio
value in that future (its scores, its weights: ``--weights`` for every scenario, else the
scenario's own profile or the study's default, as in ``policy scenarios``; the baseline
is the reference's score in that future). Its regret is r_s(P) = max_Q V_s(Q) - V_s(P)
(Savage 1951). The minimax-regret package minimises max_s r_s(P), the maximin package
maximises min_s V_s(P) (Wald 1950) and, when every scenario states a probability (the
base study takes the rest), the expected-value package maximises sum_s p_s V_s(P). The
empty package, which takes no option (the reference alone, when the study names one:
doing nothing new), is a candidate like any other. Within 1e-9 values are tied; ties go
to fewer options, then by ids, as for the best package.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from policy_options.core.portfolio import ENUMERATION_LIMIT
from policy_options.core.portfolio.enumerate import feasible_masks, members
from policy_options.core.portfolio.model import VALUE_TOLERANCE, PortfolioModel, build_model
from policy_options.core.study.files.model import Study
from policy_options.core.study.files.scenario_file import BASE_SCENARIO
from policy_options.core.study.scenarios import apply_scenario, base_probability, scenario_ids
from policy_options.core.study.weights import resolve_weights
from policy_options.errors import UsageError

Matrix = npt.NDArray[np.float64]
Masks = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Future:
    id: str
    name: str
    probability: float | None
    weights: str  # the profile used there


@dataclass(frozen=True)
class PackageAcross:
    """One package in every future: 0..1-of-the-weights values, regrets and summaries."""

    options: tuple[str, ...]
    values: dict[str, float]  # scenario -> V_s(P)
    regrets: dict[str, float]  # scenario -> r_s(P)
    max_regret: float
    worst: float
    expected: float | None


@dataclass(frozen=True)
class PortfolioFutures:
    study: Study
    futures: tuple[Future, ...]
    feasible_count: int
    reference: str | None
    best_in: dict[str, PackageAcross]  # scenario -> the best package there
    minimax_regret: PackageAcross
    maximin: PackageAcross
    expected: PackageAcross | None  # None unless every scenario states a probability
    seconds: float

    @property
    def candidates(self) -> tuple[PackageAcross, ...]:
        """The packages some rule or some future picks, each once: rules first."""
        found: dict[tuple[str, ...], PackageAcross] = {}
        rules = [self.minimax_regret, self.maximin, self.expected, *self.best_in.values()]
        for package in rules:
            if package is not None:
                found.setdefault(package.options, package)
        return tuple(found.values())


def package_values(model: PortfolioModel, masks: Masks) -> Matrix:
    """V(P) of each package (mask): option values added by block tables, plus interactions."""
    n = model.n
    u = np.array([model.utility(j) for j in range(n)])
    low_bits = (n + 1) // 2

    def table(block: range) -> Matrix:
        codes = np.arange(1 << len(block), dtype=np.int64)
        bits = ((codes[:, None] >> np.arange(len(block), dtype=np.int64)) & 1).astype(float)
        out: Matrix = bits @ u[list(block)]
        return out

    low, high = table(range(low_bits)), table(range(low_bits, n))
    values: Matrix = low[masks & ((1 << low_bits) - 1)] + high[masks >> low_bits]
    for a, b, k, d in model.interactions:
        values += model.w[k] * d * (((masks >> a) & (masks >> b) & 1) == 1)
    return values


def _pick(score: Matrix, masks: Masks, n: int) -> int:
    """The row of the best ``score`` (within 1e-9): fewer options, then by ids."""
    rows = np.flatnonzero(score >= score.max() - VALUE_TOLERANCE)
    return int(min(rows, key=lambda i: (int(masks[i]).bit_count(), members(int(masks[i]), n))))


def portfolio_futures(
    study: Study,
    weights: str | None = None,
    overrides: Sequence[str] = (),
    *,
    method: str | None = None,
    budget: Sequence[str] = (),
    require: Sequence[str] = (),
    forbid: Sequence[str] = (),
    size_max: int | None = None,
) -> PortfolioFutures:
    """Every feasible package of ``study`` (the base study) valued in every future."""
    if study.scenario is not None:
        raise ValueError("portfolio_futures takes the base study")
    if not study.scenarios:
        raise UsageError(
            "--scenarios: the study has no scenarios",
            hint="add scenarios/<name>.yaml files (see docs/scenarios.md)",
        )
    started = time.perf_counter()
    constraints = {"budget": budget, "require": require, "forbid": forbid, "size_max": size_max}
    rest = base_probability(study)
    futures: list[Future] = []
    models: list[PortfolioModel] = []
    for sid in scenario_ids(study):
        future = apply_scenario(study, sid)
        resolved = resolve_weights(future, weights, overrides)
        models.append(build_model(future, resolved, method=method, **constraints))  # type: ignore[arg-type]
        if sid == BASE_SCENARIO:
            futures.append(Future(sid, "Base study", rest, resolved.name))
        else:
            spec = study.scenarios[sid].spec
            futures.append(Future(sid, spec.name, spec.probability, resolved.name))
    base = models[0]
    if base.n > ENUMERATION_LIMIT:
        raise UsageError(
            f"--scenarios values every package exactly, up to {ENUMERATION_LIMIT} options"
            f" ({base.n} here)",
            hint="--forbid some options to bring the study within the limit",
        )
    masks, _ = feasible_masks(base)
    if masks.size == 0:
        raise UsageError("no package meets every constraint")
    values = np.column_stack([package_values(model, masks) for model in models])
    regrets = values.max(axis=0) - values
    max_regret, worst = regrets.max(axis=1), values.min(axis=1)
    expected = None
    if rest is not None:
        chances = np.array([f.probability or 0.0 for f in futures])
        expected = values @ chances
    ids = [f.id for f in futures]

    def across(row: int) -> PackageAcross:
        return PackageAcross(
            options=tuple(sorted(base.ids[j] for j in members(int(masks[row]), base.n))),
            values={s: float(values[row, i]) for i, s in enumerate(ids)},
            regrets={s: float(regrets[row, i]) for i, s in enumerate(ids)},
            max_regret=float(max_regret[row]),
            worst=float(worst[row]),
            expected=None if expected is None else float(expected[row]),
        )

    return PortfolioFutures(
        study=study,
        futures=tuple(futures),
        feasible_count=int(masks.size),
        reference=study.reference,
        best_in={s: across(_pick(values[:, i], masks, base.n)) for i, s in enumerate(ids)},
        minimax_regret=across(_pick(-max_regret, masks, base.n)),
        maximin=across(_pick(worst, masks, base.n)),
        expected=None if expected is None else across(_pick(expected, masks, base.n)),
        seconds=time.perf_counter() - started,
    )
