"""Charts: a registry of chart kinds, each one core computation and one drawing module.

This package imports no matplotlib: the CLI reads the kinds and formats from here at
start-up. The drawing modules (``render/charts/<kind>.py``, matplotlib with the Agg
canvas) are imported only when a chart is drawn. A new kind is one module with a
``draw(result, width, height) -> Figure`` and one ``KINDS.register(...)`` below.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policy_options.errors import UsageError
from policy_options.registry import Registry

if TYPE_CHECKING:
    from policy_options.core.brief import Settings
    from policy_options.core.study.files.model import Study
    from policy_options.core.study.weights import Weights

FORMATS = ("svg", "png", "pdf")
DEFAULT_WIDTH = 7.0  # inches: the printable width of A4 (8.27 in) less 1.5 cm margins
DEFAULT_DPI = 150


@dataclass(frozen=True)
class ChartKind:
    """One kind of chart: what ``policy chart KIND`` computes and which module draws it."""

    name: str
    summary: str  # one line for ``policy chart --help``
    computation: str  # the function of core/brief.py that computes it, as the command does
    module: str  # policy_options.render.charts.<module> draws it

    def compute(self, study: Study, weights: Weights, settings: Settings) -> Any:
        """The result to draw (core/brief.py is imported here, not at start-up)."""
        from policy_options.core import brief

        function: brief.Compute = getattr(brief, self.computation)
        return function(study, weights, settings)


KINDS: Registry[ChartKind] = Registry(ChartKind, "chart kind", plural="kinds")
"""Every chart kind by name, in the order ``policy chart --help`` lists them."""

KINDS.register(
    ChartKind(
        "ranking",
        "the scores as bars split into per-criterion contributions (policy rank)",
        "ranking_of",
        "ranking",
    )
)
KINDS.register(
    ChartKind(
        "acceptability",
        "the SMAA rank-acceptability heat map (policy sensitivity montecarlo)",
        "acceptability_of",
        "acceptability",
    )
)
KINDS.register(
    ChartKind(
        "stability",
        "per criterion, the weights that keep the top option on top (policy sensitivity weights)",
        "stability_of",
        "stability",
    )
)
KINDS.register(
    ChartKind(
        "tornado",
        "the leader's margin with each uncertain score at its low and high"
        " (policy sensitivity scores)",
        "tornado_of",
        "tornado",
    )
)
KINDS.register(
    ChartKind(
        "profiles",
        "a bump chart of each option's rank under every weight profile (policy profiles)",
        "profiles_of",
        "profiles",
    )
)
KINDS.register(
    ChartKind(
        "frontier",
        "the value of the best package at each budget of the first resource (policy portfolio)",
        "frontier_of",
        "frontier",
    )
)
KINDS.register(
    ChartKind(
        "scenarios",
        "each option's score in the base study and in every scenario (policy scenarios)",
        "scenarios_of",
        "scenarios",
    )
)

KINDS.register(
    ChartKind(
        "value",
        "what each uncertain input is worth finding out, in points (policy sensitivity value)",
        "value_of",
        "value",
    )
)


def kind_of(name: str) -> ChartKind:
    """The chart kind called ``name``, or a usage error with a did-you-mean."""
    return KINDS[name]


def format_of(path: Path) -> str:
    """The image format named by ``path``'s suffix: svg, png or pdf."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UsageError(
            f"cannot tell the chart format of '{path}': "
            + (f"'.{suffix}' is not supported" if suffix else "it has no suffix"),
            hint="name the output .svg, .png or .pdf",
        )
    return suffix


def chart_bytes(
    kind: str,
    result: Any,
    fmt: str,
    *,
    width: float | None = None,
    height: float | None = None,
    dpi: float = DEFAULT_DPI,
) -> bytes:
    """Draw ``result`` as a ``kind`` chart in ``fmt``; byte-identical for the same input.

    ``width``/``height`` in inches (default: A4 width, a height that fits the data).
    """
    from policy_options.render.charts import base

    module = importlib.import_module(f"policy_options.render.charts.{KINDS[kind].module}")
    with base.style(kind):
        figure = module.draw(result, width or DEFAULT_WIDTH, height)
        base.finish(figure)
        return base.save(figure, fmt, dpi)
