"""``policy why A B`` in words (the sentence every format leads with, the flips) and as JSON;
its document is :mod:`policy_options.render.views.why`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policy_options.core.study.files.criteria import Criterion
from policy_options.render import fmt, jsonout, jsontext
from policy_options.render.fmt import exact

if TYPE_CHECKING:  # core.why imports numpy: only its types are needed here
    from policy_options.core.why.analysis import PairExplanation
    from policy_options.core.why.flips import ScoreFlip, WeightFlip


def number(x: float) -> str:
    """A raw score found by solving: at most two decimals, no trailing zeros (5.6, 24, 0.42)."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def with_unit(x: float, criterion: Criterion) -> str:
    unit = criterion.unit
    if not unit:
        return number(x)
    if number(x) == "1" and unit.endswith("s") and len(unit) > 1:
        unit = unit[:-1]
    return f"{number(x)} {unit}"


def flip_text(flip: ScoreFlip, criterion: Criterion) -> str:
    """The raw score that ties the pair; 'just under 36 months' when it rounds to the current."""
    if flip.score is None:
        return "—"
    if number(flip.score) == number(flip.current) and flip.score != flip.current:
        side = "under" if flip.score < flip.current else "over"
        return f"just {side} {with_unit(flip.current, criterion)}"
    return with_unit(flip.score, criterion)


def range_text(flip: ScoreFlip) -> str:
    if flip.range is None:
        return "no range"
    return f"{fmt.raw(flip.range[0])}–{fmt.raw(flip.range[1])}"


def verdict(flip: ScoreFlip) -> str:
    """'PLAUSIBLE FLIP' (inside the declared range), 'within scale', or 'nowhere'."""
    if flip.score is None:
        return "nowhere"
    return "PLAUSIBLE FLIP" if flip.within_range else "within scale"


def best_weight_flip(result: PairExplanation) -> WeightFlip | None:
    """The one-weight flip that needs the smallest move (ties: criterion order)."""
    found = [f for f in result.weight_flips if f.change is not None]
    # rounded, so that equal moves are equal and the first criterion wins
    return min(found, key=lambda f: round(abs(f.change or 0.0), 12), default=None)


def best_score_flip(result: PairExplanation) -> ScoreFlip | None:
    """A plausible flip first, then the smallest move as a share of the criterion's scale."""
    criteria = result.ranking.study.all_criteria

    def key(f: ScoreFlip) -> tuple[bool, float]:
        scale = criteria[f.criterion].scale
        move = abs((f.score or 0.0) - f.current) / (scale.max - scale.min)
        return (not f.within_range, round(move, 12))  # equal moves: the first listed wins

    found = [f for f in result.score_flips if f.score is not None]
    return min(found, key=key, default=None)


def mostly_on(result: PairExplanation) -> str | None:
    """The criterion that gives the leader most of its lead."""
    sign = 1.0 if result.a_above else -1.0
    favour = [(k, d * sign) for k, d in result.gap.by_criterion if d * sign > 1e-12]
    return max(favour, key=lambda kd: kd[1])[0] if favour else None


