"""What both YAML readers share: PyYAML's parser (the C one when built), and plain
scalars resolved and constructed as its safe loader does them, cached (a study repeats
the same few numbers)."""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor

try:  # the C parser is an order of magnitude faster; fall back when it is not built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MERGE_TAG = "tag:yaml.org,2002:merge"
STR_TAG = "tag:yaml.org,2002:str"
PLAIN_KEYS = frozenset({str, int, float, bool})
_RESOLVER = yaml.resolver.Resolver()
PLAIN_CACHE: dict[str, tuple[str, Any]] = {}  # plain scalar -> (tag, immutable value)
_PLAIN_CACHE_SIZE = 65_536


def parser(text: str) -> Any:
    """PyYAML's parser (its events) over ``text``; the caller disposes of it."""
    return _Loader(text)


def resolve_plain(value: str) -> str:
    """The tag PyYAML's safe loader gives a plain (unquoted) scalar: int, float, null ..."""
    return str(_RESOLVER.resolve(yaml.ScalarNode, value, (True, False)))  # type: ignore[no-untyped-call]


class Unusual(Exception):
    """The fast reader met something only the locating builder handles (or reports)."""


_CONSTRUCTOR = SafeConstructor()


def plain_scalar(value: str) -> tuple[str, Any]:
    """(tag, value) of a plain scalar, as the locating builder's ``tagged`` makes it (cached)."""
    found = PLAIN_CACHE.get(value)
    if found is not None:
        return found
    tag = resolve_plain(value)
    if tag in (STR_TAG, MERGE_TAG):
        found = (tag, value)
    else:
        constructor = SafeConstructor.yaml_constructors.get(tag)
        if constructor is None:
            raise Unusual
        try:
            found = (tag, constructor(_CONSTRUCTOR, yaml.ScalarNode(tag, value)))
        except (yaml.YAMLError, ValueError):
            raise Unusual from None
    if len(PLAIN_CACHE) >= _PLAIN_CACHE_SIZE:
        PLAIN_CACHE.clear()
    PLAIN_CACHE[value] = found
    return found
