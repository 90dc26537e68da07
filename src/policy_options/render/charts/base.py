"""What every chart shares: the style, the criterion palette, titles and deterministic saving.

matplotlib is used without pyplot: a ``Figure`` saved through the Agg canvas (PNG) or
the vector backends (SVG, PDF), so nothing global is touched and no display is needed.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from weakref import WeakKeyDictionary

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from policy_options.core.study.files.model import Study
from policy_options.core.study.weights import Weights

PALETTE = (
    "#332288",  # indigo
    "#88CCEE",  # cyan
    "#117733",  # green
    "#DDCC77",  # sand
    "#CC6677",  # rose
    "#44AA99",  # teal
    "#882255",  # wine
    "#999933",  # olive
    "#AA4499",  # purple
)
"""Paul Tol's 'muted' qualitative scheme: distinct under the common colour-vision deficiencies."""
HATCHES = ("", "///", "...", "xxx")  # beyond nine criteria the colours repeat with a hatch

INK = "#222222"
MUTED = "#666666"
RULE = "#BBBBBB"
FAIL = "#B2182B"  # threshold failures and the line where the leader loses first place

BASE_FONT = 8.5

STYLE: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": BASE_FONT,
    "text.parse_math": False,  # a '$' in a title is a dollar, not mathtext
    "text.color": INK,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": BASE_FONT,
    "axes.titlelocation": "left",
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "legend.frameon": False,
    "legend.fontsize": BASE_FONT - 0.5,
    "svg.fonttype": "none",  # text stays text: searchable, and the labels can be checked
    "pdf.fonttype": 42,
    "figure.dpi": 100,
}


@contextmanager
def style(kind: str) -> Iterator[None]:
    """The chart style; the SVG hash salt is fixed per kind, so ids are stable and distinct."""
    settings: Any = {**STYLE, "svg.hashsalt": f"policy-options-{kind}"}
    with mpl.rc_context(settings):
        yield


def criterion_colour(study: Study, criterion: str) -> tuple[str, str]:
    """(colour, hatch) of a criterion: by its place in the study, the same in every chart."""
    index = list(study.all_criteria).index(criterion)  # a modifier too (tornado bars)
    return PALETTE[index % len(PALETTE)], HATCHES[(index // len(PALETTE)) % len(HATCHES)]


LABEL_WIDTH = 30
"""Characters per line of an option's or criterion's name on a chart (wrapped, never cut)."""


def wrap(text: str, width: int = LABEL_WIDTH) -> str:
    return textwrap.fill(text, width, break_on_hyphens=False, break_long_words=False)


def option_label(study: Study, key: str, width: int = LABEL_WIDTH) -> str:
    """An option's title, wrapped: charts name options, the ids are for tooltips and alt text."""
    option = study.options.get(key)
    return wrap(option.title if option is not None else key, width)


def criterion_label(study: Study, key: str, width: int = LABEL_WIDTH) -> str:
    """A criterion's name, wrapped."""
    criterion = study.all_criteria.get(key)
    return wrap(criterion.name if criterion is not None else key, width)


def contribution_label(study: Study, key: str, width: int = LABEL_WIDTH) -> str:
    """What a criterion's points reward: its name, or "low <name>" for a lower-is-better
    criterion (a risk's points are earned by the *lack* of it)."""
    from policy_options.render.fmt import contribution_name

    criterion = study.all_criteria.get(key)
    if criterion is None:
        return key
    return wrap(contribution_name(criterion), width)


def figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def method_name(method: str) -> str:
    return str(method)


_SUBTITLES: WeakKeyDictionary[Figure, tuple[Axes, str]] = WeakKeyDictionary()
CHAR_EM = 0.6  # a generous average width of a DejaVu Sans character, in ems


def _chars(inches: float, size: float) -> int:
    """How many characters of font ``size`` fit in ``inches``."""
    return max(20, int(inches * 72 / (CHAR_EM * size)))


def title(figure: Figure, axes: Axes, study: Study, what: str, detail: str) -> None:
    """The study's title over the figure; what the chart shows, and with what, under it.

    The line under it is wrapped by :func:`finish` once the layout says where the axes
    start (wrapping before would have the layout squeeze the axes for an unwrapped line).
    """
    size = BASE_FONT + 2
    figure.suptitle(
        textwrap.fill(
            study.title, _chars(figure.get_figwidth() - 0.2, size), break_on_hyphens=False
        ),
        x=0.01,
        ha="left",
        fontsize=size,
        fontweight="bold",
    )
    axes.set_title(" ", color=MUTED, pad=8)
    _SUBTITLES[figure] = (axes, f"{what} · {detail}")


def finish(figure: Figure) -> None:
    """Wrap the line under the title to the room right of where the axes start."""
    pending = _SUBTITLES.pop(figure, None)
    if pending is None:
        return
    axes, text = pending
    engine = figure.get_layout_engine()
    if engine is not None:
        engine.execute(figure)
    room = figure.get_figwidth() * (1 - axes.get_position().x0) - 0.15
    axes.set_title(
        textwrap.fill(text, _chars(room, BASE_FONT), break_on_hyphens=False), color=MUTED, pad=8
    )


def profile_detail(weights: Weights, method: str) -> str:
    return f"profile: {weights.label} · method: {method_name(method)}"


def fitted_height(height: float | None, rows: int, per_row: float, extra: float) -> float:
    """``height`` when given, else room for ``rows`` rows plus titles and axes."""
    return height if height is not None else max(2.8, extra + per_row * rows)


def save(figure: Figure, fmt: str, dpi: float) -> bytes:
    """The figure as bytes; no dates or other run-dependent metadata, so reruns are identical."""
    metadata: dict[str, dict[str, str | None]] = {
        "svg": {"Date": None},
        "pdf": {"CreationDate": None, "ModDate": None},
        "png": {},
    }
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata[fmt])
    return buffer.getvalue()
