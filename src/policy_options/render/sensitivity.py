"""The sentences every format of the sensitivity results shares (their views in
render/views/, the report, the JSON), and the JSON helpers of jsonout_sensitivity.

Pure: result -> str. The results carry every number; nothing is recomputed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policy_options.core.methods import Method
from policy_options.core.ranking.rank import TIE_TOLERANCE, Ranking
from policy_options.core.uncertainty.settings import WeightModel
from policy_options.render import fmt

if TYPE_CHECKING:
    from policy_options.core.uncertainty.montecarlo import MonteCarlo, OptionAcceptability
    from policy_options.core.uncertainty.stability_result import CriterionStability, WeightStability
    from policy_options.core.uncertainty.tornado import Tornado, TornadoBar

exact = fmt.exact


# --- sentences shared by the terminal and Markdown --------------------------------------


def stability_summary(result: WeightStability) -> str:
    """One sentence: which weight the top option is most sensitive to, and where it flips."""
    if result.method == Method.weakest_link:
        return weakest_link_summary(result)
    sentence = _interval_summary(result)
    if not result.exact and result.most_sensitive is not None:
        sentence = sentence[:-1] + " (found by bisection to 1e-9, not exact)."
    return sentence


def _interval_summary(result: WeightStability) -> str:
    top = result.top
    first = result.most_sensitive
    if first is not None and first.vetoed_inside:
        other = first.above or first.below or ""
        if first.weight == 0:
            why = f"any weight on {first.criterion} vetoes it (its value there is 0)"
        else:
            why = "any weight on the other criteria vetoes it (a value of 0 on one of them)"
        return (
            f"The top option ({top}) holds only while {first.criterion} weighs exactly"
            f" {fmt.percent(first.weight)}: {why}, and {other} comes first."
        )
    if first is None:
        return (
            f"No single weight moves the top option ({top}) from first place: it stays on top"
            " whatever weight, from 0% to 100%, any one criterion gets."
        )
    lo, hi = first.top_interval
    if first.change == 0:  # tied now: the smallest move changes the top option
        if first.above is not None and hi == first.weight:
            move, other = "rises", first.above
        else:
            move, other = "falls", first.below or ""
        return (
            f"The top option ({top}) is only just on top, tied with {other}: {other} comes"
            f" first as soon as the weight of {first.criterion} {move} from"
            f" {fmt.percent(first.weight)}."
        )
    sentence = (
        f"The top option ({top}) is most sensitive to the weight of {first.criterion}:"
        f" it stays on top while that weight is between {fmt.percent(lo)} and"
        f" {fmt.percent(hi)} (now {fmt.percent(first.weight)})"
    )
    if first.below is not None:
        sentence += f"; below {fmt.percent(lo)}, {first.below} comes first"
    if first.above is not None:
        sentence += f"; above {fmt.percent(hi)}, {first.above} comes first"
    return sentence + "."


def top_path(criterion: CriterionStability, arrow: str = " → ") -> str:
    """The top option as the weight runs from 0% to 100%: 'a → 36.1% → b'."""
    parts = [criterion.top_at_zero]
    for point in criterion.breakpoints:
        parts += [fmt.percent(point.weight), point.top]
    return arrow.join(parts)


def tied_now(ranking: Ranking) -> list[list[str]]:
    """Groups of options that share a rank under the current weights."""
    groups: dict[int, list[str]] = {}
    for row in ranking.rows:
        groups.setdefault(row.rank, []).append(row.option)
    return [group for group in groups.values() if len(group) > 1]


def method_note(result: WeightStability) -> str | None:
    """How the method shapes the analysis; None for the additive model (exact lines)."""
    method = result.method
    if method == Method.promethee:
        return (
            "PROMETHEE II: the net flow is linear in the weights (phi = sum of w_k phi_k, and"
            " the per-criterion flows phi_k do not depend on the weights), so every interval"
            " is exact."
        )
    if method == Method.weighted_product and result.search is not None:
        grid, tolerance = result.search
        notes = [
            "Weighted product with modifiers and a reference option: the score"
            " S_ref + m (S - S_ref) is not a product, so the intervals and breakpoints were"
            f" found on a grid of {grid:,} weights and then by bisection to {_power(tolerance)},"
            " not solved exactly. An option with a value of 0 on a weighted criterion has"
            " S = 0 (a veto) for weights strictly between 0% and 100%."
        ]
        return " ".join(notes + endpoint_sentences(result))
    if method == Method.weighted_product:
        notes = [
            "Weighted product: ln S is linear in the weights, so every interval is exact; an"
            " option with a value of 0 on a weighted criterion is vetoed (score 0) and never"
            " on top unless every option is. Intervals are for weights strictly between 0%"
            " and 100%: at exactly 0% a criterion drops out (at 100% every other one does),"
            " which lifts the veto of an option with a 0 there."
        ]
        return " ".join(notes + endpoint_sentences(result))
    if method == Method.topsis and result.search is not None:
        grid, tolerance = result.search
        return (
            "TOPSIS: closeness is not linear in the weights, so the intervals and breakpoints"
            f" were found on a grid of {grid:,} weights and then by bisection to"
            f" {_power(tolerance)}, not solved exactly; two changes closer together than the"
            f" grid step ({100 / (grid - 1):g} percentage points) can be missed."
        )
    if method == Method.weakest_link:
        return (
            "Weakest link: an option scores its lowest 0-1 value among the criteria with a"
            " non-zero weight, so the size of a non-zero weight changes no score and there"
            " are no weight stability intervals; the weights only order options with equal"
            " weakest values (by their additive score). A weight set to 0 drops its criterion"
            " from the minimum, and a criterion at 0 given any weight joins it."
        )
    return None


def _power(x: float) -> str:
    """1e-09 -> '1e-9'."""
    mantissa, _, exponent = f"{x:g}".partition("e")
    return f"{mantissa}e{int(exponent)}" if exponent else mantissa


def _inside_top(criterion: CriterionStability, end: float) -> str:
    """The option on top just inside [0, 1] next to ``end``."""
    if end == 0 or not criterion.breakpoints:
        return criterion.top_at_zero
    return criterion.breakpoints[-1].top


def endpoint_sentences(result: WeightStability) -> list[str]:
    """Weighted product: where a weight of exactly 0% or 100% lifts a veto and changes the top.

    One sentence per end, criteria grouped by the option then on top (the options freed
    from their veto are in the JSON, ``endpoints``).
    """
    sentences = []
    for end, where in (
        (0.0, "At exactly 0% a criterion drops out, lifting vetoes"),
        (
            1.0,
            "At exactly 100% of one criterion's weight every other criterion drops out, lifting"
            " vetoes",
        ),
    ):
        tops: dict[str, list[str]] = {}
        for c in result.criteria:
            for point in c.endpoints:
                if point.weight == end and point.top != _inside_top(c, end):
                    tops.setdefault(point.top, []).append(c.criterion)
        if tops:
            parts = [f"{top} for {fmt.and_list(keys)}" for top, keys in tops.items()]
            sentences.append(f"{where}, and another option comes first: {'; '.join(parts)}.")
    return sentences


def weakest_link_summary(result: WeightStability) -> str:
    """Weakest link: no intervals; what does change the top option, in one sentence."""
    top = result.top
    value = "" if result.top_value is None else f" ({result.top_value:.2f})"
    if result.shares_top:
        head = (
            f"{top} shares its weakest value{value} with"
            f" {fmt.and_list(list(result.shares_top))}: the additive score orders them, so there"
            " the weights do matter"
        )
    else:
        head = (
            f"{top} is on top with the highest weakest value{value}, whatever non-zero weight"
            " any criterion gets"
        )
    changes = [t for t in result.toggles if t.changes_top]
    if not changes:
        return head + "; dropping any one criterion (a weight of 0) keeps it on top."
    parts = [
        f"{'dropping' if t.weight > 0 else 'weighting'} {t.criterion} puts {t.top} first"
        for t in changes
    ]
    return head + "; but " + "; ".join(parts) + "."


def stability_notes(result: WeightStability) -> list[str]:
    """How to read the intervals: the ratio rule, ties now, a criterion with all the weight."""
    notes = [
        "Each row moves one criterion's weight from 0% to 100% while the other weights keep"
        " their ratios; a tie at an interval's end counts as unchanged."
    ]
    note = method_note(result)
    if note is not None:
        notes.append(note)
    for group in tied_now(result.ranking):
        vetoed = (
            result.method == Method.weighted_product and result.ranking.row(group[0]).score == 0
        )
        why = " (vetoed: a 0 on a weighted criterion)" if vetoed else ""
        notes.append(
            f"{fmt.and_list(group)} are tied now{why}: the whole ranking counts as unchanged"
            " while they stay tied or in their listed order."
        )
    for criterion in result.criteria:
        if criterion.spread_equally:
            notes.append(
                f"{criterion.criterion} has all the weight now: below 100% the rest of the"
                " weight is spread equally over the other criteria."
            )
    return notes


def weight_model_text(result: MonteCarlo) -> str:
    """The weight model in words."""
    count = len(result.sampled_criteria)
    zero = len(result.ranking.study.criteria) - count
    if result.weight_model is WeightModel.uniform:
        text = (
            f"uniform on the simplex of the {count} weighted criteria (no preference information)"
        )
    elif result.weight_model is WeightModel.profile:
        text = (
            f"Dirichlet around the profile's weights, concentration K = {result.concentration:g}"
            " (higher K: closer to the profile)"
        )
    else:
        text = (
            "uniform among the weight vectors that keep the profile's order of criteria"
            " (criteria of equal weight in random order)"
        )
    if zero:
        text += f"; the {zero} criteria the profile weighs 0 stay at 0"
    return text


def score_model_text(result: MonteCarlo) -> str:
    if result.score_uncertainty:
        text = (
            f"{result.uncertain_scores} scores drawn from triangular distributions"
            " (low, the score as mode, high) over their ranges"
        )
        judged = result.ranking.study.judged
        if judged is not None and judged.pools:  # judgements pooled: the pool, not a triangle
            text += "; the pooled cells from the analysts' opinion pool instead"
        return text
    return "fixed, as given"


def confidence_text(result: MonteCarlo) -> str:
    if result.confidence_samples == 0:
        return (
            "Confidence factors are exact, not sampled: the scores do not vary, so an option"
            " at its central weights simply comes first (100%) or not (0%)."
        )
    return (
        f"Confidence factors: share of {result.confidence_samples:,} score draws in which the"
        " option comes first with its central weights."
    )


def montecarlo_note(result: MonteCarlo) -> str | None:
    """What the method does to the sampled weights (weakest link: little)."""
    if result.ranking.method != Method.weakest_link:
        return None
    if not result.score_uncertainty:
        return (
            "Weakest link with fixed scores: every option's weakest value is fixed and the"
            " size of a weight does not change it, so the sampled weights only reorder"
            " options with equal weakest values (by their additive score): the result is"
            " (nearly) deterministic, not a measure of how far the weights can be trusted."
        )
    return (
        "Weakest link: the size of a weight does not change an option's weakest value; the"
        " sampled weights only order options with equal weakest values (by their additive"
        " score), so the spread comes from the score ranges."
    )


def pairwise_text(result: MonteCarlo) -> str | None:
    """Which pairs the pairwise matrix covers, when it is not every pair (None then)."""
    n = len(result.options)
    if result.pairwise_scope == "none":
        return "Pairwise matrix not computed (--pairwise none)."
    if result.pairwise_scope == "top":
        k = len(result.pairwise_options)
        return (
            f"Pairwise matrix: only the pairs among the top {k} of the {n:,} options in the"
            " base ranking (all pairs cost options x options per sample; --pairwise all"
            " computes them)."
        )
    return None


def pairwise_rows(result: MonteCarlo) -> list[tuple[int, OptionAcceptability]]:
    """(# in base-ranking order, row) of the options the pairwise matrix covers."""
    return [(i, row) for i, row in enumerate(result.options, 1) if row.option in result.pairwise]


def standard_error_text(result: MonteCarlo) -> str:
    return (
        "Monte Carlo standard error of each acceptability: at most"
        f" {result.max_standard_error * 100:.2f} percentage points (sqrt(p(1 - p) / N))."
    )


def tornado_leader_text(result: Tornado) -> str:
    return (
        f"Leader: {result.leader}, {fmt.signed_points(result.margin)} points ahead of"
        f" {result.runner_up}."
    )


def tornado_verdict(result: Tornado) -> str:
    """Which uncertain judgements could change the answer, in words."""
    decisive = result.decisive
    if not decisive:
        if not result.bars:
            return "No score has a range: nothing to move."
        closest = min(result.bars, key=lambda bar: min(bar.margin_at_low, bar.margin_at_high))
        low_end = closest.margin_at_low <= closest.margin_at_high
        return (
            f"No single uncertain score, moved to either end of its range, changes the"
            f" leader; the closest call is {_judgement(closest, low_end)}"
            f" (margin {fmt.signed_points(min(closest.margin_at_low, closest.margin_at_high))}"
            " points)."
        )
    parts = []
    for bar in decisive:
        # the end that costs the leader first place (the lower margin; the high end on a tie)
        margin, low_end, top = min(
            (m, low, top)
            for low, m, top in (
                (True, bar.margin_at_low, bar.top_at_low),
                (False, bar.margin_at_high, bar.top_at_high),
            )
            if top != result.leader
        )
        why = (
            "an equal weakest value, ahead on the additive score"
            if margin >= -TIE_TOLERANCE  # weakest link: a tie of the first key
            else f"margin {fmt.signed_points(margin)} points"
        )
        parts.append(f"{_judgement(bar, low_end)} puts {top} on top ({why})")
    count = len(decisive)
    lead = (
        "1 uncertain score could change the answer: "
        if count == 1
        else f"{count} uncertain scores could change the answer: "
    )
    return lead + "; ".join(parts) + "."


def _judgement(bar: TornadoBar, low_end: bool) -> str:
    end, x = ("low", bar.low) if low_end else ("high", bar.high)
    return f"{bar.option}'s {bar.criterion} score at the {end} end of its range ({fmt.raw(x)})"


def profile_json(ranking: Ranking) -> dict[str, Any]:
    weights = ranking.weights
    return {
        "profile": weights.profile,
        "weights": {key: exact(w) for key, w in weights.normalised.items()},
        "overrides": {key: exact(w) for key, w in weights.overrides},
    }


def maybe_exact(x: float | None) -> float | None:
    return None if x is None else exact(x)
