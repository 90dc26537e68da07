"""Terminal output for ``policy why`` and ``policy sources`` (Rich; plain in pipes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from policy_options.core.study.provenance import Provenance, SourceStatus
from policy_options.core.study.quote_match import where
from policy_options.render import fmt
from policy_options.render import sources as plain_sources
from policy_options.render import why as plain
from policy_options.render.console import PLAIN, Terminal, new_table, render_to_text

if TYPE_CHECKING:  # core.why imports numpy: not on the path of `policy sources`
    from policy_options.core.why.analysis import PairExplanation


def _header(title: str, subtitle: str) -> Text:
    text = Text(title, style="bold")
    text.append("\n" + subtitle, style="dim")
    return text


def why(result: PairExplanation, terminal: Terminal = PLAIN) -> str:
    study = result.ranking.study
    a, b = result.a, result.b
    weights = result.ranking.weights
    title = (
        f"Why {a.option} (#{a.rank}, {fmt.points(a.score)}) and {b.option}"
        f" (#{b.rank}, {fmt.points(b.score)})"
    )
    subtitle = f"profile: {weights.label} · method: {result.method} · scores out of 100"
    if study.scenario is not None:  # the title names the pair, not the study: say it here
        subtitle = f"scenario {study.scenario.id}: {study.scenario.name} · {subtitle}"
    lead = Text(plain.sentence(result), style="bold")

    gap = new_table(terminal, title="Gap by criterion", title_justify="left")
    gap.add_column("Criterion")
    gap.add_column(a.option, justify="right")
    gap.add_column(b.option, justify="right")
    gap.add_column("Points (A − B)", justify="right")
    for key, diff in result.gap.by_criterion:
        criterion = study.criteria[key]
        gap.add_row(
            key,
            fmt.with_unit(study.options[a.option].spec.scores[key].value, criterion),
            fmt.with_unit(study.options[b.option].spec.scores[key].value, criterion),
            fmt.signed_points(diff),
        )

    weight = new_table(terminal, title="One weight at a time", title_justify="left")
    for name, justify in (("Criterion", "left"), ("Weight now", "right"), ("Tie at", "right")):
        weight.add_column(name, justify=justify)  # type: ignore[arg-type]
    weight.add_column("Change", justify="right")
    for flip in result.weight_flips:
        weight.add_row(
            flip.criterion,
            fmt.percent(flip.weight),
            "never" if flip.flip is None else fmt.percent(flip.flip),
            "" if flip.change is None else f"{fmt.signed_points(flip.change)} pp",
        )
    lp = Text(plain.lp_text(result))

    score = new_table(terminal, title="One score at a time", title_justify="left")
    for name in ("Option", "Criterion", "Score now", "Tie at", "Range", "Verdict"):
        justify = "right" if name in {"Score now", "Tie at"} else "left"
        score.add_column(name, justify=justify)  # type: ignore[arg-type]
    for moved in result.score_flips:
        criterion = study.criteria[moved.criterion]
        verdict = Text(plain.verdict(moved))
        if moved.within_range:
            verdict.stylize("bold red")
        score.add_row(
            moved.option,
            moved.criterion,
            fmt.with_unit(moved.current, criterion),
            plain.flip_text(moved, criterion),
            plain.range_text(moved),
            verdict,
        )
    note = Text(plain.method_note(result), style="dim")
    return render_to_text(terminal, _header(title, subtitle), lead, gap, weight, lp, score, note)


def _file_cell(status: SourceStatus) -> Text:
    if status.declared_file is None:
        return Text("none", style="dim")
    text = Text(status.declared_file)
    if status.path is None:
        text.append("\nnot found", style="bold yellow")
    elif status.problem is not None:
        text.append(f"\n{status.problem}", style="bold red")
    else:
        text.append(f"\nfound: {plain_sources.found_at(status)}", style="dim")
    return text


def sources(result: Provenance, terminal: Terminal = PLAIN, source: str | None = None) -> str:
    study = result.study
    if source is not None:
        return _one_source(result, result.status(source), terminal)
    table = new_table(terminal)
    table.add_column("Source")
    table.add_column("Reference", ratio=3, overflow="fold")
    table.add_column("File", ratio=2, overflow="fold")
    table.add_column("Quotes", justify="right")
    table.add_column("Found", ratio=1)
    for status in result.sources:
        found = Text(plain_sources.found_text(status))
        if status.all_found is False:
            found.stylize("bold red")
        elif status.all_found is None:
            found.stylize("yellow")
        table.add_row(
            status.id,
            plain_sources.reference(status),
            _file_cell(status),
            str(len(status.quotes)),
            found,
        )
    items: list[RenderableType] = [
        _header(f"Sources of {study.title}", plain_sources.subtitle(result)),
        table,
    ]
    if result.orphans:
        items.append(
            Text(
                f"{fmt.plural(len(result.orphans), 'quote')} cite no declared source:"
                " run `policy validate`",
                style="bold red",
            )
        )
    return render_to_text(terminal, *items)


def _one_source(result: Provenance, status: SourceStatus, terminal: Terminal) -> str:
    table = new_table(terminal)
    table.add_column("#", justify="right")
    table.add_column("Cited by", max_width=28, overflow="fold")
    table.add_column("Where", ratio=2)
    table.add_column("Quote", ratio=5, overflow="fold")
    for i, checked in enumerate(status.quotes, 1):
        place = Text(where(checked.match))
        if checked.match is not None and not checked.match.found:
            place = Text(plain_sources.closest_text(checked.match), style="bold red")
        quote = Text(f"“{checked.item.quote}”", style="italic")
        quote.append(f"\n{checked.item.location}", style="dim")
        table.add_row(str(i), checked.item.cited_by, place, quote)
    head = _header(
        f"{status.id}: {plain_sources.reference(status)}",
        f"file: {plain_sources.file_text(status)} · {plain_sources.found_text(status)}",
    )
    note = Text(plain_sources.WHERE_NOTE, style="dim")
    return render_to_text(terminal, head, table, note)
