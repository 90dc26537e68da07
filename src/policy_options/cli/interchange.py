"""``policy export xmcda|dmsy``, beside ``export xlsx`` (``policy import FILE.xml`` is
:mod:`policy_options.cli.import_xmcda`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policy_options.cli.common import ScenarioOpt, SetOpt, StudyOpt, WeightsOpt, study_and_weights
from policy_options.cli.spreadsheet import export_app


def _output(example: str) -> object:
    return typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help=f"The file to write (atomically), e.g. {example}; - is standard output.",
        show_default=False,
        dir_okay=False,
    )


@export_app.command("xmcda")
def export_xmcda_command(
    output: Annotated[Path, _output("study.xml")],
    study: StudyOpt = None,
    scenario: ScenarioOpt = None,
    extension: Annotated[
        bool,
        typer.Option(
            "--extension/--no-extension",
            help="Keep what XMCDA cannot hold (rationales, quotes, ranges, sources, costs,"
            " interactions, scenarios...) in a policy-options programParameters block, so"
            " that `policy import` gets the whole study back. --no-extension drops it (a"
            " warning says what is lost).",
        ),
    ] = True,
) -> None:
    """The study as an XMCDA 3.1.1 document, for Decision Deck tools (DIVIZ, the R packages).

    Alternatives, criteria with their scales and directions, the performance table, one
    criteriaValues of weights per profile, value functions as piecewise-linear
    criteriaFunctions, PROMETHEE preference functions as criteriaThresholds.
    `policy import FILE.xml --study NEW-DIR` reads it back. See docs/xmcda.md.
    """
    from policy_options.cli.common import emit, load_in_scenario
    from policy_options.core.interchange.xmcda import export_xmcda
    from policy_options.core.interchange.xmcda_extension import lost_without_extension

    loaded = load_in_scenario(study, scenario)
    if not extension:
        lost = lost_without_extension(loaded)
        if lost:
            typer.echo(f"warning: --no-extension drops {', '.join(lost)}", err=True)
    emit(export_xmcda(loaded, extension=extension), output)


@export_app.command("dmsy")
def export_dmsy_command(
    output: Annotated[Path, _output("study.dmsy")],
    study: StudyOpt = None,
    weights: WeightsOpt = None,
    set_: SetOpt = None,
    scenario: ScenarioOpt = None,
    values: Annotated[
        bool,
        typer.Option(
            "--values",
            help="Write the 0-1 values on the declared scales (every objective maximise)"
            " instead of the raw scores: scikit-criteria's WeightedSumModel then gives the"
            " additive scores of `policy rank`.",
        ),
    ] = False,
) -> None:
    """The decision matrix in scikit-criteria's DMSY format (skcriteria.io.read_dmsy).

    Options x criteria (raw scores, or --values), objectives from the directions, the
    normalised weights of --weights. See docs/scikit-criteria.md for the same numbers.
    """
    from policy_options.cli.common import emit
    from policy_options.core.interchange.dmsy import export_dmsy

    loaded, resolved = study_and_weights(study, weights, set_, scenario)
    emit(export_dmsy(loaded, resolved, values=values), output)
