"""``policy sources``: each source, its file, and whether the quotes citing it are in it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from policy_options.cli.common import (
    Format,
    FormatOpt,
    OutputOpt,
    SourcesOpt,
    StudyOpt,
    emit,
    emit_document,
    load_for,
)
from policy_options.core.study.suggest import did_you_mean
from policy_options.errors import UsageError

if TYPE_CHECKING:
    from policy_options.core.study.files.model import Study


def sources_command(
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="ID",
            help="Show every quote citing this source: where it is and what cites it.",
            show_default=False,
        ),
    ] = None,
    coverage: Annotated[
        bool,
        typer.Option(
            "--coverage",
            help="The share of scores with a quote: overall, by basis and by option.",
        ),
    ] = False,
    study: StudyOpt = None,
    sources: SourcesOpt = None,
    format_: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """List the study's sources: reference, file (found or not), quotes citing it, all found?

    Quotes are matched against the source's text after normalising both (Unicode
    NFKC, curly and straight quotes alike, dashes alike, hyphenation and whitespace).
    With --source ID: every quote with its paragraph (or PDF page) and character
    offset, and the option and criterion citing it. With --coverage: the share of
    scores that carry a quote, overall, by basis (text, inference, outside) and by option.
    """
    loaded = load_for(study)
    if coverage:
        _coverage(loaded, format_, output)
        return
    from policy_options.core.study.sources.provenance import check

    if source is not None and source not in loaded.spec.sources:
        raise UsageError(
            f"unknown source '{source}'{did_you_mean(source, loaded.spec.sources)}",
            hint="`policy sources` lists them",
        )
    result = check(loaded, sources or ())
    if format_ is Format.json:
        from policy_options.render import jsonout

        emit(jsonout.sources(result, source), output)
        return
    from policy_options.render.views.sources import sources as view

    emit_document(view(result, source), format_, output)


def _coverage(loaded: Study, format_: Format, output: Path | None) -> None:
    from policy_options.core.study.sources.coverage import coverage

    result = coverage(loaded)
    if format_ is Format.json:
        from policy_options.render import jsonout

        emit(jsonout.coverage(result), output)
        return
    from policy_options.render.views.sources import coverage as view

    emit_document(view(result), format_, output)
