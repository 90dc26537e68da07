"""``compare_methods``: a method that repeats another is not independent agreement (the
CLI's notes and the left-out methods: tests/cli/test_methods_cli.py)."""

from __future__ import annotations

from policy_options.core.methods import names
from policy_options.core.ranking.compare import compare_methods
from policy_options.render import fmt
from tests.core.ranking.test_method_notes import study_of

# no value function, no preference function, every score above 0
SCORES = [[2, 9], [6, 6], [9, 3], [5, 1]]


def test_promethee_is_not_counted_as_independent_agreement() -> None:
    study, w = study_of(SCORES, [True, False], [2, 1])
    result = compare_methods(study, w)
    assert result.methods == names()  # every method, none left out
    assert result.left_out == {}
    assert result.repeats() == {"promethee": "additive"}
    assert "promethee" not in result.independent()
    assert len(result.independent()) == len(result.methods) - 1
    ranks = result.ranks()
    assert all(ranks[o]["promethee"] == ranks[o]["additive"] for o in ranks)
    two = compare_methods(study, w, ["additive", "promethee"])
    assert two.agree_on_top()
    assert fmt.agreement_sentence(two.top(), two.repeats()) == (
        "All 2 methods put o2 first, but promethee repeats additive: one independent verdict."
    )


def test_the_agreement_sentence_counts_independent_methods() -> None:
    top = {"additive": "a", "topsis": "a", "promethee": "a"}
    assert fmt.agreement_sentence(top) == "All 3 methods put a first."
    assert fmt.agreement_sentence(top, {"promethee": "additive"}) == (
        "All 3 methods put a first (2 independent: promethee repeats additive)."
    )
    # a repeat of a method not compared is no repeat
    assert fmt.agreement_sentence({"topsis": "a", "promethee": "a"}, {"promethee": "additive"}) == (
        "All 2 methods put a first."
    )
    split = fmt.agreement_sentence({**top, "topsis": "b"}, {"promethee": "additive"})
    assert split == (
        "The methods disagree on the top option: additive, promethee → a; topsis → b"
        " (2 independent: promethee repeats additive)."
    )
