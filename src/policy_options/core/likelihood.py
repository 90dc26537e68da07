"""Words of likelihood bound to numbers: one fixed scale for every command and the brief.

The scale is the U.S. Intelligence Community's (ICD 203, *Analytic Standards*, 2015,
section D.6.b.2.a): seven terms, each for a range of probabilities. A share of Monte
Carlo samples, or of futures, is said with the term whose range holds it, the number
beside it ("likely (72%)"), never the word alone. Likelihood is not confidence: the
word says how often the result holds under the uncertainty modelled, not how good the
model is.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    word: str
    low: float  # the share this term starts at (inclusive, except for the first: 0)
    high: float  # the share it ends at (exclusive, except for the last: 1)


SCALE: tuple[Term, ...] = (
    Term("almost no chance", 0.0, 0.05),
    Term("very unlikely", 0.05, 0.20),
    Term("unlikely", 0.20, 0.45),
    Term("roughly even chance", 0.45, 0.55),
    Term("likely", 0.55, 0.80),
    Term("very likely", 0.80, 0.95),
    Term("almost certain", 0.95, 1.0),
)
"""ICD 203's terms, lowest first. A share on a boundary takes the higher term (5% is
"very unlikely"), except exactly 0 and 1, which have their own end terms anyway."""


def term(share: float) -> Term:
    """The term of ``share`` (0..1; outside that range is an error)."""
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"a share is between 0 and 1, not {share}")
    for entry in SCALE[:-1]:
        if share < entry.high:
            return entry
    return SCALE[-1]


def likelihood(share: float) -> str:
    """The word for ``share``: 'likely'."""
    return term(share).word


def with_number(share: float, percent: str) -> str:
    """'likely (72%)': the word, then the number as the caller prints percentages."""
    return f"{likelihood(share)} ({percent})"
