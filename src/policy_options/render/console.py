"""Terminal output with Rich: the one module of ours that imports rich.

Each function turns a result into the text to print. On a terminal it has
colour and box drawing; in a pipe or a file it is plain ASCII-boxed text.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from policy_options.core.compare import MethodComparison
from policy_options.core.explain import Explanation, Gap
from policy_options.core.load import Inspection
from policy_options.core.model import Study
from policy_options.core.ranking import Ranking
from policy_options.core.weights import Weights
from policy_options.render import fmt

if TYPE_CHECKING:
    from policy_options.core.provenance import Provenance

PLAIN_WIDTH = 120
BAR_WIDTH = 12
_EIGHTHS = " ▏▎▍▌▋▊▉█"


@dataclass(frozen=True)
class Terminal:
    """What the output goes to: a terminal (colour, its width) or a pipe/file (plain)."""

    is_terminal: bool = False
    color_system: str | None = None
    width: int = PLAIN_WIDTH


def detect(stderr: bool = False) -> Terminal:
    """Inspect stdout (or stderr): Rich's rules, so NO_COLOR and pipes give plain output."""
    console = Console(stderr=stderr)
    if console.is_terminal:
        return Terminal(True, console.color_system, console.width)
    columns = os.environ.get("COLUMNS", "")
    return Terminal(False, None, int(columns) if columns.isdigit() else PLAIN_WIDTH)


PLAIN = Terminal()


def render_to_text(terminal: Terminal, *items: RenderableType, soft_wrap: bool = False) -> str:
    """Print ``items`` to a string as ``terminal`` would show them (plain: no trailing spaces).

    ``soft_wrap`` keeps long lines whole (for lines a script may grep, like problems).
    """
    console = Console(
        file=io.StringIO(),
        force_terminal=terminal.is_terminal,
        color_system=terminal.color_system,  # type: ignore[arg-type]
        width=terminal.width,
        legacy_windows=False,
        emoji=False,
        highlight=False,
    )
    for item in items:
        console.print(item, soft_wrap=soft_wrap)
    text = str(console.file.getvalue())  # type: ignore[attr-defined]
    if terminal.is_terminal:
        return text
    return "\n".join(line.rstrip() for line in text.split("\n"))


def new_table(terminal: Terminal, **kwargs: object) -> Table:
    return Table(
        box=box.SIMPLE_HEAD if terminal.is_terminal else box.ASCII,
        header_style="bold" if terminal.is_terminal else "",
        **kwargs,  # type: ignore[arg-type]
    )


def bar(share: float, terminal: Terminal, width: int = BAR_WIDTH) -> Text:
    """A horizontal bar for a 0..1 share: block eighths on a terminal, '#' in plain text."""
    share = min(1.0, max(0.0, share))
    if not terminal.is_terminal:
        return Text("#" * round(share * width))
    eighths = round(share * width * 8)
    full, part = divmod(eighths, 8)
    return Text("█" * full + (_EIGHTHS[part] if part else ""), style="cyan")


def _header(title: str, subtitle: str) -> Text:
    text = Text(title, style="bold")
    text.append("\n" + subtitle, style="dim")
    return text


def _weights_line(weights: Weights) -> str:
    return "Weights: " + ", ".join(
        f"{key} {fmt.percent(w)}" for key, w in weights.normalised.items()
    )


def _subtitle(ranking: Ranking) -> str:
    weights = ranking.weights
    profile = (
        weights.profile
        if weights.name == weights.profile
        else f"{weights.profile} ({weights.name})"
    )
    if weights.overrides:
        profile += " with " + ", ".join(f"{k}={v:g}" for k, v in weights.overrides)
    count = fmt.plural(len(ranking.study.options), "option")
    text = f"profile: {profile} · method: {ranking.method} · {count} · scores out of 100"
    if ranking.excluded:
        text += f" · excluded (fail a threshold): {', '.join(ranking.excluded)}"
    return text


def ranking(result: Ranking, terminal: Terminal = PLAIN) -> str:
    study = result.study
    table = new_table(terminal)
    table.add_column("#", justify="right")
    table.add_column("Option", ratio=3)
    table.add_column("Score", justify="right")
    table.add_column("", width=BAR_WIDTH, no_wrap=True)
    header = fmt.HIGHLIGHT_HEADERS[result.method]
    table.add_column(header + (" (points)" if result.method == "additive" else ""), ratio=2)
    names = {key: key for key in study.criteria}
    for row in result.rows:
        option = Text(row.title)
        option.append(f"\n{row.option}", style="dim")
        if row.stance:
            option.append(f" · {row.stance.replace('_', ' ')}", style="dim")
        if row.fails:
            option.append("\n" + fmt.failing(row, names), style="bold yellow")
        table.add_row(
            str(row.rank),
            option,
            fmt.points(row.score),
            bar(row.score, terminal),
            fmt.highlight(result.method, row, names),
        )
    note = Text(_weights_line(result.weights) + "\n" + _method_line(result), style="dim")
    return render_to_text(terminal, _header(study.title, _subtitle(result)), table, note)


