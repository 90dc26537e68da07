"""Judgements the elicitation tests share: five criteria, and Saaty's drinks example
(its pairwise judgements and published weights, as a matrix and as a comparisons file)."""

from __future__ import annotations

from fractions import Fraction

CRITERIA = ["a", "b", "c", "d", "e"]

DRINKS = ["coffee", "wine", "tea", "beer", "soda", "milk", "water"]
DRINK_JUDGEMENTS = {
    ("coffee", "wine"): 9,
    ("coffee", "tea"): 5,
    ("coffee", "beer"): 2,
    ("coffee", "soda"): 1,
    ("coffee", "milk"): 1,
    ("coffee", "water"): Fraction(1, 2),
    ("wine", "tea"): Fraction(1, 3),
    ("wine", "beer"): Fraction(1, 9),
    ("wine", "soda"): Fraction(1, 9),
    ("wine", "milk"): Fraction(1, 9),
    ("wine", "water"): Fraction(1, 9),
    ("tea", "beer"): Fraction(1, 3),
    ("tea", "soda"): Fraction(1, 4),
    ("tea", "milk"): Fraction(1, 3),
    ("tea", "water"): Fraction(1, 9),
    ("beer", "soda"): Fraction(1, 2),
    ("beer", "milk"): 1,
    ("beer", "water"): Fraction(1, 3),
    ("soda", "milk"): 2,
    ("soda", "water"): Fraction(1, 2),
    ("milk", "water"): Fraction(1, 3),
}
DRINK_WEIGHTS = {
    "water": 0.327,
    "soda": 0.190,
    "coffee": 0.177,
    "milk": 0.129,
    "beer": 0.116,
    "tea": 0.042,
    "wine": 0.019,
}


def drinks_matrix() -> list[list[float]]:
    n = len(DRINKS)
    matrix = [[1.0] * n for _ in range(n)]
    for (row, column), value in DRINK_JUDGEMENTS.items():
        i, j = DRINKS.index(row), DRINKS.index(column)
        matrix[i][j] = float(value)
        matrix[j][i] = float(1 / Fraction(value))
    return matrix


def drinks_yaml() -> str:
    """The drinks judgements in the ``comparisons`` form of ``policy weights ahp``."""
    lines = ["comparisons:"]
    for row in DRINKS:
        inner = [(c, v) for (r, c), v in DRINK_JUDGEMENTS.items() if r == row]
        if inner:
            cells = ", ".join(f"{c}: {v}" for c, v in inner)
            lines.append(f"  {row}: {{{cells}}}")
    return "\n".join(lines) + "\n"
