"""``policy weights rank|swing|ahp``: write a weight profile from judgements an analyst can make.

Where the profile goes: ``<study>/weights/<ID>.yaml`` with ``--name ID`` (default
ID: the method, ``rank-order``, ``swing`` or ``ahp``), or ``--output FILE``.
An existing file is never replaced without ``--force``. The derived weights
are printed on stdout; "wrote FILE" goes to stderr.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from policy_options.atomic import write_atomic
from policy_options.cli.common import StudyOpt
from policy_options.core.study.files.criteria import Direction
from policy_options.core.study.files.model import StudyFile
from policy_options.core.study.loading.folder import (
    STUDY_FILE,
    WEIGHTS_DIR,
    bundled_study,
    display_path,
    find_study,
)
from policy_options.errors import UsageError

if TYPE_CHECKING:
    from policy_options.core.elicitation.derived_weights import DerivedWeights

# The weighting code is imported inside each command, so that `policy rank` does not
# pay for it at start-up.

weights_app = typer.Typer(
    help="Write a weight profile from a ranking of the criteria, swing points, or AHP"
    " pairwise comparisons.",
    no_args_is_help=True,
)

NameOpt = Annotated[
    str | None,
    typer.Option(
        "--name",
        metavar="ID",
        help="Write the profile to <study>/weights/ID.yaml. Default ID: the method"
        " (rank-order, swing, ahp).",
        show_default=False,
    ),
]
ProfileOutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the profile to FILE instead of the study's weights/ folder.",
        show_default=False,
        dir_okay=False,
    ),
]
TitleOpt = Annotated[
    str | None,
    typer.Option(
        "--title",
        metavar="TEXT",
        help="The profile's name, as headers show it. Default: the method's.",
        show_default=False,
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing profile file.")]


def stdin_is_terminal() -> bool:
    """Whether to prompt (a function, so tests can stand in for a terminal)."""
    return sys.stdin.isatty()


def _target(
    study: Path | None, folder: Path, name: str | None, output: Path | None, default: str
) -> Path:
    """Where the profile goes; refused before any work if it exists (without --force)."""
    if name is not None and output is not None:
        raise UsageError("give --name or --output, not both")
    if output is not None:
        return output
    if study is None and folder.resolve() == bundled_study().resolve():
        raise UsageError(
            "no study folder here to write into (the bundled study is read-only)",
            hint="give --study DIR, or --output FILE",
        )
    from policy_options.core.study.scaffold import check_id

    profile_id = check_id(name if name is not None else default, "profile id")
    return folder / WEIGHTS_DIR / f"{profile_id}.yaml"


def _refuse_existing(target: Path, force: bool) -> None:
    if target.exists() and not force:
        raise UsageError(
            f"{display_path(target)} exists: not overwritten", hint="give --force to replace it"
        )


def _write(
    spec: StudyFile, derived: DerivedWeights, command: str, target: Path, title: str | None
) -> None:
    from policy_options.core.elicitation.derived_weights import profile_text

    text = profile_text(derived, command, title)
    if target.parent.name == WEIGHTS_DIR and (target.parent.parent / STUDY_FILE).is_file():
        target.parent.mkdir(exist_ok=True)  # a study without profiles yet
    write_atomic(target, text)
    from policy_options.render import writers
    from policy_options.render.views.profiles import derived_weights
    from policy_options.render.writers import console  # rich: only when drawing

    document = derived_weights(spec, derived)
    typer.echo(writers.write(document, writers.Format.table, console.detect()), nl=False)
    typer.echo(f"wrote {display_path(target)}", err=True)


def _setup(
    study: Path | None, name: str | None, output: Path | None, force: bool, default: str
) -> tuple[StudyFile, Path]:
    from policy_options.core.study.scaffold import read_study_file

    folder = find_study(study)
    spec = read_study_file(folder)
    target = _target(study, folder, name, output, default)
    _refuse_existing(target, force)
    return spec, target


@weights_app.command("rank")
def weights_rank_command(
    criteria: Annotated[
        list[str],
        typer.Argument(
            metavar="CRITERION...",
            help="Criteria, most important first; '=' between two for a tie"
            " (deterrence stability = us_cost). Criteria left out get weight 0.",
            show_default=False,
        ),
    ],
    study: StudyOpt = None,
    name: NameOpt = None,
    output: ProfileOutputOpt = None,
    title: TitleOpt = None,
    force: ForceOpt = False,
) -> None:
    """Rank-order centroid weights from a ranking of the criteria.

    The k-th of n ranked criteria gets (1/n)·(1/k + ... + 1/n) (Barron & Barrett
    1996): for n = 3, 61.1%, 27.8%, 11.1%. Criteria tied with '=' share the mean
    of the weights of the positions they fill.
    """
    from policy_options.core.elicitation.ranking_weights import parse_ranking, roc_weights

    spec, target = _setup(study, name, output, force, "rank-order")
    groups = parse_ranking(criteria, list(spec.value_criteria))
    derived = roc_weights(groups, list(spec.value_criteria))
    command = "policy weights rank " + " ".join(" = ".join(group) for group in groups)
    _write(spec, derived, command, target, title)


def _scale_ends(spec: StudyFile, key: str) -> str:
    from policy_options.core.study.scaffold import yaml_number

    criterion = spec.value_criteria[key]
    low, high = yaml_number(criterion.scale.min), yaml_number(criterion.scale.max)
    worst, best = (low, high) if criterion.direction is Direction.HIGHER_IS_BETTER else (high, low)
    unit = f" {criterion.unit}" if criterion.unit else ""
    return f"{worst} → {best}{unit}"


def _ask(question: str) -> str:
    """Ask on stderr, read a line from stdin: stdout keeps only the data (click's prompt
    writes a space there). End of input aborts (exit code 1, like Ctrl-C)."""
    typer.echo(f"{question}: ", err=True, nl=False)
    try:
        return input()
    except EOFError:
        typer.echo(err=True)
        raise typer.Abort() from None


def _ask_order(criteria: list[str]) -> list[str]:
    while True:
        answer = _ask(
            "Order the swings, the one you would most want first (criteria separated by"
            " spaces; leave out those that do not matter)"
        )
        from policy_options.core.study.suggest import did_you_mean

        order: list[str] = []
        problem = None
        for word in answer.replace(",", " ").split():
            if word not in criteria:
                problem = f"unknown criterion '{word}'{did_you_mean(word, criteria)}"
            elif word in order:
                problem = f"'{word}' is named twice"
            order.append(word)
        if problem is None and order:
            return order
        typer.echo(problem or "name at least one criterion", err=True)


def _ask_swings(spec: StudyFile) -> dict[str, float]:
    """Interactive swing weighting: the order of the swings, then points relative to the best."""
    criteria = list(spec.value_criteria)
    typer.echo(
        "Swing weighting: imagine each criterion moving from the worst to the best of its"
        " scale, all else equal.",
        err=True,
    )
    for key in criteria:
        typer.echo(f"  {key}: {_scale_ends(spec, key)} ({spec.value_criteria[key].name})", err=True)
    order = _ask_order(criteria)
    points = dict.fromkeys(criteria, 0.0)
    points[order[0]] = 100.0
    typer.echo(f"{order[0]}: 100 points (the most wanted swing)", err=True)
    previous = 100.0
    for key in order[1:]:
        while True:
            answer = _ask(
                f"Points for the swing of {key} ({_scale_ends(spec, key)}),"
                f" relative to {order[0]} = 100 [0-{previous:g}]"
            )
            try:
                value = float(answer)
            except ValueError:
                value = math.nan
            if 0 <= value <= previous:
                break
            typer.echo(
                f"give a number from 0 to {previous:g} (no more than the swing before)",
                err=True,
            )
        points[key] = previous = value
    return points


@weights_app.command("swing")
def weights_swing_command(
    points: Annotated[
        list[str] | None,
        typer.Option(
            "--points",
            "-p",
            metavar="CRITERION=N",
            help="Points of a criterion's swing from worst to best, 0-100 (repeatable; every"
            " criterion needs one, the most wanted swing 100). Without it on a terminal,"
            " you are asked.",
            show_default=False,
        ),
    ] = None,
    study: StudyOpt = None,
    name: NameOpt = None,
    output: ProfileOutputOpt = None,
    title: TitleOpt = None,
    force: ForceOpt = False,
) -> None:
    """Swing weights: points for each criterion's swing from the worst to the best of its scale.

    Imagine each criterion moving from the worst to the best end of its scale;
    the swing you would most want gets 100 points, every other swing points
    (0-100) relative to it; weights are the points normalised. On a terminal,
    without --points, the command asks for the order and the points.
    """
    from policy_options.core.elicitation.swing import parse_points, swing_weights

    spec, target = _setup(study, name, output, force, "swing")
    criteria = list(spec.value_criteria)
    if points:
        values = parse_points(points, criteria)
    elif stdin_is_terminal():
        values = _ask_swings(spec)
    else:
        raise UsageError(
            "no --points given, and standard input is not a terminal to ask on",
            hint="give --points CRITERION=N for every criterion (the most wanted swing 100)",
        )
    derived = swing_weights(values, criteria)
    _write(spec, derived, "policy weights swing", target, title)


@weights_app.command("ahp")
def weights_ahp_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="YAML of pairwise judgements on Saaty's 1-9 scale (format above).",
            show_default=False,
        ),
    ],
    study: StudyOpt = None,
    name: NameOpt = None,
    output: ProfileOutputOpt = None,
    title: TitleOpt = None,
    force: ForceOpt = False,
) -> None:
    """AHP weights from pairwise comparisons: principal eigenvector and consistency ratio.

    FILE holds one judgement per pair of criteria (the upper triangle), either as
    'comparisons: {deterrence: {stability: 3, us_cost: 5}, stability: {us_cost: 2}}'
    or as 'criteria: [...]' with 'matrix: [[1, 3, 5], [1, 2], [1]]' (rows from the
    diagonal on, or full rows). 3 means the first criterion is moderately more
    important than the second; 1/3 the reverse; 1/9..9 in all. The consistency
    ratio uses Saaty's random index (1980); above 0.10 a warning names the most
    inconsistent judgement. Criteria the file leaves out get weight 0.
    """
    from policy_options.core.elicitation.ahp import ahp
    from policy_options.core.elicitation.ahp_comparisons import ahp_weights, read_comparisons
    from policy_options.render.workflow import ratio_text

    spec, target = _setup(study, name, output, force, "ahp")
    names, matrix = read_comparisons(file, list(spec.value_criteria))
    result = ahp(names, matrix)
    derived = ahp_weights(result, list(spec.value_criteria), display_path(file))
    worst = result.most_inconsistent
    if not result.consistent and worst is not None:
        typer.echo(
            f"warning: consistency ratio {result.consistency_ratio:.3f} is above 0.10; the most"
            f" inconsistent judgement is {worst.row} vs {worst.column} = {ratio_text(worst.given)},"
            f" where the weights imply {ratio_text(worst.implied)}: revisit it",
            err=True,
        )
    _write(spec, derived, f"policy weights ahp {display_path(file)}", target, title)
