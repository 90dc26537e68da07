"""``policy judgements``: the analysts and their coverage; ``--disagreement``: who
disagrees, whether it changes the leader, their rankings and a consensus."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from policy_options.cli.common import (
    Format,
    FormatOpt,
    MethodOpt,
    OutputOpt,
    RevOpt,
    StudyOpt,
    WeightsOpt,
    emit,
    emit_document,
    load_for,
)
from policy_options.errors import UsageError


def judgements_command(
    disagreement: Annotated[
        bool,
        typer.Option(
            "--disagreement",
            help="Per judged cell: each analyst's value, the spread and the share of the pooled"
            " distribution over which the leader changes (sorted by it); each analyst's"
            " ranking and a consensus (Kemeny-Young up to 8 options, Borda above).",
        ),
    ] = False,
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    method: MethodOpt = None,
    rev: RevOpt = None,
    format_: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """List the analysts (judgements/<analyst>/) and what they scored; with
    --disagreement, which of their disagreements change the answer.

    With --rev REV (a Delphi round is a git revision), --disagreement also shows each
    cell's spread at REV: did the team converge, and on which cells.
    """
    loaded = load_for(study, judgements="none")
    if not loaded.analysts:
        raise UsageError(
            "the study has no judgements",
            hint="add an analyst with `policy new analyst NAME`",
        )
    from policy_options.core.study.judgements import disagreement as core
    from policy_options.render.views import judgements as view

    if not disagreement:
        if rev is not None:
            raise UsageError("--rev compares spreads: give it with --disagreement")
        rows = core.coverage(loaded)
        cells = len(loaded.options) * len(loaded.all_criteria)
        if format_ is Format.json:
            from policy_options.render import jsontext

            analysts = [
                {"analyst": a, "cells": n, "options": o, "weights": w} for a, n, o, w in rows
            ]
            emit(jsontext.dumps({"analysts": analysts, "cells": cells}), output)
            return
        emit_document(view.coverage(loaded.title, rows, cells), format_, output)
        return
    before = load_for(study, rev, judgements="none") if rev is not None else None
    result = core.disagreement(loaded, weights, method, before, rev)
    if format_ is Format.json:
        from policy_options.render import jsontext

        emit(jsontext.dumps({"disagreement": dataclasses.asdict(result)}), output)
        return
    emit_document(view.disagreement(result), format_, output)
