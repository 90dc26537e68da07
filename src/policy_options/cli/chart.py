"""``policy chart KIND``: the results as pictures; the options it shares with ``policy report``.

matplotlib is imported inside the command (through render/charts), never at the top:
``policy rank`` and ``policy --help`` do not load it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from policy_options.atomic import write_atomic
from policy_options.cli.common import (
    ConcentrationOpt,
    MethodOpt,
    ScenarioOpt,
    SeedOpt,
    SetOpt,
    StudyOpt,
    WeightModelOpt,
    WeightsOpt,
    study_and_weights,
)
from policy_options.core.sensitivity import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    WeightModel,
)
from policy_options.errors import UsageError
from policy_options.render.charts import DEFAULT_DPI, DEFAULT_WIDTH, KINDS

if TYPE_CHECKING:
    from policy_options.core.brief import Settings

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


def required_output(help_text: str) -> object:
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
    from policy_options.cli.progress import progress as bar

    with bar("Monte Carlo") as on_chunk:
        yield settings if on_chunk is None else replace(settings, on_chunk=on_chunk)


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
        required_output("The image to write (atomically): .svg, .png or .pdf."),
    ],
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    set_: SetOpt = None,
    method: MethodOpt = None,
    scenario: ScenarioOpt = None,
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
    from policy_options.core.brief import Settings
    from policy_options.render.charts import chart_bytes, format_of, kind_of

    chart = kind_of(kind)
    fmt = format_of(output)
    check_writable(output)
    loaded, resolved = study_and_weights(study, weights, set_, scenario)
    settings = Settings(
        method.value if method else None,
        samples,
        seed,
        weight_model,
        concentration,
        weights_spec=weights,
        overrides=tuple(set_ or ()),
    )
    with progress(settings) as with_bar:
        result = chart.compute(loaded, resolved, with_bar)
    data = chart_bytes(chart.name, result, fmt, width=width, height=height, dpi=dpi)
    write_atomic(output, data)
    typer.echo(f"wrote {output}", err=True)
