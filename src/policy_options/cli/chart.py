"""``policy chart KIND`` and ``policy report``: the results as pictures and as a decision brief.

matplotlib and jinja2 are imported inside the commands (through render/charts and
render/report), never at the top: ``policy rank`` and ``policy --help`` do not load them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from policy_options.atomic import write_atomic
from policy_options.cli.common import (
    MethodOpt,
    SetOpt,
    StudyOpt,
    WeightsOpt,
    study_and_weights,
)
from policy_options.core.brief import Settings
from policy_options.core.sensitivity import (
    DEFAULT_CONCENTRATION,
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    WeightModel,
)
from policy_options.errors import UsageError
from policy_options.render.charts import DEFAULT_DPI, DEFAULT_WIDTH, KINDS

KindArg = Annotated[
    str,
    typer.Argument(
        metavar="KIND",
        help="What to draw: " + "; ".join(f"{k.name}: {k.summary}" for k in KINDS.values()) + ".",
        show_default=False,
    ),
]
SamplesOpt = Annotated[
    int,
    typer.Option("--samples", "-n", metavar="N", help="Number of Monte Carlo samples."),
]
SeedOpt = Annotated[
    int,
    typer.Option("--seed", metavar="S", help="Random seed: the same seed, the same numbers."),
]
WeightModelOpt = Annotated[
    WeightModel,
    typer.Option(
        "--weight-model",
        case_sensitive=False,
        help="How Monte Carlo draws weights, as in `policy sensitivity montecarlo`:"
        " uniform, profile (Dirichlet around the profile) or ordinal (the profile's order).",
    ),
]
ConcentrationOpt = Annotated[
    float | None,
    typer.Option(
        "--concentration",
        "-k",
        metavar="K",
        help="Profile model: Dirichlet parameters are K times the profile's weights."
        f" Default: {DEFAULT_CONCENTRATION:g}.",
        show_default=False,
    ),
]


def _required_output(help_text: str) -> object:
    return typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help=help_text,
        show_default=False,
        dir_okay=False,
    )


@contextmanager
def progress(settings: Settings) -> Iterator[Settings]:
    """The settings with a Monte Carlo progress bar on stderr, when stderr is a terminal."""
    from policy_options.render import console  # rich: only for these commands

    if not console.detect(stderr=True).is_terminal:
        yield settings
        return
    from policy_options.render.console_sensitivity import progress_bar

    with progress_bar("Monte Carlo") as on_chunk:
        yield replace(settings, on_chunk=on_chunk)


def check_writable(path: Path) -> None:
    """Refuse an output before any work: a missing or read-only folder, or a folder."""
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"cannot write {path}: folder '{folder}' does not exist")
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"cannot write {path}: permission denied")


def chart_command(
    kind: KindArg,
    output: Annotated[
        Path,
        _required_output("The image to write (atomically): .svg, .png or .pdf."),
    ],
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    set_: SetOpt = None,
    method: MethodOpt = None,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    seed: SeedOpt = DEFAULT_SEED,
    weight_model: WeightModelOpt = WeightModel.uniform,
    concentration: ConcentrationOpt = None,
    width: Annotated[
        float,
        typer.Option("--width", metavar="INCHES", min=1.0, max=50.0, help="Figure width."),
    ] = DEFAULT_WIDTH,
    height: Annotated[
        float | None,
        typer.Option(
            "--height",
            metavar="INCHES",
            min=1.0,
            max=50.0,
            help="Figure height. Default: what the options or criteria need.",
            show_default=False,
        ),
    ] = None,
    dpi: Annotated[
        int,
        typer.Option("--dpi", min=20, max=1200, help="Resolution of PNG output (dots per inch)."),
    ] = DEFAULT_DPI,
) -> None:
    """Draw a chart of the results: policy chart KIND --output FILE.svg|.png|.pdf.

    The same computations, with the same defaults, as the commands that print them
    (acceptability: `policy sensitivity montecarlo` with --samples, --seed,
    --weight-model). One colour per criterion in every chart; the same input gives a
    byte-identical file.
    """
    from policy_options.render.charts import chart_bytes, format_of, kind_of

    chart = kind_of(kind)
    fmt = format_of(output)
    check_writable(output)
    loaded, resolved = study_and_weights(study, weights, set_)
    settings = Settings(
        method.value if method else None, samples, seed, weight_model, concentration
    )
    with progress(settings) as with_bar:
        result = chart.compute(loaded, resolved, with_bar)
    data = chart_bytes(chart.name, result, fmt, width=width, height=height, dpi=dpi)
    write_atomic(output, data)
    typer.echo(f"wrote {output}", err=True)


REPORT_FORMATS = {".html": "html", ".htm": "html", ".md": "markdown"}


def report_command(
    output: Annotated[
        Path,
        _required_output(
            "The brief to write: FILE.html (one self-contained file) or FILE.md (its charts"
            " as SVG files in FILE_files/ beside it)."
        ),
    ],
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    set_: SetOpt = None,
    method: MethodOpt = None,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    seed: SeedOpt = DEFAULT_SEED,
    weight_model: WeightModelOpt = WeightModel.uniform,
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
    from policy_options.core.brief import build_brief
    from policy_options.render import report

    loaded, resolved = study_and_weights(study, weights, set_)
    settings = Settings(method.value if method else None, samples, seed, weight_model)
    with progress(settings) as with_bar:
        brief = build_brief(loaded, resolved, with_bar)
    if kind == "html":
        write_atomic(output, report.report_html(brief))
    else:
        folder = output.with_name(f"{output.stem}_files")
        text, files = report.report_markdown(brief, folder.name)
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"cannot write the charts: '{folder}' is not a folder")
        folder.mkdir(exist_ok=True)
        for name, data in files.items():
            write_atomic(folder / name, data)
        write_atomic(output, text)
    typer.echo(f"wrote {output}", err=True)
