"""A source `file:` that points out of the study (absolute, `..`, a symbolic link) or is
too long for a file system: refused with its path, never read, never quoted in a message
(`validate --sources`, `sources`, `explain`: every command that checks quotes)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import TINY_STUDY, run_cli, write_study

SECRET = "alpha quote is here. the secret password is hunter2 beta quote gamma quote"


def _study(tmp_path: Path, file: str) -> Path:
    study = TINY_STUDY.replace("    title: A source\n", f"    title: A source\n    file: {file}\n")
    return write_study(tmp_path / "study", study=study)


def _secret(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    return outside / "secret.txt"


def _absolute(tmp_path: Path) -> tuple[Path, list[str], str]:
    secret = _secret(tmp_path)
    return _study(tmp_path, str(secret)), [], "is an absolute path"


def _climbing(tmp_path: Path) -> tuple[Path, list[str], str]:
    _secret(tmp_path)
    return _study(tmp_path, "../outside/secret.txt"), [], "lies outside the study folder"


def _link(tmp_path: Path) -> tuple[Path, list[str], str]:
    secret = _secret(tmp_path)
    study = _study(tmp_path, "notes.txt")
    os.symlink(secret, study / "notes.txt")
    return study, [], "lies outside the study folder"


def _link_in_sources(tmp_path: Path) -> tuple[Path, list[str], str]:
    secret = _secret(tmp_path)
    study = _study(tmp_path, "notes.txt")
    shared = tmp_path / "shared"
    shared.mkdir()
    os.symlink(secret, shared / "notes.txt")
    return study, ["--sources", str(shared)], "lies outside the study folder"


def _climbing_from_sources(tmp_path: Path) -> tuple[Path, list[str], str]:
    _secret(tmp_path)
    study = _study(tmp_path, "../outside/secret.txt")
    shared = tmp_path / "shared"
    shared.mkdir()
    return study, ["--sources", str(shared)], "lies outside the study folder"


def _too_long(tmp_path: Path) -> tuple[Path, list[str], str]:
    return _study(tmp_path, "x" * 300 + ".txt"), [], "file name too long"


CASES = {
    "absolute": _absolute,
    "climbing out": _climbing,
    "link out": _link,
    "link out of --sources": _link_in_sources,
    "climbing out of --sources": _climbing_from_sources,
    "too long": _too_long,
}


@pytest.mark.parametrize("command", [["validate"], ["sources"], ["explain", "alpha"]])
@pytest.mark.parametrize("case", list(CASES))
def test_a_source_outside_the_study_is_refused_not_read(
    tmp_path: Path, case: str, command: list[str]
) -> None:
    study, extra, expected = CASES[case](tmp_path)
    result = run_cli(*command, "--study", str(study), *extra)
    shown = result.stdout + result.stderr
    assert "Traceback" not in shown
    assert "hunter2" not in shown
    assert "secret password" not in shown
    if command == ["validate"]:  # explain shows no source problems, and reads nothing
        assert result.exit_code == 1
        assert "source 'src':" in shown, shown
        assert expected in shown, shown
    elif command == ["sources"]:
        assert expected in shown.replace("\n", " "), shown


def test_a_source_inside_the_study_or_sources_folder_is_read(tmp_path: Path) -> None:
    study = _study(tmp_path, "texts/src.txt")
    (study / "texts").mkdir()
    (study / "texts" / "src.txt").write_text(SECRET, encoding="utf-8")
    result = run_cli("validate", "--study", str(study))
    assert "src.txt" not in result.stdout, result.stdout  # found, every quote in it
    assert result.exit_code == 0, result.stdout
