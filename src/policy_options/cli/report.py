"""``policy report``: a decision brief, one HTML file or Markdown with its charts as SVG.

jinja2 and matplotlib are imported inside the command (through render/report), never at
the top: ``policy rank`` and ``policy --help`` do not load them.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated

import typer

from policy_options.atomic import write_atomic
from policy_options.cli.common import (
    ConcentrationOpt,
    JudgementsOpt,
    MethodOpt,
    SamplesOpt,
    ScenarioOpt,
    SeedOpt,
    SetOpt,
    SourcesOpt,
    StudyOpt,
    WeightModelOpt,
    WeightsOpt,
    analysis,
    check_writable,
    required_output,
)
from policy_options.core.uncertainty.settings import DEFAULT_SAMPLES, DEFAULT_SEED, WeightModel
from policy_options.errors import UsageError

REPORT_FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".qmd": "quarto",
    ".pdf": "pdf",
}

BriefOpt = Annotated[
    bool,
    typer.Option(
        "--brief",
        help="One page for a director: the bottom line, the recommendation, one chart, what"
        " would change it and the source (HTML or PDF).",
    ),
]


def report_command(
    output: Annotated[
        Path,
        required_output(
            "The report to write: FILE.html (one self-contained file), FILE.pdf (that page"
            " printed: WeasyPrint, else headless Chromium), FILE.md (its charts as SVG files"
            " in FILE_files/ beside it) or FILE.qmd (Quarto: the Markdown with front matter"
            " and stable #sec-, #fig-, #tbl- ids; charts in FILE_files/)."
        ),
    ],
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    set_: SetOpt = None,
    method: MethodOpt = None,
    scenario: ScenarioOpt = None,
    judgements: JudgementsOpt = None,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    seed: SeedOpt = DEFAULT_SEED,
    weight_model: WeightModelOpt = WeightModel.uniform,
    concentration: ConcentrationOpt = None,
    sources: SourcesOpt = None,
    brief_only: BriefOpt = False,
) -> None:
    """Write a decision report: the bottom line first (what we recommend, how sure we are,
    what would change it), then the ranking, the top options explained, how far it can be
    trusted, every score's rationale and quote, the sources. --brief writes one page.

    HTML is one file with inline SVG charts and CSS, nothing fetched; its one small
    inline script moves the weights (additive studies) and, with JavaScript off, the page
    is the static report. PDF prints that page (page numbers, the study's title and
    revision in the footer). Markdown links its charts as SVG
    files in FILE_files/, so it renders on GitHub. Quarto (FILE.qmd) is that Markdown
    with front matter and stable ids (#sec-ranking, #fig-ranking, #tbl-ranking...) to
    cross-reference or embed in a manuscript; _FILE.qmd leaves the front matter out, to
    be included in one. Each quote shows its paragraph in its source (¶ 12) when the
    source's file is found (--sources DIR looks elsewhere too).
    """
    kind = REPORT_FORMATS.get(output.suffix.lower())
    if kind is None:
        raise UsageError(
            f"cannot tell the report format of '{output}': name it .html, .pdf, .md or .qmd",
        )
    if brief_only and kind not in ("html", "pdf"):
        raise UsageError("--brief writes one page: name the output .html or .pdf")
    check_writable(output)
    folder = output.with_name(f"{output.stem}_files")  # Markdown's charts
    if kind != "html" and folder.exists() and not folder.is_dir():
        raise UsageError(f"cannot write the charts: '{folder}' is not a folder")
    from policy_options.core.brief import build_brief
    from policy_options.render import report

    if kind == "pdf":
        from policy_options.render.report.pdf import engine

        using = engine()  # before the analysis: no engine, no wait

    with analysis(
        study,
        weights,
        set_,
        scenario,
        method,
        samples,
        seed,
        weight_model,
        concentration,
        judgements=judgements,
    ) as (loaded, resolved, settings):
        brief = build_brief(loaded, resolved, settings, sources or ())
    if kind == "html":
        write_atomic(output, report.report_html(brief, one_page=brief_only))
    elif kind == "pdf":
        from policy_options.render.report.pdf import pdf_bytes

        page = report.report_html(brief, one_page=brief_only, interactive=False)
        write_atomic(output, pdf_bytes(page, using))
    else:
        if kind == "markdown":
            text, files = report.report_markdown(brief, folder.name)
        else:
            from policy_options.render.report.quarto import report_quarto

            partial = output.name.startswith("_")  # Quarto's name for a file to include
            text, files = report_quarto(brief, folder.name, partial)
        created = not folder.exists()
        folder.mkdir(exist_ok=True)
        try:
            for name, data in files.items():
                write_atomic(folder / name, data)
            write_atomic(output, text)
        except BaseException:
            if created:  # a failed write leaves no new folder of charts behind
                for name in files:
                    with contextlib.suppress(OSError):
                        (folder / name).unlink()
                with contextlib.suppress(OSError):
                    folder.rmdir()
            raise
    typer.echo(f"wrote {output}", err=True)
