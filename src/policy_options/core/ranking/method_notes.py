"""What a method does with this study that its name does not say: the value functions it
ignores, and when PROMETHEE II is the additive ranking in another form.

``policy rank`` prints these as notes and ``policy compare`` uses :func:`repeats` so that a
method that repeats another is not counted as independent agreement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from policy_options.core.methods import get
from policy_options.core.study.files.model import Study
from policy_options.core.study.weights import Weights

PROMETHEE = "promethee"
ADDITIVE = "additive"


def weighted(study: Study, weights: Weights) -> list[str]:
    """The criteria with a weight above 0 (the others change no method's ranking)."""
    return [key for key in study.criteria if weights.normalised[key] > 0]


def ignored_value_functions(study: Study, weights: Weights, method: str) -> tuple[str, ...]:
    """The weighted criteria whose value function ``method`` ignores (it reads raw scores)."""
    if not get(method).raw_scores:
        return ()
    return tuple(
        key for key in weighted(study, weights) if study.criteria[key].value_function is not None
    )


@dataclass(frozen=True)
class Reduction:
    """PROMETHEE II with no preference function declared: phi(a) = n / (n - 1) * (V(a) -
    mean V), V the additive score on linear values (see :mod:`..methods.promethee`)."""

    ignored: tuple[str, ...]  # value functions PROMETHEE ignores; () = the additive ranking

    @property
    def exact(self) -> bool:
        """True when the PROMETHEE ranking is the study's additive ranking."""
        return not self.ignored


def promethee_reduction(study: Study, weights: Weights) -> Reduction | None:
    """The reduction when no weighted criterion declares a preference function, else None."""
    keys = weighted(study, weights)
    if any(study.criteria[key].preference is not None for key in keys):
        return None
    return Reduction(ignored_value_functions(study, weights, PROMETHEE))


def notes(study: Study, weights: Weights, method: str) -> tuple[str, ...]:
    """One line each on what ``method`` does here that its name does not say."""
    found: list[str] = []
    reduction = promethee_reduction(study, weights) if method == PROMETHEE else None
    if reduction is not None and reduction.exact:
        found.append(
            "promethee: no preference function is declared, so its net flow is"
            " n/(n−1) × (additive score − mean score): the additive ranking, exactly."
        )
    ignored = ignored_value_functions(study, weights, method)
    if ignored:
        names = ", ".join(study.criteria[key].name for key in ignored)
        line = f"{method} ranks on raw scores: it ignores the value functions of {names}"
        if reduction is not None:
            line += (
                "; with no preference function declared it ranks as additive would on linear values"
            )
        found.append(line + ".")
    return tuple(found)


def repeats(study: Study, weights: Weights, methods: Sequence[str]) -> dict[str, str]:
    """method -> the method among ``methods`` whose ranking it repeats by construction
    (PROMETHEE without preference functions or value functions repeats additive)."""
    if PROMETHEE not in methods or ADDITIVE not in methods:
        return {}
    reduction = promethee_reduction(study, weights)
    return {PROMETHEE: ADDITIVE} if reduction is not None and reduction.exact else {}
