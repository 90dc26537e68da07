"""How much of a study rests on its sources: the share of scores that carry a quote,
overall, by basis (text, inference, outside, unstated) and by option
(``policy sources --coverage``).

Every score of every option counts, the reference and modifier criteria included; a
scenario's overrides do not (they replace scores of the base study in one future).
Whether a quote is *found* in its source is ``policy validate --sources``'s business.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from policy_options.core.study.files.model import Study
from policy_options.core.study.files.option_file import Basis, Score

UNSTATED = "unstated"
"""The basis row of scores that give no ``basis``."""

BASES = (Basis.TEXT.value, Basis.INFERENCE.value, Basis.OUTSIDE.value, UNSTATED)


@dataclass(frozen=True)
class CoverageRow:
    """One line of the coverage: how many scores, how many of them quoted."""

    group: str  # overall | basis | option
    key: str  # "all", a basis, an option id
    label: str  # what a reader sees: "All scores", "text", the option's title
    scores: int
    quoted: int

    @property
    def share(self) -> float | None:
        """quoted / scores (None when there are no scores)."""
        return self.quoted / self.scores if self.scores else None


@dataclass(frozen=True)
class Coverage:
    """The share of quoted scores, overall, by basis and by option."""

    study_title: str
    overall: CoverageRow
    by_basis: tuple[CoverageRow, ...]  # only the bases some score has, in BASES order
    by_option: tuple[CoverageRow, ...]  # in the study's option order

    @property
    def rows(self) -> tuple[CoverageRow, ...]:
        return (self.overall, *self.by_basis, *self.by_option)


def _quoted(score: Score) -> bool:
    return bool((score.quote or "").strip())


def _basis(score: Score) -> str:
    return score.basis.value if score.basis is not None else UNSTATED


def _row(group: str, key: str, label: str, scores: Iterable[Score]) -> CoverageRow:
    found = list(scores)
    return CoverageRow(group, key, label, len(found), sum(_quoted(s) for s in found))


def coverage(study: Study) -> Coverage:
    """Count the scores of every option and those with a quote."""
    every = [score for option in study.options.values() for score in option.spec.scores.values()]
    by_basis = tuple(
        _row("basis", basis, basis, (s for s in every if _basis(s) == basis))
        for basis in BASES
        if any(_basis(s) == basis for s in every)
    )
    by_option = tuple(
        _row("option", option.id, option.title, option.spec.scores.values())
        for option in study.options.values()
    )
    return Coverage(study.title, _row("overall", "all", "All scores", every), by_basis, by_option)
