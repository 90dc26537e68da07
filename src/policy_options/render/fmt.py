"""Number formats shared by every renderer, so the same number reads the same everywhere."""

from __future__ import annotations

from collections.abc import Sequence

from policy_options.core.methods.registry import ByName
from policy_options.core.ranking.rank import RankedOption
from policy_options.core.study.files.criteria import Criterion, Direction
from policy_options.core.study.files.model import Study


def plural(n: int, word: str) -> str:
    """'1 option', '14 options', '1 weight profile'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def possessive(name: str) -> str:
    """``alpha`` -> ``alpha's``, ``cooling-centers`` -> ``cooling-centers'``."""
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


def points(score: float) -> str:
    """A 0..1 score as points out of 100 with one decimal: 0.6321 -> '63.2'."""
    return f"{score * 100 + 0.0:.1f}"


def signed_points(delta: float) -> str:
    """A 0..1 difference as signed points: 0.021 -> '+2.1'."""
    text = f"{delta * 100:+.1f}".replace("-", "−")
    return "±0.0" if text in {"+0.0", "−0.0"} else text


def percent(weight: float) -> str:
    """A weight as a percentage with one decimal: 0.25 -> '25.0%'."""
    return f"{weight * 100 + 0.0:.1f}%"


def likely(share: float) -> str:
    """A share of samples or futures said with its ICD 203 word and the number:
    'likely (72.0%)' (:mod:`policy_options.core.likelihood`, the one scale)."""
    from policy_options.core.likelihood import likelihood

    return f"{likelihood(share)} ({percent(share)})"


_PROPER = ("ian", "ese", "ish", "an")  # Russian, Chinese, Turkish, American: keep capitals


def contribution_name(criterion: Criterion) -> str:
    """What a criterion's points reward, read the right way: its name, or for a
    lower-is-better criterion "low <name>" ("low Russian backlash risk", "low time to
    effect"): points there are earned by a low score. The first word is lowercased
    unless it looks like a proper adjective or an abbreviation."""
    name = criterion.name
    if criterion.direction is not Direction.LOWER_IS_BETTER:
        return name
    first = name.split(" ", 1)[0]
    keep = (
        "." in first
        or first[1:2].isupper()
        or (first[:1].isupper() and first.lower().endswith(_PROPER) and len(first) > 4)
    )
    return "low " + (name if keep else name[:1].lower() + name[1:])


def probability(p: float | None) -> str:
    """A scenario's probability as a percentage, or a dash when it has none."""
    return "–" if p is None else percent(p)


def raw(x: float) -> str:
    """A raw score as the analyst wrote it: 7 -> '7', 7.5 -> '7.5'."""
    return f"{x:g}"


def amount(x: float) -> str:
    """A cost or limit as written, with thousands separated: 250, 12.5, 1,234,569."""
    return f"{x:,.10g}"


def and_list(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def with_unit(x: float, criterion: Criterion) -> str:
    """'24 months', '1 month', '7 points'; a bare number when the criterion has no unit."""
    unit = criterion.unit
    if not unit:
        return raw(x)
    if x == 1 and unit.endswith("s") and len(unit) > 1:
        unit = unit[:-1]
    return f"{raw(x)} {unit}"


def scale(criterion: Criterion) -> str:
    text = f"{raw(criterion.scale.min)}–{raw(criterion.scale.max)}"
    return f"{text} {criterion.unit}" if criterion.unit else text


def direction(criterion: Criterion) -> str:
    return "higher is better" if criterion.direction == "higher_is_better" else "lower is better"


def exact(x: float) -> float:
    """A float for machine-readable output: rounded to 12 decimals, never -0.0."""
    return round(x, 12) + 0.0


def gap_sentence(
    margin: float, diffs: tuple[tuple[str, float], ...], names: dict[str, str], n: int = 3
) -> str:
    """'3.3 points behind; gains on A +12.4; loses on B -6.2, C -3.4': what makes a gap.

    ``margin`` is this option's score minus the other's; ``diffs`` the per-criterion
    contribution differences, largest first.
    """
    if abs(margin) <= 1e-9:
        head = "level"
    else:
        head = f"{abs(margin) * 100:.1f} points {'ahead' if margin > 0 else 'behind'}"
    gains = [f"{names[k]} {signed_points(d)}" for k, d in diffs if d > 1e-12][:n]
    losses = [f"{names[k]} {signed_points(d)}" for k, d in diffs if d < -1e-12][:n]
    parts = [head]
    if gains:
        parts.append("gains on " + ", ".join(gains))
    if losses:
        parts.append("loses on " + ", ".join(losses))
    return "; ".join(parts)


HIGHLIGHT_HEADERS = ByName(lambda spec: spec.highlight_header)  # method -> column header


def highlight(method: str, row: RankedOption, names: dict[str, str]) -> str:
    """What most explains the option's score under ``method``, in a few words."""
    if method == "additive":
        return ", ".join(f"{names[k]} {points(x)}" for k, x in row.top_contributors())
    if method == "promethee":
        phi = float(row.details.get("phi") or 0.0)
        parts = sorted(row.contributions.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:2]
        return f"φ {phi:+.3f}: " + ", ".join(f"{names[k]} {x:+.3f}" for k, x in parts)
    if method in ("weighted-product", "weighted-product-ratio"):
        low = sorted(row.contributions.items(), key=lambda kv: (kv[1], kv[0]))
        return ", ".join(f"{names[k]} ×{x:.3f}" for k, x in low[:3] if x < 1) or "none"
    if method == "topsis":
        d_plus, d_minus = float(row.details["d_plus"] or 0), float(row.details["d_minus"] or 0)
        return f"d+ {d_plus:.4f} · d− {d_minus:.4f}"
    if method == "weakest-link":
        key = str(row.details["binding"])
        return f"{names[key]} ({row.values[key]:.2f})"
    ranked = sorted(row.contributions.items(), key=lambda kv: (-kv[1], kv[0]))  # any other
    return ", ".join(f"{names[k]} {x:.4f}" for k, x in ranked[:3])


def failing(row: RankedOption, names: dict[str, str]) -> str:
    """'fails threshold: Political feasibility' or ''."""
    if not row.fails:
        return ""
    return "fails threshold: " + ", ".join(names.get(k, k) for k in row.fails)


def red_line(study: Study, option: str, key: str) -> str:
    """'fails the red line on Political feasibility: 1 < 2' (higher is better: the score is
    below the threshold; lower is better: above it)."""
    criterion = study.all_criteria[key]
    x = study.options[option].spec.scores[key].value
    sign = "<" if criterion.direction == "higher_is_better" else ">"
    return (
        f"fails the red line on {criterion.name}: {raw(x)} {sign} {raw(criterion.threshold or 0)}"
        + (f" {criterion.unit}" if criterion.unit else "")
    )


CONTRIBUTION_HEADERS = ByName(lambda spec: spec.contribution_header)  # method -> header


def contribution(method: str, x: float) -> str:
    """A contribution as its method reads it: points for additive, 4 decimals otherwise."""
    if method == "additive":
        return points(x)
    if method == "promethee":
        return f"{x:+.4f}"
    return f"{x:.4f}"


def gap_basis(basis: str) -> str:
    """What the gains and losses of a gap are measured in."""
    if basis == "score":
        return "gains and losses: each criterion's part of the score gap, in points"
    if basis == "log shares":
        return (
            "gains and losses: the score gap split by the log ratio of each criterion's"
            " factors, in points (they add up to the gap)"
        )
    return (
        "gains and losses: weight × value differences, in points (this method does not"
        " add criteria up, so they need not sum to the gap)"
    )


def details_line(method: str, row: RankedOption, names: dict[str, str]) -> str:
    """The method's own numbers for one option (flows, distances, binding criterion)."""
    d = row.details
    if method == "promethee":
        return (
            f"positive flow φ+ {float(d['phi_plus'] or 0):.4f} · negative flow φ−"
            f" {float(d['phi_minus'] or 0):.4f} · net flow φ {float(d['phi'] or 0):+.4f}"
        )
    if method == "topsis":
        return (
            f"closeness {float(d['closeness'] or 0):.4f} · distance to ideal d+"
            f" {float(d['d_plus'] or 0):.4f} · to anti-ideal d− {float(d['d_minus'] or 0):.4f}"
        )
    if method == "weakest-link":
        key = str(d["binding"])
        return f"binding criterion: {names[key]} (value {row.values[key]:.2f})"
    return ""


def agreement_sentence(top: dict[str, str], repeats: dict[str, str] | None = None) -> str:
    """One sentence: do the methods agree on the top option? A method in ``repeats``
    (method -> the method it repeats by construction) is not counted as independent."""
    repeated = {m: of for m, of in (repeats or {}).items() if m in top and of in top}
    said = "; ".join(f"{m} repeats {of}" for m, of in repeated.items())
    independent = len(top) - len(repeated)
    caveat = f" ({independent} independent: {said})" if repeated else ""
    if len(set(top.values())) == 1:
        option = next(iter(top.values()))
        if len(top) == 1:
            return f"{next(iter(top))} puts {option} first."
        if independent == 1:
            return (
                f"All {len(top)} methods put {option} first, but {said}: one independent verdict."
            )
        return f"All {len(top)} methods put {option} first{caveat}."
    groups: dict[str, list[str]] = {}
    for method, option in top.items():
        groups.setdefault(option, []).append(method)
    parts = "; ".join(f"{', '.join(ms)} → {option}" for option, ms in groups.items())
    return f"The methods disagree on the top option: {parts}{caveat}."


def tau(x: float | None) -> str:
    return "n/a" if x is None else f"{x:+.3f}"
