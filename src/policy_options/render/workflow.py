"""``policy profiles`` and ``policy diff`` in words (moves, tau, the robust choice) and as
JSON; their documents are :mod:`policy_options.render.views.profiles`."""

from __future__ import annotations

from typing import Any

from policy_options.core.ranking.profiles import ProfilesComparison, RankingDiff
from policy_options.core.study.weights import Weights
from policy_options.render import jsonout, jsontext
from policy_options.render.fmt import exact

ORDER_NOTE = (
    "Options are sorted by their worst rank across the profiles, then by mean rank, then by id;"
    " the first is the robust choice: the option whose worst rank is best."
)


def move_text(move: int | None) -> str:
    """Places gained: '↑2', '↓1', '=' (no move), 'new' (not in the earlier ranking)."""
    if move is None:
        return "new"
    if move > 0:
        return f"↑{move}"
    if move < 0:
        return f"↓{-move}"
    return "="


def ratio_text(x: float) -> str:
    """A judgement on Saaty's scale: 3 -> '3', 0.25 -> '1/4', 2.4137 -> '2.41', 0.1 -> '1/10'."""
    if x >= 1:
        return f"{x:.3g}"
    return f"1/{1 / x:.3g}"


def tau_text(tau: float | None) -> str:
    """Kendall's tau-b with two decimals; 'n/a' when undefined (every option tied)."""
    return "n/a" if tau is None else f"{tau + 0.0:.2f}".replace("-", "−")


def mean_rank_text(mean: float) -> str:
    return f"{mean:.2f}"


# --- policy profiles -----------------------------------------------------------------


def robust_sentence(result: ProfilesComparison) -> str:
    robust = result.robust
    title = result.study.options[robust.option].title
    count = len(result.rankings)
    text = (
        f"{title} ({robust.option}): worst rank {robust.worst} under"
        f" {'the one profile' if count == 1 else f'any of the {count} profiles'}"
        f" (best {robust.best}, mean {mean_rank_text(robust.mean)})"
    )
    ties = result.robust_ties
    if ties:
        text += "; also worst rank {}: {} (chosen on mean rank, then id)".format(
            robust.worst,
            ", ".join(f"{s.option} (mean {mean_rank_text(s.mean)})" for s in ties),
        )
    return text


def _profile(weights: Weights) -> dict[str, Any]:
    return {
        "profile": weights.profile,
        "name": weights.name,
        "weights": {key: exact(value) for key, value in weights.normalised.items()},
        "overrides": {key: exact(value) for key, value in weights.overrides},
    }


def _tau(tau: float | None) -> float | None:
    return None if tau is None else exact(tau)


def profiles_json(result: ProfilesComparison) -> str:
    robust = result.robust
    return jsontext.dumps(
        {
            "study": result.study.title,
            **jsonout.scenario_key(result.study),
            "method": result.rankings[0].method,
            "profiles": [
                {**_profile(r.weights), "top": list(result.top(i))}
                for i, r in enumerate(result.rankings)
            ],
            "options": [
                {
                    "option": s.option,
                    "title": result.study.options[s.option].title,
                    "ranks": list(s.ranks),
                    "scores": [exact(r.row(s.option).score) for r in result.rankings],
                    "worst_rank": s.worst,
                    "best_rank": s.best,
                    "mean_rank": exact(s.mean),
                }
                for s in result.standings
            ],
            "kendall_tau_b": [[_tau(t) for t in row] for row in result.tau],
            "robust_choice": {
                "option": robust.option,
                "title": result.study.options[robust.option].title,
                "worst_rank": robust.worst,
                "mean_rank": exact(robust.mean),
                "tied_on_worst_rank": [s.option for s in result.robust_ties],
            },
        }
    )


# --- policy diff -----------------------------------------------------------------------


def diff_json(result: RankingDiff) -> str:
    return jsontext.dumps(
        {
            "study": result.a.study.title,
            **jsonout.scenario_key(result.a.study),
            "method": result.b.method,
            "a": _profile(result.a.weights),
            "b": _profile(result.b.weights),
            "moves": [
                {
                    "option": row.option,
                    "title": row.title,
                    "rank_a": row.rank_a,
                    "rank_b": row.rank_b,
                    "move": row.move,
                    "score_a": exact(row.score_a),
                    "score_b": exact(row.score_b),
                }
                for row in result.rows
            ],
            "weight_changes": [
                {
                    "criterion": c.criterion,
                    "a": exact(c.a),
                    "b": exact(c.b),
                    "change": exact(c.b - c.a),
                }
                for c in result.weight_changes
            ],
            "kendall_tau_b": _tau(result.tau),
        }
    )
