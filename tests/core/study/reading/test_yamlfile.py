"""Reading YAML: locations, duplicate keys, and the inputs PyYAML would accept silently."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from policy_options.core.study.reading.yamlfile import read_yaml
from policy_options.errors import StudyError


def problem(path: Path) -> str:
    with pytest.raises(StudyError) as info:
        read_yaml(path, "f.yaml")
    assert len(info.value.problems) == 1
    return str(info.value.problems[0])


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "f.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_values_and_keys_keep_their_line_and_column(tmp_path: Path) -> None:
    doc = read_yaml(write(tmp_path, "a: 1\nb:\n  c: [x, y]\n"), "f.yaml")
    assert doc.data == {"a": 1, "b": {"c": ["x", "y"]}}
    assert doc.values[("a",)] == (1, 4)
    assert doc.keys[("b", "c")] == (3, 3)
    assert doc.values[("b", "c", 1)] == (3, 10)
    assert str(doc.locate(("b", "c", "missing"))) == "f.yaml:3:6"
    assert str(doc.locate(("b", "c"), key=True)) == "f.yaml:3:3"


def test_duplicate_key_is_an_error_at_the_second_key(tmp_path: Path) -> None:
    path = write(tmp_path, "weights:\n  a: 1\n  b: 2\n  a: 3\n")
    assert problem(path) == "f.yaml:4:3: duplicate key 'a' (first given on line 2)"


def test_empty_file(tmp_path: Path) -> None:
    assert problem(write(tmp_path, "# only a comment\n")) == "f.yaml: file is empty"


def test_invalid_utf8_is_located(tmp_path: Path) -> None:
    assert problem(write(tmp_path, b"a: 1\nb: caf\xe9\n")) == "f.yaml:2:7: not valid UTF-8 text"


def test_syntax_error_is_located(tmp_path: Path) -> None:
    message = problem(write(tmp_path, "a: [1, 2\nb: 3\n"))
    assert message.startswith("f.yaml:2:")
    assert "invalid YAML" in message


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    message = problem(write(tmp_path, "\n".join(lines) + "\n"))
    assert "alias bomb" in message


def test_small_aliases_still_work(tmp_path: Path) -> None:
    doc = read_yaml(write(tmp_path, "a: &w {x: 1}\nb: *w\n"), "f.yaml")
    assert doc.data == {"a": {"x": 1}, "b": {"x": 1}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: !!python/object:os.system x\n", "unsupported YAML tag"),
        ("a: !custom 1\n", "unsupported YAML tag"),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", "merge keys"),
        ("? [1, 2]\n: x\n", "plain value"),
    ],
)
def test_constructs_beyond_plain_data_are_refused(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in problem(write(tmp_path, text))


def test_multiple_documents_are_refused(tmp_path: Path) -> None:
    assert "invalid YAML" in problem(write(tmp_path, "a: 1\n---\nb: 2\n"))


def test_missing_file(tmp_path: Path) -> None:
    assert problem(tmp_path / "nope.yaml") == "f.yaml: file not found"


def test_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "f.yaml"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer for ever
    assert problem(fifo) == "f.yaml: is a FIFO (named pipe), not a regular file; refused"


def test_socket_is_refused(tmp_path: Path) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(tmp_path / "f.yaml"))
        assert problem(tmp_path / "f.yaml") == "f.yaml: is a socket, not a regular file; refused"


def test_symlink_to_a_fifo_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "pipe")
    assert "is a FIFO" in problem(tmp_path / "link.yaml")


def test_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    with open(path, "wb") as handle:
        handle.truncate(2 * 1024 * 1024)  # sparse: nothing to read
    assert problem(path) == "f.yaml: file is larger than 1 MiB; refused"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f.yaml").mkdir()
    assert problem(tmp_path / "f.yaml") == "f.yaml: is a folder, not a file"


TRICKY = """\
ints: [0, 17, 017, 0o17, 0x1F, -3, +4, 1_000, 0b101, 1:30]
floats: [1.5, -2.0, 1e3, 1.0e3, .inf, -.inf, 6.8523015e+5, 1_000.5, 190:20:30.15]
words: [yes, no, on, off, true, False, ~, null, "", '', "5", '7', x, <<x]
dates: [2024-03-14, 2001-12-14t21:59:43.10-05:00]
text: |
  a block
  of text
