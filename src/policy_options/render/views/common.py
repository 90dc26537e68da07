"""Sentences and cells more than one view shows: the weights, the method, an option."""

from __future__ import annotations

from collections.abc import Iterable

from policy_options.core.ranking.rank import Ranking
from policy_options.core.study.files.model import Study
from policy_options.core.study.weights import Weights
from policy_options.render import fmt
from policy_options.render.document import TERMINAL, Media, Span, Text, code


def ranking_subtitle(ranking: Ranking) -> str:
    """'profile: balanced (Balanced) · method: additive · 14 options · scores out of 100'."""
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


def weights_line(weights: Weights) -> str:
    """'Weights: deterrence 20.7%, stability 20.7%, ...' (criteria by id)."""
    return "Weights: " + ", ".join(
        f"{key} {fmt.percent(w)}" for key, w in weights.normalised.items()
    )


def method_line(method: str) -> str:
    """'Method: additive: weighted sum of 0–1 values on each criterion's declared scale.'"""
    from policy_options.core.methods import SUMMARIES

    return f"Method: {method}: {SUMMARIES[method]}."


def weights_note(study: Study, weights: Weights, method: str | None = None) -> Text:
    """'Weights: profile `balanced` (Balanced): Deterrence by denial 20.7%, ... Method:
    additive (weighted sum ...).' (criteria by name; the method left out when None)."""
    from policy_options.core.methods import SUMMARIES

    shares = ", ".join(
        f"{study.criteria[key].name} {fmt.percent(w)}" for key, w in weights.normalised.items()
    )
    parts: list[str | Text] = ["Weights: profile ", Text.of(code(weights.profile))]
    parts.append(f" ({weights.name})")
    if weights.overrides:
        parts.append(" with ")
        for i, (key, value) in enumerate(weights.overrides):
            parts += [", " if i else "", Text.of(code(f"{key}={value:g}"))]
    parts.append(f": {shares}.")
    if method is not None:
        parts.append(f" Method: {method} ({SUMMARIES[method]}).")
    return Text.of(*parts)


def titled(title: str, key: str) -> Text:
    """'Title (`key`)': an option as a page names it."""
    return Text.of(f"{title} (", code(key), ")")


def criterion_keys(study: Study) -> dict[str, str]:
    """Criteria by id, as a terminal names them."""
    return {key: key for key in study.criteria}


def criterion_names(study: Study) -> dict[str, str]:
    """Criteria by name, as a page names them."""
    return {key: c.name for key, c in study.criteria.items()}


ASCII_MARKS = (("→", "->"), ("–", "-"), ("—", "-"), (" · ", " - "), ("±0.0", "0.0"), ("−", "-"))
"""The few non-ASCII marks of shared sentences, and what plain output shows instead."""


def fancy(text: str, style: str = "", media: Media = TERMINAL) -> Span:
    """``text`` with its plain (ASCII) text for pipes and files, on a terminal by default."""
    ascii_ = text
    for mark, replacement in ASCII_MARKS:
        ascii_ = ascii_.replace(mark, replacement)
    return Span(text, style, media, None if ascii_ == text else ascii_)


def glyph(mark: str, ascii_: str, style: str = "") -> Span:
    """One mark of a terminal drawing: styled on a terminal, ``ascii_`` in plain output."""
    return Span(mark, style, TERMINAL, ascii_)


def profile_line(ranking: Ranking) -> str:
    """'profile: balanced (Balanced) · method: additive'."""
    weights = ranking.weights
    profile = weights.profile
    if weights.name != weights.profile:
        profile += f" ({weights.name})"
    if weights.overrides:
        profile += " with " + ", ".join(f"{k}={v:g}" for k, v in weights.overrides)
    return f"profile: {profile} · method: {ranking.method}"


def header_lines(name: str, width: int = 10) -> str:
    """A long profile or scenario name broken after its hyphen nearest the middle:
    'deterrence-\\nfirst'."""
    if len(name) <= width or "-" not in name.strip("-"):
        return name
    cuts = [i + 1 for i, char in enumerate(name) if char == "-" and 0 < i < len(name) - 1]
    cut = min(cuts, key=lambda i: abs(i - len(name) / 2))
    return name[:cut] + "\n" + name[cut:]


def id_width(ids: Iterable[str]) -> int:
    """Option ids are what the analyst types next: never cut them short."""
    return max((len(key) for key in ids), default=6)
