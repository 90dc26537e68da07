"""Options shared by every command (same name, same meaning), and output helpers."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from policy_options.atomic import write_atomic
from policy_options.core.methods import registry as methods
from policy_options.core.study.files.model import Study
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import Weights, resolve_weights
from policy_options.core.uncertainty.settings import DEFAULT_CONCENTRATION, WeightModel
from policy_options.errors import UnknownNameError, UsageError
from policy_options.render.writers import (
    Format as Format,  # the --format choices: the writers' registry
)

if TYPE_CHECKING:
    from policy_options.core.brief import Settings
    from policy_options.render.document import Document
    from policy_options.render.writers import Terminal

StudyOpt = Annotated[
    Path | None,
    typer.Option(
        "--study",
        "-s",
        metavar="DIR",
        help="Study folder. Default: ./options if it holds a study, else the bundled study.",
        show_default=False,
    ),
]
WeightsOpt = Annotated[
    str | None,
    typer.Option(
        "--weights",
        "-w",
        metavar="NAME|FILE",
        help="Weight profile: a name from the study's weights/ folder, or a YAML file."
        " Default: the study's default profile.",
        show_default=False,
    ),
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="CRITERION=WEIGHT",
        help="Override one raw weight of the profile (repeatable); weights are then normalised.",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE instead of standard output: a file is replaced atomically"
        " (through a symlink, keeping its mode); a FIFO or device is written directly;"
        " - is standard output.",
        show_default=False,
        dir_okay=False,
    ),
]


SourcesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--sources",
        metavar="DIR",
        help="Also look for the sources' files in DIR (repeatable), e.g. texts that cannot be"
        " shipped with the study.",
        show_default=False,
        exists=True,
        file_okay=False,
    ),
]


def method_name(text: str) -> str:
    """``--method``: a registered method's name, in any case (a plugin's is loaded here).

    Not a closed choice: the choices would be every plugin's, read from the installed
    distributions on every run; a name is looked up in the registry instead, which reads
    them only for a name that is not built in. The help lists the built-ins.
    """
    try:
        return methods.get(text if text in methods.METHODS else text.lower()).name
    except UnknownNameError as exc:
        raise UnknownNameError(
            f"--method: {exc}", hint=exc.hint, known=exc.known, close=exc.close
        ) from None


METHOD_CHOICES = "|".join(methods.names(plugins=False))

MethodOpt = Annotated[
    str | None,
    typer.Option(
        "--method",
        "-m",
        metavar=f"<{METHOD_CHOICES}>",
        parser=method_name,
        help="Aggregation method. Default: the study's defaults.method, else additive."
        " topsis normalises across the options at hand, so adding an option can reorder the"
        " others. topsis, promethee and weighted-product-ratio read raw scores and ignore"
        " value functions; promethee with no preference function declared ranks exactly as"
        " additive on linear values; weighted-product-ratio multiplies ratios of raw scores"
        " (all above 0), weighted-product the 0-1 values.",
        show_default=False,
    ),
]
RevOpt = Annotated[
    str | None,
    typer.Option(
        "--rev",
        metavar="REV",
        help="Read the study as it was at this git revision (a commit, branch or tag,"
        " e.g. HEAD~1): its folder is taken from git history, not from disk.",
        show_default=False,
    ),
]
ExcludeFailingOpt = Annotated[
    bool,
    typer.Option(
        "--exclude-failing",
        help="Drop the options that fail a criterion's threshold before ranking.",
    ),
]


ScenarioOpt = Annotated[
    str | None,
    typer.Option(
        "--scenario",
        metavar="NAME",
        help="Run in this future: the study's scenarios/NAME.yaml score overrides applied"
        " (its weight profile, if it names one, is the default). Default: base.",
        show_default=False,
    ),
]

JudgementsOpt = Annotated[
    str | None,
    typer.Option(
        "--judgements",
        metavar="pooled|ANALYST|none",
        help="Several analysts (judgements/<analyst>/): pooled uses the median of their best"
        " estimates with their opinion pool as each cell's uncertainty; ANALYST, one"
        " analyst's scores (and weights); none, the option files' own. Default: the"
        " study's judgements key, else none.",
        show_default=False,
    ),
]


FREEZE_LOADED = False
"""Set by the console entry point, whose process ends with the command (not in tests or
when the app is run in-process, where frozen objects would never be collected)."""


def study_folder(study: Path | None) -> Path:
    """The folder of the study to use (see ``find_study``); when that is the bundled
    example because no study was given or found here, say so on stderr."""
    from policy_options.core.study.loading.folder import locate_study

    folder, fallback = locate_study(study)
    if fallback:
        typer.echo(
            f"note: using the bundled example study ({folder}); pass --study DIR or run"
            " inside a study folder",
            err=True,
        )
    return folder


def load_for(study: Path | None, rev: str | None = None, judgements: str | None = None) -> Study:
    """The study ``--study`` names, from disk or, with ``--rev``, from git history.

    In the ``policy`` process (:data:`FREEZE_LOADED`) the loaded study lives as long as
    the command: it is moved out of the garbage collector's sight (``gc.freeze``), so
    that the ranking and output made from it do not walk its hundreds of thousands of
    objects again (a large study's ranking in JSON took a sixth longer).
    """
    folder = study_folder(study)
    if rev is None:
        loaded = load_study(folder)
    else:
        from policy_options.core.study.revision import load_study_at

        loaded = load_study_at(folder, rev)
    if FREEZE_LOADED:
        gc.freeze()
    chosen = judgements if judgements is not None else loaded.spec.judgements
    if chosen is not None and chosen != "none":  # several analysts: pooled or one's
        from policy_options.core.study.judgements.apply import apply_judgements

        loaded = apply_judgements(loaded, chosen)
    return loaded


def load_in_scenario(
    study: Path | None,
    scenario: str | None = None,
    rev: str | None = None,
    judgements: str | None = None,
) -> Study:
    """Load the study (at ``rev`` if given, with ``judgements``) and turn it into the
    study of ``scenario`` (whose overrides win over judgements)."""
    loaded = load_for(study, rev, judgements)
    if scenario is None:
        return loaded
    from policy_options.core.study.scenarios import apply_scenario

    return apply_scenario(loaded, scenario)


def study_and_weights(
    study: Path | None,
    weights: str | None,
    overrides: list[str] | None,
    scenario: str | None = None,
    rev: str | None = None,
    judgements: str | None = None,
) -> tuple[Study, Weights]:
    """Load the study (at ``rev``, with ``judgements``, in ``scenario``'s future) and
    resolve the weights."""
    loaded = load_in_scenario(study, scenario, rev, judgements)
    return loaded, resolve_weights(loaded, weights, overrides or ())


def to_stdout(output: Path | None) -> bool:
    """No ``--output``, or ``--output -``: the data goes to standard output."""
    return output is None or str(output) == "-"


def terminal_for(output: Path | None) -> Terminal:
    """Plain text for files; stdout's own capabilities otherwise (``-`` is stdout).

    Rich is imported here, not at the top, so JSON and CSV output never load it.
    """
    from policy_options.render.writers import PLAIN, console

    return console.detect() if to_stdout(output) else PLAIN


def emit_document(document: Document, format_: Format, output: Path | None) -> None:
    """Write ``document`` as ``format_`` asks (its writer from the registry) to stdout or
    ``output``; only the table format looks at the terminal (and loads Rich)."""
    from policy_options.render import writers

    terminal = terminal_for(output) if format_ is Format.table else writers.PLAIN
    emit(writers.write(document, format_, terminal), output)


def emit(text: str, output: Path | None) -> None:
    """Data to stdout (no ``--output``, or ``-``), or to ``output`` through
    :func:`write_atomic` (atomic for a file, direct for a FIFO or device; a message on
    stderr says where). A write error is a PolicyError: one line, exit 2."""
    if to_stdout(output):
        typer.echo(text, nl=False)
        return
    assert output is not None
    write_atomic(output, text)
    typer.echo(f"wrote {output}", err=True)


def emit_json(document: dict[str, Any], output: Path | None) -> None:
    """A JSON document (render/jsontext.py's text of ``document``, the same bytes as
    ``emit(dumps(document), output)``) streamed as it is written: to stdout piece by
    piece, to a file gathered as UTF-8 bytes and written atomically; the document's
    :class:`~policy_options.render.jsontext.Lazy` rows are made one at a time."""
    from policy_options.render.jsontext import stream

    if to_stdout(output):
        out = sys.stdout
        stream(document, out.write)
        out.flush()
        return
    assert output is not None
    data = bytearray()
    stream(document, lambda text: data.extend(text.encode("utf-8")))
    write_atomic(output, bytes(data))
    typer.echo(f"wrote {output}", err=True)


SeedOpt = Annotated[
    int,
    typer.Option("--seed", metavar="S", help="Random seed: the same seed, the same numbers."),
]
WeightModelOpt = Annotated[
    WeightModel,
    typer.Option(
        "--weight-model",
        case_sensitive=False,
        help="How weights are drawn: uniform on the simplex (no preference information),"
        " profile (Dirichlet around the profile's weights) or ordinal (any weights that keep"
        " the profile's order). Criteria the profile weighs 0 stay at 0.",
    ),
]
ConcentrationOpt = Annotated[
    float | None,
    typer.Option(
        "--concentration",
        "-k",
        metavar="K",
        help="Profile model: Dirichlet parameters are K times the profile's weights; higher K"
        f" keeps the weights closer to the profile. Default: {DEFAULT_CONCENTRATION:g}.",
        show_default=False,
    ),
]


SamplesOpt = Annotated[
    int,
    typer.Option("--samples", "-n", metavar="N", help="Number of Monte Carlo samples."),
]


def required_output(help_text: str) -> object:
    """``--output FILE``, for the commands that only write files (charts, reports)."""
    return typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help=help_text,
        show_default=False,
        dir_okay=False,
    )


def check_writable(path: Path) -> None:
    """Refuse an output before any work: a missing or read-only folder, or a folder."""
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"cannot write {path}: folder '{folder}' does not exist")
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"cannot write {path}: permission denied")


@contextmanager
def analysis(
    study: Path | None,
    weights: str | None,
    set_: list[str] | None,
    scenario: str | None,
    method: str | None,
    samples: int,
    seed: int,
    weight_model: WeightModel,
    concentration: float | None,
    judgements: str | None = None,
) -> Iterator[tuple[Study, Weights, Settings]]:
    """The study, weights and analysis settings of ``policy chart`` and ``policy report``
    (checked before the study is read), with a Monte Carlo progress bar on a terminal."""
    from policy_options.cli.progress import progress as bar
    from policy_options.core.brief import Settings

    settings = Settings(
        method,
        samples,
        seed,
        weight_model,
        concentration,
        weights_spec=weights,
        overrides=tuple(set_ or ()),
    )
    loaded, resolved = study_and_weights(study, weights, set_, scenario, judgements=judgements)
    with bar("Monte Carlo") as on_chunk:
        yield (
            loaded,
            resolved,
            settings if on_chunk is None else replace(settings, on_chunk=on_chunk),
        )
