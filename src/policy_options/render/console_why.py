"""Terminal output for ``policy why`` (Rich; plain in pipes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from policy_options.render import fmt
from policy_options.render import why as plain
from policy_options.render.writers.console import PLAIN, Terminal, new_table, render_to_text

if TYPE_CHECKING:  # core.why imports numpy: only its types are needed here
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
