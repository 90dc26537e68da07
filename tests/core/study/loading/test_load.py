"""Loading a study: every load error names its file, line and column, with did-you-mean."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_options.core.study.loading.load import inspect_study, load_study
from policy_options.errors import StudyError
from tests.conftest import TINY_OPTIONS, TINY_PROFILES, TINY_STUDY, StudyFactory


def errors_of(folder: Path) -> list[str]:
    return [str(p) for p in inspect_study(folder).errors]


def only_error(folder: Path) -> str:
    errors = errors_of(folder)
    assert len(errors) == 1, errors
    with pytest.raises(StudyError) as info:
        load_study(folder)
    assert str(info.value) == errors[0]
    return errors[0].replace(str(folder) + "/", "")


def test_tiny_study_loads(tiny: Path) -> None:
    study = load_study(tiny)
    assert list(study.options) == ["alpha", "beta", "gamma"]
    assert list(study.criteria) == ["gain", "delay"]
    assert list(study.profiles) == ["even", "gain-first"]
    assert study.default_profile == "even"
    assert inspect_study(tiny).problems == []


def test_shorthand_score(make_study: StudyFactory) -> None:
    options = {
        **TINY_OPTIONS,
        "alpha": TINY_OPTIONS["alpha"].replace(
            '{value: 8, range: [6, 9], rationale: "big gain"}', "8"
        ),
    }
    folder = make_study(options=options)
    study = load_study(folder)
    assert study.options["alpha"].spec.scores["gain"].value == 8
    warnings = [str(p) for p in inspect_study(folder).warnings]
    assert any("score for 'gain' has no rationale" in w for w in warnings)


def test_unknown_key_suggests_the_closest(make_study: StudyFactory) -> None:
    options = {
        **TINY_OPTIONS,
        "alpha": TINY_OPTIONS["alpha"].replace(
            'rationale: "slow"', 'rationale: "slow", rationnale: x'
        ),
    }
    folder = make_study(options=options)
    assert only_error(folder).endswith(
        "alpha.yaml:6:41: unknown key 'rationnale' (did you mean 'rationale'?)"
    )


def test_unknown_criterion_in_option(make_study: StudyFactory) -> None:
    options = {**TINY_OPTIONS, "beta": TINY_OPTIONS["beta"].replace("  gain:", "  gian:")}
    errors = errors_of(make_study(options=options))
    assert "beta.yaml:5:3: unknown criterion 'gian' (did you mean 'gain'?)" in errors[0]
    assert "beta.yaml:4:1: no score for 'gain'" in errors[1]


def test_missing_score(make_study: StudyFactory) -> None:
    options = {**TINY_OPTIONS, "beta": "title: Beta\nscores:\n  gain: 4\n"}
    assert "beta.yaml:2:1: no score for 'delay'" in only_error(make_study(options=options))


def test_score_outside_scale(make_study: StudyFactory) -> None:
    options = {**TINY_OPTIONS, "gamma": TINY_OPTIONS["gamma"].replace("value: 2,", "value: 12,")}
    message = only_error(make_study(options=options))
    assert "gamma.yaml:5:17: score 12 for 'gain' lies outside its scale 0..10 points" in message


def test_range_must_hold_value(make_study: StudyFactory) -> None:
    options = {**TINY_OPTIONS, "alpha": TINY_OPTIONS["alpha"].replace("[6, 9]", "[9, 10]")}
    message = only_error(make_study(options=options))
    assert "alpha.yaml:5:9: range [9, 10] does not hold the value 8" in message


def test_range_must_lie_in_scale(make_study: StudyFactory) -> None:
    options = {**TINY_OPTIONS, "alpha": TINY_OPTIONS["alpha"].replace("[6, 9]", "[6, 11]")}
    assert "reaches outside its scale" in only_error(make_study(options=options))


def test_bad_stance_suggests(make_study: StudyFactory) -> None:
    options = {**TINY_OPTIONS, "alpha": TINY_OPTIONS["alpha"].replace("recommended", "recomended")}
    message = only_error(make_study(options=options))
    assert "alpha.yaml:2:9:" in message
    assert "(did you mean 'recommended'?)" in message


def test_unknown_source_ref(make_study: StudyFactory) -> None:
    options = {**TINY_OPTIONS, "alpha": TINY_OPTIONS["alpha"].replace("ref: src", "ref: scr")}
    assert "unknown source 'scr' (did you mean 'src'?)" in only_error(make_study(options=options))


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ("{gain: -1, delay: 1}", "'gain': must be >= 0, got -1"),
        ("{gain: .nan, delay: 1}", "'gain': must be a finite number, got nan"),
        ("{gain: .inf, delay: 1}", "'gain': must be a finite number, got inf"),
        ("{gain: lots, delay: 1}", "'gain': expected a number, got 'lots'"),
        ("{gain: '3', delay: 1}", "'gain': expected a number, got '3'"),
        ("{gain: true, delay: 1}", "'gain': expected a number, got True"),
        ("{gain: 0, delay: 0}", "all weights are zero"),
        ("{gain: 1}", "no weight for 'delay' (every criterion needs one; 0 ignores it)"),
        ("{gain: 1, delay: 1, dealy: 2}", "unknown criterion 'dealy' (did you mean 'delay'?)"),
    ],
)
def test_bad_weights(make_study: StudyFactory, weights: str, expected: str) -> None:
    folder = make_study(profiles={**TINY_PROFILES, "even": f"weights: {weights}\n"})
    message = only_error(folder)
    assert message.startswith("weights/even.yaml:1:")
    assert message.endswith(expected)


def test_unknown_default_profile(make_study: StudyFactory) -> None:
    folder = make_study(study=TINY_STUDY.replace("weights: even", "weights: evne"))
    assert "study.yaml:20:12: unknown weight profile 'evne' (did you mean 'even'?)" in only_error(
        folder
    )


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ("[[0, 1.0], [20, 0.0]]", None),
        ("[[1, 1.0], [20, 0.0]]", "must start at the scale's min (0)"),
        ("[[0, 1.0], [10, 0.5], [10, 0.4], [20, 0.0]]", "strictly increasing"),
        ("[[0, 1.5], [20, 0.0]]", "must lie in 0..1"),
        ("[[0, 1.0]]", "at least two points"),
    ],
)
def test_value_function_rules(make_study: StudyFactory, points: str, expected: str | None) -> None:
    study = TINY_STUDY.replace("[[0, 1.0], [10, 0.5], [20, 0.0]]", points)
    errors = errors_of(make_study(study=study))
    if expected is None:
        assert errors == []
    else:
        assert len(errors) == 1
        assert expected in errors[0]
        assert "study.yaml:18:21: " in errors[0]


def test_every_problem_is_reported_at_once(make_study: StudyFactory) -> None:
    options = {
        **TINY_OPTIONS,
        "alpha": TINY_OPTIONS["alpha"].replace("recommended", "maybe"),
        "beta": TINY_OPTIONS["beta"].replace("value: 4", "value: 40"),
    }
    profiles = {**TINY_PROFILES, "even": "weights: {gain: 0, delay: 0}\n"}
    errors = errors_of(make_study(options=options, profiles=profiles))
    assert len(errors) == 3
    assert [e.split("/")[-1].split(":")[0] for e in errors] == [
        "alpha.yaml",
        "beta.yaml",
        "even.yaml",
    ]


def test_top_level_must_be_a_mapping(make_study: StudyFactory) -> None:
    folder = make_study(options={**TINY_OPTIONS, "alpha": "- just\n- a list\n"})
    assert only_error(folder).endswith(
        "alpha.yaml:1:1: expected a mapping of keys at the top level, got list"
    )


def test_folder_without_study_yaml(tmp_path: Path) -> None:
    with pytest.raises(StudyError, match=r"no study\.yaml here"):
        load_study(tmp_path)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StudyError, match="no such folder"):
        load_study(tmp_path / "nope")


def test_warnings(make_study: StudyFactory) -> None:
    options = {**TINY_OPTIONS, "gamma": "title: Gamma\nscores: {gain: 2, delay: 20}\n"}
    profiles = {"even": "weights: {gain: 1, delay: 0}\n"}
    result = inspect_study(make_study(options=options, profiles=profiles))
    assert result.errors == []
    warnings = [str(w).split("/")[-1] for w in result.warnings]
    assert "gamma.yaml:1:1: option has no source quote" in warnings
    assert "gamma.yaml:2:10: score for 'gain' has no rationale" in warnings
    assert "study.yaml:13:3: no weight profile gives criterion 'delay' any weight" in warnings


def _many(make_study: StudyFactory, n: int) -> Path:
    """The tiny study with ``n`` more options, two of them broken in different ways."""
    options = dict(TINY_OPTIONS)
    for j in range(n):
        options[f"x{j:03d}"] = (
            f"title: X {j}\nscores:\n  gain: {{value: {j % 10}, rationale: r}}\n"
            "  delay: {value: 4, rationale: r}\n"
        )
    options["x001"] = options["x001"].replace("value: 1,", "value: 11,")  # outside its scale
    options[f"x{n - 2:03d}"] = "title: [unclosed\n"
    return make_study(options=options)


@pytest.mark.parametrize("parallel_from", [1, 10_000])
def test_two_processes_read_what_one_reads(
    make_study: StudyFactory, monkeypatch: pytest.MonkeyPatch, parallel_from: int
) -> None:
    """The forked reader gives the same study and the same located problems, in order."""
    import policy_options.core.study.reading.readall as readall

    folder = _many(make_study, 40)
    monkeypatch.setattr(readall, "PARALLEL_FROM", 10_000)
    one = inspect_study(folder)
    monkeypatch.setattr(readall, "PARALLEL_FROM", parallel_from)
    two = inspect_study(folder)
    assert [str(p) for p in two.problems] == [str(p) for p in one.problems]
    assert [str(p).rpartition("/")[2] for p in one.errors] == [
        "x001.yaml:3:17: score 11 for 'gain' lies outside its scale 0..10 points",
        "x038.yaml:2:1: invalid YAML: did not find expected ',' or ']'",
    ]


def test_no_second_process_means_reading_here(
    make_study: StudyFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    import policy_options.core.study.reading.readall as readall

    folder = _many(make_study, 10)
    expected = [str(p) for p in inspect_study(folder).problems]
    monkeypatch.setattr(readall, "PARALLEL_FROM", 1)

    def refuse(method: str) -> None:
        raise OSError("no fork here")

    monkeypatch.setattr(multiprocessing, "get_context", refuse)
    assert [str(p) for p in inspect_study(folder).problems] == expected


def test_plain_inspection_is_what_rich_prints(make_study: StudyFactory) -> None:
    """On a pipe the problems are printed without Rich, to the same text."""
    from policy_options.render.views.validate import inspection
    from policy_options.render.writers.console import PLAIN, _printed, _renderable, write

    for folder in (_many(make_study, 12), make_study()):
        document = inspection(inspect_study(folder), "study")
        rich = _printed(PLAIN, [(_renderable(block, PLAIN), True) for block in document.blocks])
        assert write(document, PLAIN) == rich
