"""The one error type of policy-options, and its few subclasses.

Every mistake a user can make (bad study data, bad options) raises a
:class:`PolicyError`; the CLI catches it in one place and prints one line.
Anything else that escapes is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file and, where known, a 1-based line and column."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.path
        if self.column is None:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One located finding about a study: an error or a warning."""

    message: str
    location: Location | None = None
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"


class PolicyError(Exception):
    """A mistake in the user's input: printed as one line, exit code 2."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class StudyError(PolicyError):
    """The study on disk is invalid; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("StudyError needs at least one problem")
        self.problems = problems
        more = len(problems) - 1
        hint = (
            f"{more} more problem{'s' if more > 1 else ''}: run `policy validate` to see all"
            if more
            else None
        )
        super().__init__(str(problems[0]), hint=hint)


class UsageError(PolicyError):
    """A command-line option that makes no sense (bad --set, unknown option id, ...)."""


class UnknownNameError(UsageError, KeyError):
    """A name that no entry of a registry has (a method, a chart kind): the message says
    which name is close, the hint lists them all. A KeyError too, so a registry is a mapping."""

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        known: tuple[str, ...] = (),
        close: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.known = known  # every name the registry offers
        self.close = close  # the one close to the unknown name, if any


class RegistrationError(PolicyError):
    """An extension that cannot be registered: its name is taken, or its plugin does not load."""