def _gap_text(gap: Gap | None, where: str, study: Study) -> Text | None:
    if gap is None:
        return None
    other = gap.other
    names = {key: key for key in study.criteria}
    text = Text(
        f"Against #{other.rank} {other.title} ({other.option}, {fmt.points(other.score)},"
        f" {where}): ",
        style="bold",
    )
    text.append(fmt.gap_sentence(gap.margin, gap.by_criterion, names))
    return text


def _method_line(ranking: Ranking) -> str:
    from policy_options.core.methods import SUMMARIES

    return f"Method: {ranking.method}: {SUMMARIES[ranking.method]}."


def explanation(
    result: Explanation, terminal: Terminal = PLAIN, provenance: Provenance | None = None
) -> str:
    """``provenance`` (from ``core.provenance.check``) adds where each quote is in its source."""
    from policy_options.render.quotes import quote_place

    row = result.row
    study = result.ranking.study
    spec = study.options[row.option].spec
    title = f"#{row.rank} {row.title} ({row.option}): {fmt.points(row.score)} / 100"
    facts = Text()
    for label, value in (
        ("stance", (row.stance or "").replace("_", " ")),
        ("actor", spec.actor),
        ("summary", spec.summary),
    ):
        if value:
            facts.append(f"{label}: ", style="bold")
            facts.append(f"{value}\n")
    if spec.source is not None and spec.source.quote:
        place = quote_place(provenance, row.option)
        cite = f"{spec.source.ref}, {place}" if place else spec.source.ref
        facts.append(f"“{spec.source.quote}” ({cite})\n", style="italic")
    names = {key: key for key in study.criteria}
    method_numbers = fmt.details_line(result.ranking.method, row, names)
    if method_numbers:
        facts.append(f"{method_numbers}\n", style="bold")
    if row.fails:
        facts.append(f"{fmt.failing(row, names)}\n", style="bold yellow")
    table = new_table(terminal)
    table.add_column("Criterion", ratio=1)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Value", justify="right")
    table.add_column("Weight", justify="right")
    method = result.ranking.method
    table.add_column(fmt.CONTRIBUTION_HEADERS[method], justify="right")
    table.add_column("Rationale", ratio=3)
    for line in result.lines:
        criterion = study.criteria[line.criterion]
        score = fmt.with_unit(line.raw, criterion)
        if line.range is not None:
            score += f"\n({fmt.raw(line.range[0])}–{fmt.raw(line.range[1])})"
        why = Text(line.rationale)
        if line.quote:
            why.append(f"\n“{line.quote}”", style="italic dim")
            place = quote_place(provenance, row.option, line.criterion)
            if place:
                why.append(f" ({place})", style="dim")
        table.add_row(
            Text(line.criterion),
            score,
            f"{line.value:.2f}",
            fmt.percent(line.weight),
            fmt.contribution(method, line.contribution),
            why,
        )
    gaps = [
        text
        for text in (
            _gap_text(result.above, "just above", study),
            _gap_text(result.below, "just below", study),
        )
        if text
    ]
    subtitle = _subtitle(result.ranking)
    if study.scenario is not None:  # the title names the option, not the study: say it here
        subtitle = f"scenario {study.scenario.id}: {study.scenario.name} · {subtitle}"
    neighbour = result.above or result.below
    basis = neighbour.basis if neighbour else "score"
    note = Text(
        "Score: raw score (plausible range). Value: 0–1 on the criterion's scale. "
        f"{fmt.CONTRIBUTION_HEADERS[method]}: {result.ranking.contributions_note}; "
        f"{fmt.gap_basis(basis)}. {_method_line(result.ranking)}",
        style="dim",
    )
    return render_to_text(terminal, _header(title, subtitle), facts, table, Group(*gaps), note)


