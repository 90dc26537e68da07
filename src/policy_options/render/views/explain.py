"""``policy explain OPTION``: why an option scores what it does, criterion by criterion,
and what separates it from its neighbours in the ranking."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from policy_options.render import fmt
from policy_options.render.document import (
    DATA,
    PAGE,
    PERCENT,
    TERMINAL,
    Block,
    Column,
    Document,
    Facts,
    Items,
    Note,
    Number,
    Quote,
    Span,
    Text,
    cells,
    code,
    page,
    table,
    terminal,
)
from policy_options.render.quotes import quote_place
from policy_options.render.views.common import (
    criterion_keys,
    criterion_names,
    method_line,
    ranking_subtitle,
    weights_note,
)

if TYPE_CHECKING:
    from policy_options.core.ranking.explain import CriterionLine, Explanation, Gap
    from policy_options.core.study.files.option_file import OptionFile
    from policy_options.core.study.sources.provenance import Provenance

CONTRIBUTION_FORMATS = {"additive": Number(".1f", 100), "promethee": Number("+.4f")}
"""How a method's contributions read: points for additive, signed net flow parts for
PROMETHEE, four decimals (Number(".4f")) for the others."""


def explanation(
    result: Explanation,
    provenance: Provenance | None = None,
    *,
    lines: Sequence[CriterionLine] | None = None,
    compact: bool = False,
) -> Document:
    """``provenance`` (from ``core.provenance.check``) adds where each quote is in its source.

    The report's variant: ``lines`` are the table's criteria, in order (those that add
    most, largest first), when not every one; ``compact`` leaves the 0–1 values and the
    plausible ranges out of the display (CSV keeps them; the report's appendix shows the
    ranges), so that the criterion and its rationale have room beside the numbers.
    """
    row = result.row
    ranking = result.ranking
    study = ranking.study
    method = ranking.method
    spec = study.options[row.option].spec
    keys, names = criterion_keys(study), criterion_names(study)
    stance = (row.stance or "").replace("_", " ")
    blocks: list[Block] = []

    quote = None
    if spec.source is not None and spec.source.quote:
        place = quote_place(provenance, row.option)
        cite = f"{spec.source.ref}, {place}" if place else spec.source.ref
        quote = f"“{spec.source.quote}” ({cite})"
    details = fmt.details_line(method, row, keys)
    blocks.append(
        Facts(
            (
                *((label, Text.of(value)) for label, value in _facts(stance, spec) if value),
                *([("", Text.of(quote, style="emphasis"))] if quote else []),
                *([("", Text.of(details, style="strong"))] if details else []),
                *([("", Text.of(fmt.failing(row, keys), style="warning"))] if row.fails else []),
            ),
            TERMINAL,
        )
    )
    scenario = study.scenario
    scenario_fact = "" if scenario is None else f"{scenario.id}: {scenario.name}"
    facts = [
        ("Scenario", scenario_fact),
        *((label.capitalize(), value) for label, value in _facts(stance, spec)),
        ("Method", fmt.details_line(method, row, names)),
        ("Threshold", fmt.failing(row, names)),
    ]
    blocks.append(Facts(tuple((k, Text.of(v)) for k, v in facts if v), PAGE))
    if quote:
        blocks.append(Quote(Text.of(quote), PAGE))

    contribution = fmt.CONTRIBUTION_HEADERS[method]
    columns = [
        Column("Criterion", "criterion", media=TERMINAL | DATA, grow=1),
        Column("Criterion", media=PAGE),  # what its points reward: "low <name>" when lower wins
        Column(key="name", media=DATA),
        Column("Score", align="right", wrap=False),
        Column(key="raw", media=DATA),
        Column(key="unit", media=DATA),
        Column(key="low", media=DATA),
        Column(key="high", media=DATA),
        Column("Value", "value", Number(".2f"), media=DATA if compact else None),
        Column("Weight", "weight", PERCENT),
        Column(contribution, "contribution", CONTRIBUTION_FORMATS.get(method, Number(".4f"))),
        Column("Rationale", grow=3),
        Column(key="rationale", media=DATA),
        Column(key="quote", media=DATA),
        Column(key="quote_location", media=DATA),
    ]
    rows = []
    for line in result.lines if lines is None else lines:
        score = Text.of(fmt.with_unit(line.raw, study.criteria[line.criterion]))
        low, high = (None, None) if line.range is None else map(float, line.range)
        if line.range is not None and not compact:  # under it on a terminal, beside on a page
            plausible = f"({fmt.raw(line.range[0])}–{fmt.raw(line.range[1])})"
            score += Text.of(terminal("\n"), page(" "), plausible)
        place = quote_place(provenance, row.option, line.criterion) if line.quote else None
        why = Text.of(line.rationale)
        if line.quote:
            why += Text.of(
                Span(f"\n“{line.quote}”", "emphasis muted", TERMINAL),
                Span(f" “{line.quote}”", "emphasis", PAGE),
                Span(f" ({place})" if place else "", "muted"),
            )
        rows.append(
            cells(
                line.criterion,
                fmt.contribution_name(study.all_criteria[line.criterion]),
                line.name,
                score,
                float(line.raw),
                line.unit,
                low,
                high,
                line.value,
                line.weight,
                line.contribution,
                why,
                line.rationale,
                line.quote or "",
                place or "",
            )
        )
    blocks.append(table(columns, rows))
    if result.factors:
        blocks.extend(_factors(result))

    gaps = [(gap, where) for gap, where in _neighbours(result) if gap is not None]
    blocks.append(Items(tuple(_gap(gap, where, keys) for gap, where in gaps), media=TERMINAL))
    reads = {key: fmt.contribution_name(c) for key, c in study.all_criteria.items()}
    blocks.append(Items(tuple(_page_gap(gap, where, reads) for gap, where in gaps), media=PAGE))
    neighbour = result.above or result.below
    basis = fmt.gap_basis(neighbour.basis if neighbour else "score")
    reading = f"{contribution}: {ranking.contributions_note}; {basis}."
    blocks.append(
        Note(
            Text.of(
                "Score: raw score (plausible range). Value: 0–1 on the criterion's scale. "
                f"{reading} {method_line(method)}"
            ),
            TERMINAL,
        )
    )
    blocks.append(
        Note(
            Text.of(
                f"Score range in brackets: plausible low–high. {reading} ",
                weights_note(study, ranking.weights, method),
            ),
            PAGE,
        )
    )
    subtitle = ranking_subtitle(ranking)
    if scenario is not None:  # the title names the option, not the study: say it here
        subtitle = f"scenario {scenario.id}: {scenario.name} · {subtitle}"
    title = Text.of(
        f"#{row.rank} {row.title} (", code(row.option), f"): {fmt.points(row.score)} / 100"
    )
    return Document(title, tuple(blocks), Text.of(subtitle))


def _factors(result: Explanation) -> list[Block]:
    """The option's modifiers (raw score, factor) and the score as factor x the sum."""
    study = result.ranking.study
    columns = [
        Column("Modifier", "criterion", media=TERMINAL | DATA, grow=1),
        Column("Modifier", "name", media=PAGE | DATA),
        Column("Score", align="right", wrap=False),
        Column(key="raw", media=DATA),
        Column(key="low", media=DATA),
        Column(key="high", media=DATA),
        Column("Factor", "factor", Number(".3f")),
        Column("Rationale", "rationale", grow=3),
    ]
    rows = []
    for line in result.factors:
        score = Text.of(fmt.with_unit(line.raw, study.all_criteria[line.criterion]))
        if line.range is not None:
            score += Text.of(f" ({fmt.raw(line.range[0])}–{fmt.raw(line.range[1])})")
        low, high = (None, None) if line.range is None else map(float, line.range)
        rows.append(
            cells(
                line.criterion,
                line.name,
                score,
                float(line.raw),
                low,
                high,
                line.factor,
                line.rationale,
            )
        )
    return [table(columns, rows), Note(Text.of(factor_sentence(result)))]


