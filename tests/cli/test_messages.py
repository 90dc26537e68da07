"""Messages a new user meets: they say what to do, in our words, not a library's."""

from __future__ import annotations

import pytest

from tests.conftest import TINY_OPTIONS, TINY_STUDY, StudyFactory, run_cli


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("title: Alpha\n\tactor: me\n", "alpha.yaml:2:1"),
        ("title: Alpha\nscores:\n\tgain: 1\n", "alpha.yaml:3:1"),
        ("title: Alpha\nscores:\n  gain: 1\n \tdelay: 2\n", "alpha.yaml:4:"),
    ],
    ids=["tab at the start", "tab in a mapping", "tab after spaces"],
)
def test_a_tab_in_the_indentation_says_so(make_study: StudyFactory, text: str, where: str) -> None:
    folder = make_study(options={**TINY_OPTIONS, "alpha": text})
    result = run_cli("rank", "--study", str(folder))
    assert result.exit_code == 2
    line = result.stderr.splitlines()[0]
    assert where in line
    assert line.endswith("YAML does not allow tabs for indentation: indent with spaces")


def test_a_tab_inside_a_quoted_string_is_fine(make_study: StudyFactory) -> None:
    alpha = TINY_OPTIONS["alpha"].replace("title: Alpha", 'title: "Al\tpha"')
    folder = make_study(options={**TINY_OPTIONS, "alpha": alpha})
    assert run_cli("rank", "--study", str(folder)).exit_code == 0


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("schema: 1", "schema: 2", "study.yaml:1:9: 'schema': must be 1, got 2"),
        (
            "scale: {min: 0, max: 10}",
            "scale: 5",
            "study.yaml:11:12: 'scale': expected a mapping of keys (key: value), got 5",
        ),
    ],
)
def test_format_errors_in_our_words(
    make_study: StudyFactory, old: str, new: str, message: str
) -> None:
    folder = make_study(study=TINY_STUDY.replace(old, new, 1))
    result = run_cli("rank", "--study", str(folder))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].endswith(message)
    assert "Input should" not in result.stderr
    assert "after validation" not in result.stderr


def test_a_too_long_range_in_our_words(make_study: StudyFactory) -> None:
    alpha = TINY_OPTIONS["alpha"].replace("range: [6, 9]", "range: [6, 8, 9]")
    folder = make_study(options={**TINY_OPTIONS, "alpha": alpha})
    result = run_cli("rank", "--study", str(folder))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].endswith("'range': takes at most 2 items, got 3")


def test_possessives_of_names_ending_in_s() -> None:
    from policy_options.render.fmt import plural, possessive

    assert possessive("cooling-centers") == "cooling-centers'"
    assert possessive("alpha") == "alpha's"
    assert plural(1, "scenario") == "1 scenario"
    assert plural(5, "scenario") == "5 scenarios"


def test_a_source_file_name_is_never_split_mid_word() -> None:
    from tests.conftest import ROOT

    result = run_cli("sources", "--study", str(ROOT / "options"))
    assert result.exit_code == 0
    assert "| armenia-commentary-2024.txt |" in result.stdout


def test_a_copied_profile_is_told_to_take_a_name_of_its_own(make_study: StudyFactory) -> None:
    from tests.conftest import TINY_PROFILES

    profiles = {**TINY_PROFILES, "mine": "name: Even\nweights: {gain: 2, delay: 1}\n"}
    profiles["even"] = "name: Even\nweights: {gain: 1, delay: 1}\n"
    result = run_cli("validate", "--study", str(make_study(profiles=profiles)))
    assert result.exit_code == 0
    assert (
        "weights/mine.yaml:1:7: profile 'mine' has the name of profile 'even' ('Even'):"
        " a copy? give it a name of its own"
    ) in result.stdout
