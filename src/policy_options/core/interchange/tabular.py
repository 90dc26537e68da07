"""The pandas and Jupyter face of a result: ``to_frame()``, ``_repr_html_``, ``_repr_markdown_``.

A base class the results inherit (``class Ranking(Tabular)``), so that their own modules
stay as they are; each method hands over to
:mod:`policy_options.core.interchange.frames`, which imports pandas when called (pandas
is the optional extra ``policy-options[pandas]``). Without pandas, ``to_frame()`` raises a
:class:`~policy_options.errors.UsageError` saying how to install it, and the notebook
display falls back to the plain ``repr`` (the ``_repr_*_`` methods return None).
"""

from __future__ import annotations

from typing import Any


class Tabular:
    """Results that are tables: ``to_frame()`` and the notebook's rich display."""

    __slots__ = ()

    def to_frame(self, *args: Any, **kwargs: Any) -> Any:
        """This result as a pandas DataFrame (see docs/pandas.md for its columns)."""
        from policy_options.core.interchange import frames

        return frames.to_frame(self, *args, **kwargs)

    def _repr_html_(self) -> str | None:
        from policy_options.core.interchange import frames

        return frames.display(self, "html")

    def _repr_markdown_(self) -> str | None:
        from policy_options.core.interchange import frames

        return frames.display(self, "markdown")
