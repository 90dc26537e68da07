"""One registry per extension point: named entries (methods, chart kinds, ...) in one place.

A :class:`Registry` is a read-only mapping name -> entry. Built-in entries are registered
by one line each when their package is imported; third-party ones come from a Python entry
point group (``policy_options.methods``), the way datasette and httpie load plugins. The
group is read only when a name is not registered, or when every name is listed, so a
command that uses a built-in never scans the installed distributions (``importlib.metadata``
alone costs some 13 ms of start-up).

An entry point names one entry and points at it, or at a callable that returns it::

    [policy_options.methods]
    maximin = policy_maximin:SPEC

This module imports nothing of ours but the errors: every layer can hold a registry.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Protocol, TypeVar

from policy_options.errors import RegistrationError, UnknownNameError

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

NAME = re.compile(r"[a-z][a-z0-9_-]*")
"""A registered name: lower case, so that the command line can take it in any case."""


class Named(Protocol):
    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=Named)


class Registry(Mapping[str, T]):
    """The entries of one extension point, by name: built-ins first, then plugins by name.

    ``kind`` is the entries' class, ``noun`` what one is called in messages ("method"),
    ``group`` the entry point group third parties register in (None: built-ins only).
    """

    def __init__(
        self, kind: type[T], noun: str, *, group: str | None = None, plural: str | None = None
    ) -> None:
        self.kind = kind
        self.noun = noun
        self.group = group
        self.plural = plural or f"{noun}s"
        self._entries: dict[str, T] = {}
        self._plugins: dict[str, str] = {}  # name -> the entry point it came from
        self._offered: dict[str, list[EntryPoint]] | None = None  # the group, once read

    def register(self, entry: T) -> T:
        """Add ``entry`` under its name; a :class:`RegistrationError` if the name is taken."""
        if not isinstance(entry, self.kind):
            raise RegistrationError(
                f"a {self.noun} is registered as a {self.kind.__name__},"
                f" not a {type(entry).__name__}"
            )
        name = entry.name
        if not isinstance(name, str) or not NAME.fullmatch(name):
            raise RegistrationError(
                f"{self.noun} name {name!r}: use lower-case letters, digits, - and _,"
                " starting with a letter"
            )
        if name in self._entries:
            raise RegistrationError(
                f"{self.noun} '{name}' is already registered{self._by_plugin(name)}"
            )
        self._entries[name] = entry
        return entry

    def __getitem__(self, name: str) -> T:
        """The entry called ``name``, loaded from its plugin on first use; an
        :class:`UnknownNameError` (a usage error and a KeyError) with a did-you-mean."""
        found = self._entries.get(name)
        if found is None:
            found = self._load(name)
        if found is None:
            known = (*self._entries, *sorted(set(self._entry_points()) - set(self._entries)))
            matches = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            close = matches[0] if matches else None
            raise UnknownNameError(
                f"unknown {self.noun} '{name}'" + (f" (did you mean '{close}'?)" if close else ""),
                hint=f"{self.plural}: " + ", ".join(known),
                known=known,
                close=close,
            )
        return found

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (name in self._entries or self._load(name) is not None)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self.names())

    def names(self, *, plugins: bool = True) -> tuple[str, ...]:
        """Every name: the built-ins in registration order, then the plugins' by name.

        ``plugins=False`` lists what is registered without reading the entry points (the
        built-ins, and any plugin already loaded), e.g. for a command's ``--help``.
        """
        if plugins:
            for name in sorted(self._entry_points()):
                if name not in self._plugins:
                    self._load(name)
        local = [name for name in self._entries if name not in self._plugins]
        return (*local, *sorted(name for name in self._entries if name in self._plugins))

    def origin(self, name: str) -> str | None:
        """The entry point ``name`` was loaded from (``module:attribute``), None for a built-in."""
        return self._plugins.get(name)

    def forget_plugins(self) -> None:
        """Drop the entries loaded from entry points and read the group again on next use
        (after installing a plugin in a running process, and in tests)."""
        for name in self._plugins:
            del self._entries[name]
        self._plugins.clear()
        self._offered = None

    def _by_plugin(self, name: str) -> str:
        where = self._plugins.get(name)
        return f" (by the plugin {where})" if where else ""

    def _entry_points(self) -> dict[str, list[EntryPoint]]:
        if self.group is None:
            return {}
        if self._offered is None:
            from importlib.metadata import entry_points

            offered: dict[str, list[EntryPoint]] = {}
            for point in entry_points(group=self.group):
                offered.setdefault(point.name, []).append(point)
            self._offered = offered
        return self._offered

    def _load(self, name: str) -> T | None:
        """Register the entry that the entry point ``name`` offers; None if none does."""
        points = self._entry_points().get(name)
        if not points:
            return None
        targets = sorted({point.value for point in points})
        if len(targets) > 1:
            raise RegistrationError(
                f"{len(targets)} plugins offer the {self.noun} '{name}': {', '.join(targets)}",
                hint="uninstall all but one of them",
            )
        where = f"{self.noun} plugin '{name}' ({targets[0]})"
        try:
            loaded = points[0].load()
            entry = loaded if isinstance(loaded, self.kind) or not callable(loaded) else loaded()
        except Exception as exc:  # a plugin's import or factory fails: say which plugin
            raise RegistrationError(f"{where} does not load: {type(exc).__name__}: {exc}") from exc
        if not isinstance(entry, self.kind):
            raise RegistrationError(
                f"{where} gives a {type(entry).__name__}, not a {self.kind.__name__}"
            )
        if entry.name != name:
            raise RegistrationError(
                f"{where} gives the {self.noun} '{entry.name}': the two names must be the same"
            )
        registered = self._entries.get(name)
        if registered is None:
            self.register(entry)
        elif registered is not entry:  # (the same entry: the plugin registered it on import)
            raise RegistrationError(
                f"{where} clashes with the {self.noun} '{name}' already registered"
                + self._by_plugin(name)
            )
        self._plugins[name] = targets[0]
        return entry