def sentence(result: PairExplanation, names: dict[str, str] | None = None) -> str:
    """'fms leads clear-limits by 4.2 points, mostly on stability; clear-limits would lead if …'."""
    label = names or {key: key for key in result.ranking.study.all_criteria}
    a, b = result.a.option, result.b.option
    leader, trailer = result.leader.option, result.trailer.option
    margin = abs(result.gap.margin)
    criteria = result.ranking.study.all_criteria
    if result.tied:
        return f"{a} and {b} tie at {fmt.points(result.a.score)} points ({leader} is listed first)."
    if margin <= 1e-9:
        head = (
            f"{a} and {b} both score {fmt.points(result.a.score)} points; {leader} ranks first"
            " on the tiebreak"
        )
    else:
        verb = "leads" if result.a_above else "trails"
        head = f"{a} {verb} {b} by {margin * 100:.1f} points"
        main = mostly_on(result)
        if main is not None:
            head += f", mostly on {label[main]}"
    ifs = []
    weight = best_weight_flip(result)
    if weight is not None and weight.flip is not None:
        ifs.append(
            f"if {label[weight.criterion]} weighed {fmt.percent(weight.flip)} instead of"
            f" {fmt.percent(weight.weight)}"
        )
    score = best_score_flip(result)
    if score is not None and score.score is not None:
        criterion = criteria[score.criterion]
        where = (
            f"inside its range {range_text(score)}"
            if score.within_range
            else (
                "no range declared"
                if score.range is None
                else f"outside its range {range_text(score)}"
            )
        )
        ifs.append(
            f"if {fmt.possessive(score.option)} {label[score.criterion]} score were"
            f" {_instead(score, criterion)} ({where})"
        )
    if not ifs:
        return f"{head}; no single weight or score change lets {trailer} catch up."
    return f"{head}; {trailer} would lead " + ", or ".join(ifs) + "."


def _instead(flip: ScoreFlip, criterion: Criterion) -> str:
    text = flip_text(flip, criterion)
    if text.startswith("just "):
        return text
    return f"{text} instead of {with_unit(flip.current, criterion)}"


def lp_text(result: PairExplanation, names: dict[str, str] | None = None) -> str:
    """The all-weights answer in words, or why there is none."""
    change = result.min_weight_change
    if change is None:
        return result.lp_note[:1].upper() + result.lp_note[1:] + "."
    label = names or {key: key for key in result.ranking.study.all_criteria}
    now = result.ranking.weights.normalised
    moves = [
        f"{label[k]} {fmt.percent(now[k])} → {fmt.percent(w)}"
        for k, w in change.weights.items()
        if abs(w - now[k]) > 1e-9
    ]
    if not moves:
        return "All weights at once: no change needed."
    return (
        f"All weights at once: move {fmt.percent(change.moved)} of the weight"
        f" (L1 distance {change.l1:.4f}): " + ", ".join(moves) + "."
    )


def method_note(result: PairExplanation) -> str:
    from policy_options.core.why.search import BISECTION, GRID

    if result.exact:  # additive
        how = "exact (closed form and linear programme)"
    elif result.method == "promethee":
        how = (
            f"weights exact (closed form); scores on a {GRID}-point grid, then bisection"
            f" to {BISECTION:g}"
        )
    else:
        how = f"found on a {GRID}-point grid, then bisection to {BISECTION:g}"
    note = (
        f"Method: {result.method}; flips {how}. One weight at a time: the others keep their"
        " ratios. A score flip inside the score's declared range is a plausible flip."
    )
    if result.gap.basis != "score":  # the gap column is not parts of the score gap
        note += f" Gap by criterion: {fmt.gap_basis(result.gap.basis)}."
    return note


# --- JSON -------------------------------------------------------------------------------------


def json(result: PairExplanation) -> str:
    """The contract of issue 11: gap and points 0..1, positive when A is above B."""
    change = result.min_weight_change
    document: dict[str, Any] = {
        "a": result.a.option,
        "b": result.b.option,
        "method": result.method,
        "profile": result.ranking.weights.profile,
        **jsonout.scenario_key(result.ranking.study),
        "gap": exact(result.gap.margin),
        "by_criterion": {key: exact(diff) for key, diff in result.gap.by_criterion},
        "weight_flips": [
            {"criterion": f.criterion, "weight": None if f.flip is None else exact(f.flip)}
            for f in result.weight_flips
        ],
        "min_weight_change": None
        if change is None
        else {
            "l1": exact(change.l1),
            "weights": {key: exact(w) for key, w in change.weights.items()},
        },
        "score_flips": [
            {
                "option": s.option,
                "criterion": s.criterion,
                "score": None if s.score is None else exact(s.score),
                "within_range": s.within_range,
                "within_scale": s.within_scale,
            }
            for s in result.score_flips
        ],
    }
    return jsontext.dumps(document)
