"""``policy report``: a decision brief, one HTML file or Markdown with its charts as SVG.

jinja2 and matplotlib are imported inside the command (through render/report), never at
the top: ``policy rank`` and ``policy --help`` do not load them.
"""

from __future__ import annotations

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
    StudyOpt,
    WeightModelOpt,
    WeightsOpt,
    analysis,
    check_writable,
    required_output,
)
from policy_options.core.uncertainty.settings import DEFAULT_SAMPLES, DEFAULT_SEED, WeightModel
from policy_options.errors import UsageError

REPORT_FORMATS = {".html": "html", ".htm": "html", ".md": "markdown"}


def report_command(
    output: Annotated[
        Path,
        required_output(
            "The brief to write: FILE.html (one self-contained file) or FILE.md (its charts"
            " as SVG files in FILE_files/ beside it)."
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
) -> None:
    """Write a decision brief: the answer, the ranking, the top options explained, how far
    it can be trusted, every score's rationale and quote, the sources.

    HTML is one file with inline SVG charts and CSS, no script and nothing fetched; it
    prints to PDF with each section on a new page. Markdown links its charts as SVG
    files in FILE_files/, so it renders on GitHub.
    """
    kind = REPORT_FORMATS.get(output.suffix.lower())
    if kind is None:
        raise UsageError(
            f"cannot tell the report format of '{output}': name it .html or .md",
        )
    check_writable(output)
    folder = output.with_name(f"{output.stem}_files")  # Markdown's charts
    if kind == "markdown" and folder.exists() and not folder.is_dir():
        raise UsageError(f"cannot write the charts: '{folder}' is not a folder")
    from policy_options.core.brief import build_brief
    from policy_options.render import report

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
        brief = build_brief(loaded, resolved, settings)
    if kind == "html":
        write_atomic(output, report.report_html(brief))
    else:
        text, files = report.report_markdown(brief, folder.name)
        folder.mkdir(exist_ok=True)
        for name, data in files.items():
            write_atomic(folder / name, data)
        write_atomic(output, text)
    typer.echo(f"wrote {output}", err=True)
