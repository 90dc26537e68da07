"""``policy explain OPTION``: why an option scores what it does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from policy_options.cli.common import (
    ExcludeFailingOpt,
    Format,
    FormatOpt,
    JudgementsOpt,
    MethodOpt,
    OutputOpt,
    RevOpt,
    ScenarioOpt,
    SetOpt,
    SourcesOpt,
    StudyOpt,
    WeightsOpt,
    emit,
    emit_document,
    study_and_weights,
)
from policy_options.core.ranking.explain import explain
from policy_options.core.ranking.rank import rank

if TYPE_CHECKING:
    from policy_options.core.study.files.model import Study
    from policy_options.core.study.sources.citations import QuoteItem


def explain_command(
    option: Annotated[str, typer.Argument(help="The option's id (its file name without .yaml).")],
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    set_: SetOpt = None,
    scenario: ScenarioOpt = None,
    judgements: JudgementsOpt = None,
    method: MethodOpt = None,
    rev: RevOpt = None,
    exclude_failing: ExcludeFailingOpt = False,
    format_: FormatOpt = Format.table,
    output: OutputOpt = None,
    sources: SourcesOpt = None,
) -> None:
    """Explain one option's score and its place in the ranking.

    Per criterion: the raw score with its unit and range, the 0-1 value, the
    weight, the contribution, the rationale and quote; then the criteria that
    separate it from the options ranked just above and below. Each quote shows where
    it is in its source's file (paragraph or PDF page, character offset) when the
    file is found (--sources DIR looks elsewhere too).
    """
    from policy_options.core.study.sources.provenance import check

    loaded, resolved = study_and_weights(study, weights, set_, scenario, rev, judgements=judgements)
    result = explain(rank(loaded, resolved, method, exclude_failing=exclude_failing), option)
    provenance = check(loaded, sources or (), _quotes_of(loaded, option))
    if format_ is Format.json:
        from policy_options.render import jsonout

        emit(jsonout.explanation(result, provenance), output)
        return
    from policy_options.render.views.explain import explanation

    emit_document(explanation(result, provenance), format_, output)


def _quotes_of(study: Study, option: str) -> list[QuoteItem]:
    """The explained option's quotes only: the others need not be read or matched."""
    from policy_options.core.study.sources.citations import quote_items

    return [item for item in quote_items(study) if item.option == option]
