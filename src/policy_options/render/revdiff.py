"""``policy diff --rev`` in words (edits, moves, the attribution note) and as JSON; its
document is :mod:`policy_options.render.views.revision_diff`."""

from __future__ import annotations

from typing import Any

from policy_options.core.ranking.revision_diff import EXACT, Edit, OptionChange, StudyDiff
from policy_options.render import fmt, jsontext
from policy_options.render.fmt import exact
from policy_options.render.workflow import move_text


def edit_text(edit: Edit, option: str | None = None) -> str:
    """An edit in words: 'score of deterrence: 7 → 9', 'weight of stability: 3 → 2 (…)'.

    ``option``: the option the edit is shown under (its own scores drop the option's id).
    """
    key = edit.criterion or ""
    if edit.kind == "score":
        whose = "" if edit.option == option else f"{fmt.possessive(edit.option or '')} "
        return f"{whose}score on {key}: {_num(edit.old)} → {_num(edit.new)}"
    if edit.kind == "weight":
        shares = ""
        if edit.old_share is not None and edit.new_share is not None:
            shares = f" ({fmt.percent(edit.old_share)} → {fmt.percent(edit.new_share)})"
        return f"weight of {key}: {_num(edit.old)} → {_num(edit.new)}{shares}"
    if edit.kind == "criterion":
        return f"criterion {key}: {edit.detail}"
    if edit.kind == "criterion-added":
        if edit.new is None:
            return f"modifier {key} added"
        return f"criterion {key} added (weight {_num(edit.new)})"
    if edit.kind == "criterion-removed":
        if edit.old is None:
            return f"modifier {key} removed"
        return f"criterion {key} removed (weight was {_num(edit.old)})"
    if edit.kind == "option-added":
        return f"option {edit.option} added"
    return f"option {edit.option} removed"


def plain(x: float) -> float | int:
    """A raw number as written: 8.0 -> 8, 7.5 -> 7.5 (rounded to 12 decimals)."""
    return int(x) if float(x).is_integer() else exact(x)


def _num(x: float | None) -> str:
    return "–" if x is None else fmt.raw(x)


def rank_text(rank: int | None) -> str:
    return "–" if rank is None else str(rank)


def score_text(score: float | None) -> str:
    return "–" if score is None else fmt.points(score)


def change_text(row: OptionChange) -> str:
    change = row.change
    return "–" if change is None else fmt.signed_points(change)


def row_move(row: OptionChange) -> str:
    if row.rank_a is None:
        return "new"
    if row.rank_b is None:
        return "removed"
    return move_text(row.move)


def attribution_note(result: StudyDiff) -> str:
    if result.attribution == EXACT:
        return (
            "Points out of 100, exact for the additive method: a score or scale edit moves an"
            " option by the new weight × the change of value; a raw weight edit r → r' by"
            " (r' − r) × (its old value on that criterion − its old score) / the new total of"
            " raw weights. They add up to the change."
        )
    how = (
        "additive with modifiers (each score the reference's plus the factor × the gain over"
        " it), which is not additive in the values"
        if result.b.method == "additive"
        else f"{result.b.method}, which is not additive"
    )
    return (
        f"Points out of 100 under {how}: the edits were"
        " applied one at a time from the old version (options and criteria removed, criterion"
        " definitions, weights, scores, criteria and options added) and each is the score it"
        " moved then; they add up to the change, but another order would split it differently."
    )


def title_line(result: StudyDiff) -> str:
    return f"{result.b.study.title}: {result.label_a} → {result.label_b}"


def profiles_label(result: StudyDiff) -> str:
    a, b = result.a.weights.label, result.b.weights.label
    return a if a == b else f"{a} → {b}"


def _edit_json(edit: Edit) -> dict[str, Any]:
    return {
        "kind": edit.kind,
        "criterion": edit.criterion,
        "option": edit.option,
        "old": None if edit.old is None else plain(edit.old),
        "new": None if edit.new is None else plain(edit.new),
        "old_weight": None if edit.old_share is None else exact(edit.old_share),
        "new_weight": None if edit.new_share is None else exact(edit.new_share),
        "detail": edit.detail or None,
    }


def rev_diff_json(result: StudyDiff) -> str:
    return jsontext.dumps(
        {
            "study": result.b.study.title,
            "method": result.b.method,
            "a": {"revision": result.label_a, "profile": result.a.weights.profile},
            "b": {"revision": result.label_b, "profile": result.b.weights.profile},
            "attribution": result.attribution,
            "edits": [_edit_json(e) for e in result.edits],
            "options": [
                {
                    "option": row.option,
                    "title": row.title,
                    "rank_a": row.rank_a,
                    "rank_b": row.rank_b,
                    "move": row.move,
                    "score_a": None if row.score_a is None else exact(row.score_a),
                    "score_b": None if row.score_b is None else exact(row.score_b),
                    "moved_by": [
                        {**_edit_json(e.edit), "points": exact(e.points)} for e in row.effects
                    ],
                }
                for row in result.rows
            ],
            "kendall_tau_b": None if result.tau is None else exact(result.tau),
        }
    )
