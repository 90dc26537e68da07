"""Heat maps on a terminal: a table of #, option, then narrow columns of shares, each
coloured by how large it is (fixed widths, so no number is ever cut)."""

from __future__ import annotations

from collections.abc import Iterable

from policy_options.render.document import TERMINAL, Block, Cell, Column, Span, Text, table


def matrix_fit(width: int, ids: list[str], extra: int) -> tuple[int, int]:
    """(option column width, number columns shown) for a #-option-numbers table to fit."""
    usable = width - 2 - 3 - extra  # the box's edges, '#', a last column
    n = len(ids)
    if not n:
        return 12, 0
    name = min(max(len(i) for i in ids) + 1, max(12, usable - 4 * n))
    return name, max(1, min(n, (usable - name) // 4))


def matrix(
    title: str,
    name_width: int,
    labels: list[int],
    last: list[Column],
    rows: Iterable[tuple[Cell, ...]],
) -> Block:
    """#, option, then narrow number columns headed ``labels``: fixed widths, so no
    number is ever cut."""
    return table(
        [
            Column("#", align="right", width=3, wrap=False),
            Column(" Option", width=name_width, wrap=False),
            *(Column(str(r), align="right", width=4, wrap=False) for r in labels),
            *last,
        ],
        rows,
        title,
        TERMINAL,
        style="open compact",
    )


def name(option: str, width: int) -> Text:
    """' option', cut to ``width`` characters, the cut marked."""
    if len(option) < width:
        return Text.of(f" {option}")
    cut = option[: width - 2]
    return Text.of(Span(f" {cut}…", plain=f" {cut}~"))


def heat(p: float) -> Text:
    """A share as a whole percentage, coloured as a heat map on a terminal."""
    if p == 0:
        return Text.of(Span(".", "muted fill"))
    style = "fill"
    for threshold, level in ((0.5, "heat-4"), (0.25, "heat-3"), (0.10, "heat-2"), (0.02, "heat-1")):
        if p >= threshold:
            style = f"{level} fill"
            break
    return Text.of(Span(_share(p), style))


def _share(p: float) -> str:
    """A share as a whole percentage for the heat map; '<1' and '>99' keep small tails honest."""
    if p < 0.005:
        return "<1"
    if p > 0.995 and p < 1:
        return ">99"
    return f"{p * 100:.0f}"


def pct1(p: float) -> str:
    """A share with one decimal; a share that rounds to 0 but is not reads '<0.1%'."""
    if 0 < p < 0.0005:
        return "<0.1%"
    return f"{p * 100 + 0.0:.1f}%"
