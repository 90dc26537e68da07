"""``policy scenarios``: scores (ranks) in every scenario, regret, the robust choices.

A terminal shows three tables (scores, regret, the summaries across the scenarios) and
marks each scenario's leader and the options a rule chooses; a page puts regret and the
summaries in one table; CSV has one row per option, exact (0..1).
"""

from __future__ import annotations

from policy_options.core.futures.regret import OptionRegret, RegretAnalysis
from policy_options.render import fmt
from policy_options.render import scenarios as words
from policy_options.render.document import (
    DATA,
    DISPLAY,
    PAGE,
    TERMINAL,
    Cell,
    Column,
    Document,
    Note,
    Paragraph,
    Span,
    Table,
    Text,
    code,
    page,
    table,
    terminal,
)
from policy_options.render.views.common import header_lines


def regret(result: RegretAnalysis) -> Document:
    ids = [c.id for c in result.scenarios]
    # option ids are what the analyst types next: never cut short
    width = max([len("Option"), *(len(o.option) for o in result.options)])
    chosen = {key for ids_ in result.rules.values() for key in ids_}

    def option(o: OptionRegret, style: str = "") -> Text:
        return Text.of(Span(o.option, f"code {style}".strip()))

    def per_scenario() -> list[Column]:
        return [
            *(Column(header_lines(s, 12), align="right", media=TERMINAL) for s in ids),
            *(Column(f"`{s}`", align="right", media=PAGE) for s in ids),
        ]

    first = Column("Option", width=width, wrap=False)
    scores: list[list[Cell]] = []
    for o in result.options:
        cells: list[Cell] = [option(o)]
        shown = [f"{fmt.points(o.scores[s])} ({o.ranks[s]})" for s in ids]
        cells += [
            Text.of(Span(t, "strong" if o.ranks[s] == 1 else ""))
            for t, s in zip(shown, ids, strict=True)
        ]
        cells += shown
        scores.append(cells)
    labels = [("Max regret", "Max"), ("Mean regret", "Mean")]
    labels += [("Expected score", "Expected"), ("Worst score", "Worst")]
    if result.satisfice is not None:
        labels.append((f"Satisficed (of {len(ids)})", "Satisficed"))
    on_terminal = [Column(label, align="right", media=TERMINAL) for label, _ in labels]
    on_page = [Column(label, align="right", media=PAGE) for _, label in labels]
    regrets: list[list[Cell]] = []
    across: list[list[Cell]] = []
    both: list[list[Cell]] = []
    for o in result.options:
        regret_cells = [fmt.points(o.regret[s]) for s in ids]
        summary = [
            fmt.points(o.max_regret),
            fmt.points(o.mean_regret),
            "–" if o.expected is None else fmt.points(o.expected),
            fmt.points(o.worst),
            *([str(o.satisficed)] if o.satisficed is not None else []),
        ]
        regrets.append([option(o), *regret_cells])
        across.append([option(o, "good" if o.option in chosen else ""), *summary])
        both.append([option(o), *regret_cells, *summary])
    choices_on_page: list[str | Span] = [Span("Choices:", "strong"), " "]
    for n, (key, ids_) in enumerate(result.rules.items()):
        choices_on_page += ["; " if n else "", f"{words.RULE_NAMES[key]}: "]
        for i, key_ in enumerate(ids_):
            choices_on_page += [", " if i else "", code(key_)]
    choices_on_page.append(".")
    names, rules = words.RULE_NAMES, result.rules.items()
    choices = " · ".join(f"{names[key]} {', '.join(ids_)}" for key, ids_ in rules)
    reading = words.READING + words.satisfice_text(result)
    reading += f" {words.probability_text(result)} {words.weights_text(result)}"
    return Document(
        Text.of(result.study.title, page(f": {fmt.plural(len(ids), 'scenario')}")),
        (
            Paragraph(Text.of(Span(words.rules_sentence(result), "strong"))),
            table(
                [first, *per_scenario()],
                scores,
                terminal("Score (rank) in each scenario"),
                DISPLAY,
            ),
            Paragraph(Text.of("Cells: score out of 100 (rank). Regret, in points:"), media=PAGE),
            table([first, *per_scenario()[: len(ids)]], regrets, "Regret (points)", TERMINAL),
            table([first, *on_terminal], across, "Across the scenarios", TERMINAL),
            table([first, *per_scenario()[len(ids) :], *on_page], both, media=PAGE),
            Paragraph(Text.of(Span("Choices: ", "strong"), choices), media=TERMINAL),
            Paragraph(Text.of(*choices_on_page), media=PAGE),
            Paragraph(Text.of(words.best_in_futures(result))),
            *_warnings(result),
            Note(Text.of(reading)),
            _data(result),
        ),
        Text.of(
            f"{fmt.plural(len(ids), 'scenario')} (base first) · method: {result.method}"
            " · scores out of 100"
        ),
    )


def _warnings(result: RegretAnalysis) -> list[Paragraph]:
    """The reference counted as a choice, and any choice that fails a red line."""
    found = []
    reference = words.reference_text(result)
    if reference:
        found.append(Paragraph(Text.of(reference)))
    red_lines = words.red_line_text(result)
    if red_lines:
        found.append(Paragraph(Text.of(Span("Red line: ", "strong warning"), red_lines)))
    return found


def _data(result: RegretAnalysis) -> Table:
    """One row per option: score, rank and regret per scenario (0..1), the summaries."""
    ids = [c.id for c in result.scenarios]
    columns = [
        Column(key="option"),
        Column(key="title"),
        *(Column(key=f"score:{s}") for s in ids),
        *(Column(key=f"rank:{s}") for s in ids),
        *(Column(key=f"regret:{s}") for s in ids),
        *(Column(key=key) for key in ("max_regret", "mean_regret", "expected")),
        Column(key="worst"),
        Column(key="satisficed"),
    ]
    rows = [
        [
            o.option,
            o.title,
            *(o.scores[s] for s in ids),
            *(o.ranks[s] for s in ids),
            *(o.regret[s] for s in ids),
            o.max_regret,
            o.mean_regret,
            o.expected,
            o.worst,
            o.satisficed,
        ]
        for o in result.options
    ]
    return table(columns, rows, media=DATA)
