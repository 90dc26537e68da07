"""``policy why A B``: the sentence, the gap by criterion, and what would flip the pair.

CSV is one table of findings, ``kind,option,criterion,now,at,within_range,within_scale``:
kind gap (now: A − B on the criterion, 0..1), weight (now and tie weight), all_weights
(now and the nearest weights at which the trailing option catches up), score (raw score
now and the raw score that ties the pair).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from policy_options.render import fmt
from policy_options.render.document import (
    DATA,
    DISPLAY,
    PAGE,
    TERMINAL,
    Block,
    Cell,
    Column,
    Document,
    Note,
    Paragraph,
    Table,
    Text,
    code,
    page,
    table,
    terminal,
)
from policy_options.render.views.common import criterion_names
from policy_options.render.why import flip_text, lp_text, method_note, range_text, sentence, verdict

if TYPE_CHECKING:  # core.why imports numpy: only its types are needed here
    from policy_options.core.why.analysis import PairExplanation

RIGHT: Literal["right"] = "right"


def _criterion() -> list[Column]:
    """The criterion by id on a terminal, by name on a page."""
    return [Column("Criterion", media=TERMINAL), Column("Criterion", media=PAGE)]


def factors_text(result: PairExplanation) -> str:
    """The two options' modifier factors, and what the gap by criterion then compares."""
    study = result.ranking.study
    kinds = ", ".join(study.modifiers)
    head = (
        f"Modifier factors ({kinds}): {result.a.option} ×{result.a.factor:.3g},"
        f" {result.b.option} ×{result.b.factor:.3g}."
    )
    reference = result.ranking.reference
    if reference is not None:
        return (
            f"{head} Each score is the reference's ({reference.option},"
            f" {fmt.points(reference.score)}) + its factor × its gain over it (a failed option"
            " leaves the status quo), so each criterion's points are the reference's +"
            " factor × (weight × value − the reference's)."
        )
    return (
        f"{head} Each score is its factor × the weighted sum, so each criterion's points are"
        " factor × weight × value."
    )


def explanation(result: PairExplanation) -> Document:
    study = result.ranking.study
    names = {**criterion_names(study), **{k: c.name for k, c in study.modifiers.items()}}
    a, b = result.a, result.b
    blocks: list[Block] = []
    if study.scenario is not None:
        blocks.append(
            Paragraph(
                Text.of("Scenario ", code(study.scenario.id), f": {study.scenario.name}"),
                media=PAGE,
            )
        )
    blocks.append(
        Paragraph(
            Text.of(terminal(sentence(result)), page(sentence(result, names)), style="strong")
        )
    )
    a_scores = study.options[a.option].spec.scores
    b_scores = study.options[b.option].spec.scores
    blocks.append(
        table(
            [
                *_criterion(),
                Column(a.option, media=TERMINAL, align=RIGHT),
                Column(f"`{a.option}`", media=PAGE, align=RIGHT),
                Column(b.option, media=TERMINAL, align=RIGHT),
                Column(f"`{b.option}`", media=PAGE, align=RIGHT),
                Column("Points (A − B)", align=RIGHT),
            ],
            (
                [
                    key,
                    names[key],
                    *[fmt.with_unit(a_scores[key].value, study.criteria[key])] * 2,
                    *[fmt.with_unit(b_scores[key].value, study.criteria[key])] * 2,
                    fmt.signed_points(diff),
                ]
                for key, diff in result.gap.by_criterion
            ),
            title=terminal("Gap by criterion"),
            media=DISPLAY,
        )
    )
    if study.modifiers:
        blocks.append(Paragraph(Text.of(factors_text(result))))
    blocks.append(
        table(
            [
                *_criterion(),
                Column("Weight now", align=RIGHT),
                Column("Tie at", align=RIGHT),
                Column("Change", align=RIGHT),
            ],
            (
                [
                    f.criterion,
                    names[f.criterion],
                    fmt.percent(f.weight),
                    "never" if f.flip is None else fmt.percent(f.flip),
                    None if f.change is None else f"{fmt.signed_points(f.change)} pp",
                ]
                for f in result.weight_flips
            ),
            title=Text.of("One weight at a time", style="strong"),
            media=DISPLAY,
        )
    )
    blocks.append(Paragraph(Text.of(terminal(lp_text(result)), page(lp_text(result, names)))))
    blocks.append(
        table(
            [
                Column("Option"),
                *_criterion(),
                Column("Score now", align=RIGHT),
                Column("Tie at", align=RIGHT),
                Column("Range"),
                Column("Verdict"),
            ],
            (
                [
                    Text.of(code(f.option)),
                    f.criterion,
                    names[f.criterion],
                    fmt.with_unit(f.current, study.all_criteria[f.criterion]),
                    flip_text(f, study.all_criteria[f.criterion]),
                    range_text(f),
                    Text.of(
                        terminal(verdict(f), style="error" if f.within_range else ""),
                        page(verdict(f), style="strong" if f.within_range else ""),
                    ),
                ]
                for f in result.score_flips
            ),
            title=Text.of("One score at a time", style="strong"),
            media=DISPLAY,
        )
    )
    profile = result.ranking.weights.label
    blocks.append(Note(Text.of(page("Profile ", code(profile), ". "), method_note(result))))
    blocks.append(_findings(result))
    subtitle = f"profile: {profile} · method: {result.method} · scores out of 100"
    if study.scenario is not None:  # the title names the pair, not the study: say it here
        subtitle = f"scenario {study.scenario.id}: {study.scenario.name} · {subtitle}"
    title = Text.of(
        "Why ",
        code(a.option),
        f" (#{a.rank}, {fmt.points(a.score)}) and ",
        code(b.option),
        f" (#{b.rank}, {fmt.points(b.score)})",
    )
    return Document(title, tuple(blocks), Text.of(subtitle))


def _findings(result: PairExplanation) -> Table:
    rows: list[list[Cell]] = []
    for key, diff in result.gap.by_criterion:
        rows.append(["gap", result.a.option, key, diff, "", "", ""])
    for flip in result.weight_flips:
        rows.append(["weight", "", flip.criterion, flip.weight, _or_empty(flip.flip), "", ""])
    if result.min_weight_change is not None:
        now = result.ranking.weights.normalised
        for key, w in result.min_weight_change.weights.items():
            rows.append(["all_weights", "", key, now[key], w, "", ""])
    for s in result.score_flips:
        rows.append(
            [
                "score",
                s.option,
                s.criterion,
                s.current,
                _or_empty(s.score),
                s.within_range,
                s.within_scale,
            ]
        )
    keys = ("kind", "option", "criterion", "now", "at", "within_range", "within_scale")
    return table([Column(key=key, media=DATA) for key in keys], rows, media=DATA)


def _or_empty(x: float | None) -> Cell:
    return "" if x is None else x