folded: >
  folded
  text
empty:
nested: {a: [1, {b: 2}], c: &anchor {d: 3.25}, e: *anchor}
"""


def test_data_equals_safe_load(tmp_path: Path) -> None:
    """The event builder constructs exactly what yaml.safe_load does (run twice: the cache)."""
    import yaml

    root = Path(__file__).resolve().parents[4] / "options"
    texts = [TRICKY] + [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.yaml"))]
    for _ in range(2):
        for text in texts:
            assert read_yaml(write(tmp_path, text), "f.yaml").data == yaml.safe_load(text)


def test_undefined_alias_and_tagged_collections(tmp_path: Path) -> None:
    assert "undefined alias" in problem(write(tmp_path, "a: *nope\n"))
    assert "unsupported YAML tag" in problem(write(tmp_path, "a: !custom {x: 1}\n"))
    assert "unsupported YAML tag" in problem(write(tmp_path, "a: <<\n"))
    assert read_yaml(write(tmp_path, "a: !!map {x: !!str 1}\n"), "f.yaml").data == {"a": {"x": "1"}}


PLAIN = """\
title: An option   # a comment
summary: 'quoted: text'
scores:
  gain: {value: 7, range: [5, 8.5], rationale: "Because."}
  delay: 3
  when: 2024-03-14
flags: [yes, no, ~, 0x1F, 1_000, .inf, "", '']
text: |
  a block
nested:
  - a: 1
    b: [x, {c: null}]
  - - deeper
"""


def test_the_fast_reader_agrees_with_the_locating_builder(tmp_path: Path) -> None:
    """Plain files are read without locations, found later exactly as the builder finds them."""
    from policy_options.core.study.reading.yaml_document import located_document

    root = Path(__file__).resolve().parents[4] / "options"
    texts = [PLAIN] + [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.yaml"))]
    for text in texts:
        doc = read_yaml(write(tmp_path, text), "f.yaml")
        located = located_document(text, "f.yaml")
        assert located is not None
        assert doc.data == located.data
        if isinstance(doc.data, dict):  # the shipped interactions.yaml is a list
            assert doc._values is None  # the fast path was taken: nothing located yet
        assert doc.locate() == located.locate()
        assert doc.values == located.values
        assert doc.keys == located.keys


def test_unusual_files_go_to_the_locating_builder(tmp_path: Path) -> None:
    for text in ["a: &x 1\nb: *x\n", "a: !!str 1\n", "just a scalar\n", "[1, 2]\n"]:
        doc = read_yaml(write(tmp_path, text), "f.yaml")
        assert doc.data == __import__("yaml").safe_load(text)
    assert "duplicate key 'a' (first given on line 1)" in problem(write(tmp_path, "a: 1\na: 2\n"))


def test_locations_of_a_document_sent_to_another_process(tmp_path: Path) -> None:
    """Pickled without its text, a document finds its locations by reading its file again."""
    import pickle

    path = write(tmp_path, PLAIN)
    sent = pickle.loads(pickle.dumps(read_yaml(path, "f.yaml")))
    assert sent._text is None
    assert str(sent.locate(("scores", "gain", "range", 1))) == "f.yaml:4:31"
    assert sent.keys[("scores", "delay")] == (5, 3)
    path.unlink()  # gone before anyone asked: the file name, no line
    late = pickle.loads(pickle.dumps(read_yaml(write(tmp_path, PLAIN), "g.yaml")))
    (tmp_path / "f.yaml").unlink()
    assert str(late.locate(("scores",))) == "g.yaml"
