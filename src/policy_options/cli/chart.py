"""``policy chart KIND``: the results as pictures; the options it shares with ``policy report``.

matplotlib is imported inside the command (through render/charts), never at the top:
``policy rank`` and ``policy --help`` do not load it.
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
from policy_options.core.uncertainty.settings import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    WeightModel,
)
from policy_options.render.charts import DEFAULT_DPI, DEFAULT_WIDTH, KINDS

KindArg = Annotated[
    str,
    typer.Argument(
        metavar="KIND",
        help="What to draw: " + "; ".join(f"{k.name}: {k.summary}" for k in KINDS.values()) + ".",
        show_default=False,
    ),
]


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
    judgements: JudgementsOpt = None,
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
        result = chart.compute(loaded, resolved, settings)
    data = chart_bytes(chart.name, result, fmt, width=width, height=height, dpi=dpi)
    write_atomic(output, data)
    typer.echo(f"wrote {output}", err=True)