def factor_sentence(result: Explanation) -> str:
    """'Score = factor × weighted sum: 0.720 × 64.9 = 46.7 points (factor = 0.720, ...).'
    With a reference option: 'Score = reference + factor × gain: 55.8 + 0.840 × 12.0 =
    65.9 points (...)'."""
    sum_name = "weighted sum" if result.ranking.method == "additive" else "method's score"
    parts = " × ".join(f"{line.factor:.3f}" for line in result.factors)
    product = f"factor {result.factor:.3f}"
    if len(result.factors) > 1:
        product += f" = {parts}"
    if result.reference_score is not None:
        return _reference_sentence(result, product)
    if result.unmodified is None:
        return f"Score = factor × {sum_name} = 0: {product} (a factor of 0 scores 0)."
    return (
        f"Score = factor × {sum_name}: {result.factor:.3f} × {fmt.points(result.unmodified)}"
        f" = {fmt.points(result.row.score)} points ({product}); the contributions above are"
        " already multiplied by the factor."
    )


def _reference_sentence(result: Explanation, product: str) -> str:
    """The score against the reference option: reference + factor × gain."""
    base = result.reference_score
    assert base is not None
    key = result.ranking.study.reference
    if result.is_reference:
        return (
            f"This is the reference option ({key}): its score is its own,"
            f" {fmt.points(result.row.score)} points; the others' factors weigh their gains"
            " over it (a failed option leaves the status quo)."
        )
    gain = result.gain
    if gain is None:
        return (
            f"Score = reference + factor × gain = reference ({key}): {fmt.points(base)} points"
            f" ({product}: a factor of 0 leaves the status quo)."
        )
    sign = "−" if gain < 0 else "+"
    return (
        f"Score = reference + factor × gain: {fmt.points(base)} {sign} {result.factor:.3f}"
        f" × {fmt.points(abs(gain))} = {fmt.points(result.row.score)} points ({product};"
        f" reference {key}, gain = the {_sum_name(result)} minus the reference's); the"
        " contributions above are already moved the same way (a failed option leaves the"
        " status quo)."
    )


def _sum_name(result: Explanation) -> str:
    return "weighted sum" if result.ranking.method == "additive" else "method's score"


def _facts(stance: str, spec: OptionFile) -> list[tuple[str, str]]:
    return [("stance", stance), ("actor", spec.actor), ("summary", spec.summary)]


def _neighbours(result: Explanation) -> tuple[tuple[Gap | None, str], ...]:
    return ((result.above, "just above"), (result.below, "just below"))


def _gap(gap: Gap, where: str, keys: dict[str, str]) -> Text:
    other = gap.other
    points = fmt.points(other.score)
    head = f"Against #{other.rank} {other.title} ({other.option}, {points}, {where}): "
    return Text.of(head, fmt.gap_sentence(gap.margin, gap.by_criterion, keys), style="strong")


def _page_gap(gap: Gap, where: str, names: dict[str, str]) -> Text:
    other = gap.other
    return Text.of(
        f"Against #{other.rank} {other.title} (",
        code(other.option),
        f", {fmt.points(other.score)}, {where}): ",
        f"{fmt.gap_sentence(gap.margin, gap.by_criterion, names)}.",
    )