def info(study: Study, weights: Weights, terminal: Terminal = PLAIN) -> str:
    head = Text(study.title, style="bold")
    if study.spec.question:
        head.append(f"\n{study.spec.question}")
    for key, source in study.spec.sources.items():
        bits = [
            ", ".join(source.authors),
            f"“{source.title}”",
            source.publisher,
            str(source.date or ""),
        ]
        head.append(f"\nsource {key}: ", style="dim")
        head.append(", ".join(b for b in bits if b), style="dim")
    criteria = new_table(terminal, title="Criteria", title_justify="left")
    for name, justify in (
        ("Criterion", "left"),
        ("Name", "left"),
        ("Direction", "left"),
        ("Scale", "left"),
        (f"Weight ({weights.profile})", "right"),
    ):
        criteria.add_column(name, justify=justify)  # type: ignore[arg-type]
    for key, c in study.criteria.items():
        direction = fmt.direction(c) + (" (value function)" if c.value_function else "")
        criteria.add_row(key, c.name, direction, fmt.scale(c), fmt.percent(weights.normalised[key]))
    profiles = new_table(terminal, title="Weight profiles", title_justify="left")
    profiles.add_column("Profile")
    profiles.add_column("Name")
    profiles.add_column("Description", ratio=1)
    for key, p in study.profiles.items():
        mark = " (default)" if key == study.default_profile else ""
        profiles.add_row(key + mark, p.name, p.spec.description)
    counts = Text(f"{len(study.options)} options in {study.path}", style="dim")
    if not study.scenarios:
        return render_to_text(terminal, head, criteria, profiles, counts)
    scenarios = new_table(terminal, title="Scenarios (--scenario NAME)", title_justify="left")
    for name, justify in (
        ("Scenario", "left"),
        ("Name", "left"),
        ("Probability", "right"),
        ("Overrides", "right"),
        ("Profile", "left"),
    ):
        scenarios.add_column(name, justify=justify)  # type: ignore[arg-type]
    for key, scenario in study.scenarios.items():
        scenarios.add_row(
            key,
            scenario.name,
            fmt.probability(scenario.spec.probability),
            str(sum(len(o) for o in scenario.spec.scores.values())),
            scenario.spec.weights or "",
        )
    return render_to_text(terminal, head, criteria, profiles, scenarios, counts)


def inspection(result: Inspection, folder: str, terminal: Terminal = PLAIN) -> str:
    shown = [f"{problem.severity}: {problem}" for problem in result.problems]
    summary = _inspection_summary(result, folder)
    if not terminal.is_terminal and all(line.isprintable() for line in [*shown, summary.plain]):
        # what Rich prints of these lines on a pipe, without it: 10,000 warnings take
        # a third of a second to lay out, for no wrapping and no colour
        return "".join(f"{line.rstrip()}\n" for line in [*shown, summary.plain])
    return _rich_inspection(result, summary, terminal)


def _rich_inspection(result: Inspection, summary: Text, terminal: Terminal) -> str:
    lines = Text()
    for i, problem in enumerate(result.problems):
        style = "red" if problem.severity == "error" else "yellow"
        lines.append("\n" if i else "")
        lines.append(f"{problem.severity}: ", style=f"bold {style}")
        lines.append(str(problem))
    items = (lines, summary) if result.problems else (summary,)
    return render_to_text(terminal, *items, soft_wrap=True)


def _inspection_summary(result: Inspection, folder: str) -> Text:
    errors, warnings = len(result.errors), len(result.warnings)
    study = result.study
    size = ""
    if study is not None and not errors:
        size = (
            f"{fmt.plural(len(study.options), 'option')},"
            f" {len(study.criteria)} criteri{'on' if len(study.criteria) == 1 else 'a'},"
            f" {fmt.plural(len(study.profiles), 'weight profile')}"
            + (f", {fmt.plural(len(study.scenarios), 'scenario')}" if study.scenarios else "")
            + "; "
        )
    verdict = "invalid" if errors else "valid"
    return Text(
        f"{folder}: {verdict}: {size}{fmt.plural(errors, 'error')},"
        f" {fmt.plural(warnings, 'warning')}",
        style="bold red" if errors else "bold green",
    )


def comparison(result: MethodComparison, terminal: Terminal = PLAIN) -> str:
    study = result.study
    ranks = result.ranks()
    methods = result.methods
    top = result.top()
    table = new_table(terminal)
    table.add_column("Option", ratio=1)
    for method in methods:
        table.add_column(method, justify="right")
    for key in result.options:
        cells = []
        for method in methods:
            text = Text(str(ranks[key][method]))
            if top[method] == key:
                text.stylize("bold green")
            cells.append(text)
        table.add_row(Text(key), *cells)
    taus = result.kendall_tau()
    agreement = new_table(terminal, title="Kendall's tau-b between methods", title_justify="left")
    agreement.add_column("")
    for method in methods:
        agreement.add_column(method, justify="right")
    for a in methods:
        agreement.add_row(a, *(fmt.tau(taus[a][b]) for b in methods))
    weights = result.weights
    subtitle = f"rank under each method · profile: {weights.label} · {len(result.options)} options"
    sentence = Text(fmt.agreement_sentence(top), style="bold")
    return render_to_text(terminal, _header(study.title, subtitle), table, sentence, agreement)
