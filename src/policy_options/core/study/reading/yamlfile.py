"""Read one YAML file into plain Python data that remembers where each value came from.

PyYAML's ``safe_load`` silently keeps the last of two duplicate keys and forgets
line numbers. We read the parser's events (the C parser when present) and construct
the data ourselves, so that duplicate keys are errors, aliases cannot blow up memory,
and every value keeps its line and column for error messages.

A plain file is read fast (yaml_fast.py) and located only when asked; anything
else by the locating builder (yaml_document.py); the text itself comes from
textfile.py, which refuses what is not a regular file of sane size in UTF-8.
"""

from __future__ import annotations

from pathlib import Path

from policy_options.core.study.reading.textfile import file_error, read_text
from policy_options.core.study.reading.yaml_document import YamlDocument, located_document
from policy_options.core.study.reading.yaml_fast import fast_document


def read_yaml(file: Path, display: str | None = None) -> YamlDocument:
    """Parse ``file``; raise :class:`StudyError` with a located problem when it is not usable."""
    path = display or str(file)
    text = read_text(file, path)
    doc = fast_document(text, path, str(file)) or located_document(text, path)
    if doc is None:
        raise file_error(path, "file is empty")
    return doc
