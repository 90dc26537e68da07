"""A hostile or broken study, over every command that loads one: exactly one located
`error:` line (at most one `hint:`), exit 2, nothing on stdout; `validate` lists the same
located line. The study folder's listing (x.yml beside x.yaml, weights/ or scenarios/
not a folder or unreadable), numbers beyond the largest float, characters YAML refuses."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.study_commands import NAMES, argv_for
from tests.conftest import TINY_OPTIONS, TINY_STUDY, run_cli, write_study

Build = Callable[[Path], None]


def _shadow_option(study: Path) -> None:
    (study / "alpha.yml").write_text(
        TINY_OPTIONS["alpha"].replace("Alpha", "SHADOW COPY"), encoding="utf-8"
    )


def _shadow_profile(study: Path) -> None:
    shutil.copy(study / "weights" / "even.yaml", study / "weights" / "even.yml")


def _shadow_scenario(study: Path) -> None:
    (study / "scenarios").mkdir()
    for suffix in (".yaml", ".yml"):
        (study / "scenarios" / f"storm{suffix}").write_text("name: Storm\n", encoding="utf-8")


def _plain_file(name: str) -> Build:
    def build(study: Path) -> None:
        if (study / name).is_dir():
            shutil.rmtree(study / name)
        (study / name).write_text("not a folder\n", encoding="utf-8")

    return build


def _fifo(name: str) -> Build:
    def build(study: Path) -> None:
        os.mkfifo(study / name)

    return build


def _replace_in(file: str, old: str, new: str) -> Build:
    def build(study: Path) -> None:
        path = study / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return build


def _bytes_in(file: str, data: bytes) -> Build:
    def build(study: Path) -> None:
        (study / file).write_bytes(data)

    return build


ALPHA = TINY_OPTIONS["alpha"].encode()
CASES: dict[str, tuple[Build, str]] = {
    "option .yml beside .yaml": (
        _shadow_option,
        "alpha.yml: both alpha.yaml and alpha.yml are here",
    ),
    "profile .yml beside .yaml": (
        _shadow_profile,
        "weights/even.yml: both even.yaml and even.yml are here",
    ),
    "scenario .yml beside .yaml": (
        _shadow_scenario,
        "scenarios/storm.yml: both storm.yaml and storm.yml are here",
    ),
    "weights/ a plain file": (_plain_file("weights"), "weights: not a folder"),
    "scenarios a plain file": (_plain_file("scenarios"), "scenarios: not a folder"),
    "scenarios a FIFO": (_fifo("scenarios"), "scenarios: not a folder"),
    "weights summing beyond a float": (
        _replace_in(
            "weights/even.yaml", "{gain: 1, delay: 1}", "{gain: 1.0e+308, delay: 1.0e+308}"
        ),
        "even.yaml:3:1: the weights add up to more than the largest number",
    ),
    "scale wider than a float": (
        _replace_in("study.yaml", "{min: 0, max: 10}", "{min: -1.0e+308, max: 1.0e+308}"),
        "study.yaml:11:12: scale -1e+308..1e+308 is wider than the largest number",
    ),
    "DEL character": (
        _bytes_in("alpha.yaml", ALPHA.replace(b"Alpha", b"Al\x7fpha")),
        "alpha.yaml:1:10: character U+007F is not allowed",
    ),
    "NUL character": (
        _bytes_in("alpha.yaml", ALPHA.replace(b"stance", b"st\x00ance")),
        "alpha.yaml:2:3: a NUL character",
    ),
    "control character": (
        _bytes_in("alpha.yaml", ALPHA.replace(b"big gain", b"big\x01gain")),
        "alpha.yaml:5:50: character U+0001 is not allowed",
    ),
    "form feed": (
        _bytes_in("alpha.yaml", ALPHA.replace(b"scores:", b"\x0cscores:")),
        "alpha.yaml:4:1: character U+000C is not allowed",
    ),
    "escape sequence": (
        _bytes_in("alpha.yaml", ALPHA.replace(b"Alpha", b"\x1b]0;pwned\x07Alpha")),
        "alpha.yaml:1:8: character U+001B is not allowed",
    ),
    "U+FFFE": (
        _bytes_in("alpha.yaml", ALPHA.replace(b"Alpha", "Al\ufffepha".encode())),
        "alpha.yaml:1:10: character U+FFFE is not allowed",
    ),
    "byte-order mark mid-file": (
        _bytes_in("alpha.yaml", ALPHA.replace(b"scores:", "\ufeffscores:".encode())),
        "alpha.yaml:4:1: a byte-order mark (U+FEFF) inside the text",
    ),
    "UTF-16 with a BOM": (
        _bytes_in("alpha.yaml", TINY_OPTIONS["alpha"].encode("utf-16")),
        "alpha.yaml:1:1: UTF-16 text",
    ),
    "UTF-16 without a BOM": (
        _bytes_in("alpha.yaml", TINY_OPTIONS["alpha"].encode("utf-16-le")),
        "alpha.yaml:1:2: a NUL character: is the file UTF-16?",
    ),
}


def _study(tmp_path: Path, case: str) -> Path:
    study = write_study(tmp_path / "study")
    CASES[case][0](study)
    return study


def _assert_located(stderr: str, stdout: str, expected: str) -> None:
    lines = stderr.splitlines()
    assert lines, stdout
    assert lines[0].startswith("error: "), stderr
    assert expected in lines[0], stderr
    assert len(lines) == 1 or (len(lines) == 2 and lines[1].startswith("hint: ")), stderr
    assert stdout == ""


CHARACTERS = [case for case in CASES if "character" in case or "UTF-16" in case or "mark" in case]
MATRIX = [
    (case, command)
    for case in CASES
    for command in (["rank", "explain", "report"] if case in CHARACTERS else NAMES)
]  # the text is refused in one place (textfile.py): every command for the listing cases


@pytest.mark.parametrize(("case", "command"), MATRIX)
def test_one_located_error_from_every_command(tmp_path: Path, case: str, command: str) -> None:
    study = _study(tmp_path, case)
    scratch = tmp_path / "out"
    scratch.mkdir()
    result = run_cli(*argv_for(command, study, scratch))
    assert result.exit_code == 2, result.stdout + result.stderr
    _assert_located(result.stderr, result.stdout, CASES[case][1])
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("case", list(CASES))
def test_validate_lists_the_located_error(tmp_path: Path, case: str) -> None:
    result = run_cli("validate", "--study", str(_study(tmp_path, case)))
    assert result.exit_code == 1, result.stdout
    assert CASES[case][1] in result.stdout
    assert "0 errors" not in result.stdout


def test_set_weights_summing_beyond_a_float_is_one_error(tmp_path: Path) -> None:
    study = write_study(tmp_path / "study")
    result = run_cli("rank", "--study", str(study), "--set", "gain=1e308", "--set", "delay=1e308")
    assert result.exit_code == 2
    _assert_located(result.stderr, result.stdout, "the weights add up to more than the largest")


def test_huge_weights_with_a_finite_sum_still_rank(tmp_path: Path) -> None:
    """8e307 twice sums to 1.6e308: finite, so normalised like 1 and 1."""
    study = write_study(tmp_path / "study")
    argv = ["rank", "--study", str(study), "--format", "json"]
    huge = run_cli(*argv, "--set", "gain=8e307", "--set", "delay=8e307")
    even = run_cli(*argv)
    assert huge.exit_code == 0, huge.stderr
    assert json.loads(huge.stdout)["weights"] == json.loads(even.stdout)["weights"]
    assert json.loads(huge.stdout)["ranking"] == json.loads(even.stdout)["ranking"]


SETPRIV = shutil.which("setpriv")


def _without_dac(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``policy ARGV`` as root without the capabilities that ignore file modes (or as
    an ordinary user, who never had them)."""
    prefix = (
        [SETPRIV, "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all"]
        if os.geteuid() == 0
        else []
    )
    return subprocess.run(
        [*prefix, sys.executable, "-m", "policy_options", *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src"), "PATH": "/usr/bin"},
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(
    os.geteuid() == 0 and SETPRIV is None, reason="root, and no setpriv to drop the capabilities"
)
@pytest.mark.parametrize("folder", ["weights", "scenarios"])
@pytest.mark.parametrize("command", ["rank", "validate"])
def test_an_unreadable_folder_is_a_located_error(tmp_path: Path, folder: str, command: str) -> None:
    study = write_study(tmp_path / "study")
    (study / folder).mkdir(exist_ok=True)
    (study / folder).chmod(0)
    try:
        done = _without_dac([command, "--study", "study"], tmp_path)
    finally:
        (study / folder).chmod(0o755)
    expected = f"study/{folder}: cannot read this folder: permission denied"
    if command == "validate":
        assert done.returncode == 1, done.stdout + done.stderr
        assert expected in done.stdout
    else:
        assert done.returncode == 2, done.stderr
        _assert_located(done.stderr, done.stdout, expected)
    assert "Traceback" not in done.stderr


def test_tiny_study_text_is_unchanged() -> None:
    """The cases above edit the tiny study's text: their anchors must still be there."""
    assert "{min: 0, max: 10}" in TINY_STUDY
