"""``policy compare``: the rank of every option under each method, and how far the
methods agree (top option, Kendall's tau-b)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policy_options.render import fmt
from policy_options.render.document import (
    DATA,
    DISPLAY,
    INTEGER,
    PAGE,
    TERMINAL,
    Column,
    Document,
    Note,
    Paragraph,
    Text,
    cells,
    page,
    table,
)
from policy_options.render.views.common import titled, weights_note

if TYPE_CHECKING:
    from policy_options.core.ranking.compare import MethodComparison


def comparison(result: MethodComparison) -> Document:
    study = result.study
    ranks = result.ranks()
    methods = result.methods
    top = result.top()
    ranked = table(
        [
            Column("Option", media=TERMINAL, grow=1),
            Column("Option", media=PAGE),
            Column(key="option", media=DATA),
            Column(key="title", media=DATA),
            *(Column(method, method, INTEGER) for method in methods),
        ],
        (
            cells(
                key,
                titled(study.options[key].title, key),
                key,
                study.options[key].title,
                *(
                    Text.of(str(ranks[key][m]), style="good" if top[m] == key else "")
                    for m in methods
                ),
            )
            for key in result.options
        ),
    )
    taus = result.kendall_tau()
    agreement = table(
        [Column(""), *(Column(method, align="right") for method in methods)],
        ([a, *(fmt.tau(taus[a][b]) for b in methods)] for a in methods),
        title=Text.of("Kendall's tau-b between methods", page(":")),
        media=DISPLAY,
    )
    weights = result.weights
    subtitle = f"rank under each method · profile: {weights.label} · {len(result.options)} options"
    return Document(
        Text.of(study.title, page(": rank under each method")),
        (
            ranked,
            Paragraph(Text.of(fmt.agreement_sentence(top, result.repeats())), style="strong"),
            agreement,
            *(Note(Text.of(line)) for line in result.notes()),
            *(Note(Text.of(f"Left out: {why}.")) for why in result.left_out.values()),
            Note(weights_note(study, weights), PAGE),
        ),
        Text.of(subtitle),
    )
