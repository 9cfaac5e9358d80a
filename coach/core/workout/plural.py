"""Counting in words: "1 set", "2 sets", "1 session this week": one rule for every screen."""

from __future__ import annotations


def plural(count: float, word: str, many: str | None = None) -> str:
    """``count`` and ``word``, the word in the plural unless the count is exactly one:
    ``plural(1, "set")`` -> "1 set", ``plural(3, "exercise")`` -> "3 exercises",
    ``plural(2.5, "second")`` -> "2.5 seconds". ``many`` for a word whose plural is not "+s"."""
    number = str(int(count)) if float(count).is_integer() else f"{count:g}"
    return f"{number} {word_for(count, word, many)}"


def word_for(count: float, word: str, many: str | None = None) -> str:
    """Only the word, as ``plural`` writes it after ``count`` (for a number shown on its own)."""
    return word if count == 1 else (many or word + "s")
