"""Searching the FAQ as you type: accent- and case-blind word prefixes, question matches first."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence

#: Inside a word, any of these is an apostrophe: "runner’s" is found by "runners" and "runner's",
#: and "l’aube" by "aube" too, so a word with apostrophes is indexed whole and in its parts.
APOSTROPHES = "'’‘ʼ`"
_TO_APOSTROPHE = str.maketrans({c: "'" for c in APOSTROPHES})
_WORD = re.compile(r"\w+(?:'\w+)*")
_LAST_CHAR = "\U0010ffff"
_ASCII_RUN = re.compile(r"([\x00-\x7f]+)|([^\x00-\x7f]+)")

#: Prefixes up to this long are indexed ahead (see SearchIndex).
SHORT_PREFIX = 2

#: Fields of a searched document, in the order the ranking prefers them.
QUESTION, ANSWER, TAGS = 0, 1, 2


def fold(text: str) -> str:
    """Text as search compares it: accents dropped (NFKD), case folded, one kind of apostrophe."""
    if text.isascii():
        folded = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return folded.translate(_TO_APOSTROPHE)


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each of its characters, the index of the original character."""
    if text.isascii():
        # Lower-casing ASCII keeps every character where it is.
        return fold(text), list(range(len(text)))
    out: list[str] = []
    positions: list[int] = []
    for run in _ASCII_RUN.finditer(text):
        start = run.start()
        if run.group(1):
            out.append(fold(run.group(1)))
            positions.extend(range(start, run.end()))
            continue
        for i, char in enumerate(run.group(2), start):
            folded = fold(char)
            out.append(folded)
            positions.extend([i] * len(folded))
    return "".join(out), positions


def words(folded: str) -> set[str]:
    """The words a folded text is found by: each word, and the parts of one with apostrophes."""
    found: set[str] = set()
    for word in _WORD.findall(folded):
        if "'" in word:
            found.add(word.replace("'", ""))
            found.update(word.split("'"))
        else:
            found.add(word)
    return found


def query_terms(query: str) -> tuple[str, ...]:
    """The words of a query, folded; duplicates and words that are prefixes of others dropped."""
    typed = sorted({w.replace("'", "") for w in _WORD.findall(fold(query))})
    # "run running" asks no more than "running": keeping "run" would not narrow anything. In
    # sorted order, every word that starts with "run" comes right after it, so looking at the
    # next word is enough (one pass: a long pasted query costs no more than its length).
    return tuple(word for word, following in zip(typed, typed[1:] + [""])
                 if not following.startswith(word))


def highlight_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """``(start, end)`` spans of ``text`` where a word begins with one of ``terms``.

    Spans cover the matching prefix, in the original text's indices, sorted and not overlapping.
    """
    if not terms or not text:
        return []
    folded, positions = fold_with_positions(text)
    wanted = set(terms)
    # The lengths the terms have, longest first: a few for a typed query, and never more than the
    # longest word for a pasted one.
    lengths = sorted({len(term) for term in wanted}, reverse=True)
    spans: list[tuple[int, int]] = []
    for match in _WORD.finditer(folded):
        word = match.group()
        # The whole word (apostrophes skipped) first, then each of its parts.
        pieces = [(match.start(), word)]
        if "'" in word:
            offset = match.start()
            for part in word.split("'"):
                pieces.append((offset, part))
                offset += len(part) + 1
        for start, piece in pieces:
            # The longest term the piece starts with, found by looking its prefixes up (a word is
            # short; the terms of a long query are many).
            letters = piece.replace("'", "")
            longest = next((n for n in lengths if n <= len(letters) and letters[:n] in wanted), 0)
            if longest:
                end = _skip_apostrophes(piece, longest)
                spans.append((positions[start], positions[start + end - 1] + 1))
                break
    return spans


def _skip_apostrophes(piece: str, letters: int) -> int:
    """How many characters of ``piece`` hold its first ``letters`` non-apostrophe characters."""
    seen = 0
    for index, char in enumerate(piece):
        if char != "'":
            seen += 1
            if seen == letters:
                return index + 1
    return len(piece)


class SearchIndex:
    """Word-prefix search over documents of three fields (question, answer, tags).

    Each distinct word keeps, per field, a bitset of the documents that contain it (a Python
    int). A prefix is a range of the sorted vocabulary, so one keystroke costs a binary search and
    a few big-int ORs, however many documents there are.
    """

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        self.size = len(documents)
        postings: dict[str, tuple[list[int], list[int], list[int]]] = {}
        for number, fields in enumerate(documents):
            for field, text in enumerate(fields[:3]):
                for word in words(fold(text)):
                    postings.setdefault(word, ([], [], []))[field].append(number)
        self._words = sorted(postings)
        self._bits = [tuple(_bitset(numbers, self.size) for numbers in postings[w]) for w in self._words]
        self._all = (1 << self.size) - 1
        self._prefix_cache: dict[str, tuple[int, int, int]] = {}
        # The first keystrokes match the most words; their answers are worked out once, here.
        self._short_prefixes: dict[str, tuple[int, int, int]] = {}
        for length in range(1, SHORT_PREFIX + 1):
            for word, bits in zip(self._words, self._bits):
                if len(word) >= length:
                    prefix = word[:length]
                    q, a, t = self._short_prefixes.get(prefix, (0, 0, 0))
                    self._short_prefixes[prefix] = (q | bits[0], a | bits[1], t | bits[2])

    def search(self, query: str) -> tuple[list[int], tuple[str, ...]]:
        """Document numbers matching every word of ``query`` as a word prefix, best first; and the terms.

        Rank: every word in the question, then some words in the question, then every word in
        the question or answer, then the rest (some word only in the tags); within a rank, the
        documents keep their order. An empty query matches every document.
        """
        terms = query_terms(query)
        if not terms:
            return list(range(self.size)), terms
        matched = self._all
        all_in_question = self._all
        some_in_question = 0
        all_in_text = self._all
        for term in terms:
            in_question, in_answer, in_tags = self._prefix(term)
            matched &= in_question | in_answer | in_tags
            all_in_question &= in_question
            some_in_question |= in_question
            all_in_text &= in_question | in_answer
            if not matched:
                return [], terms
        first = matched & all_in_question
        second = matched & some_in_question & ~first
        third = matched & all_in_text & ~first & ~second
        fourth = matched & ~first & ~second & ~third
        ranked: list[int] = []
        for bits in (first, second, third, fourth):
            ranked.extend(_members(bits))
        return ranked, terms

    def _prefix(self, term: str) -> tuple[int, int, int]:
        if len(term) <= SHORT_PREFIX:
            return self._short_prefixes.get(term, (0, 0, 0))
        cached = self._prefix_cache.get(term)
        if cached is not None:
            return cached
        lo = bisect_left(self._words, term)
        hi = bisect_left(self._words, term + _LAST_CHAR, lo)
        question = answer = tags = 0
        for q, a, t in self._bits[lo:hi]:
            question |= q
            answer |= a
            tags |= t
        if len(self._prefix_cache) > 512:
            self._prefix_cache.clear()
        self._prefix_cache[term] = result = (question, answer, tags)
        return result


def _bitset(numbers: list[int], size: int) -> int:
    if not numbers:
        return 0
    if len(numbers) < 64:
        bits = 0
        for n in numbers:
            bits |= 1 << n
        return bits
    # Setting bits one by one in an int copies it each time; a bytearray does not.
    buffer = bytearray((size + 7) // 8)
    for n in numbers:
        buffer[n >> 3] |= 1 << (n & 7)
    return int.from_bytes(buffer, "little")


#: For each byte value, the positions of its set bits.
_BYTE_BITS = tuple(tuple(b for b in range(8) if value >> b & 1) for value in range(256))


def _members(bits: int) -> list[int]:
    """The set bit positions of ``bits``, ascending."""
    if not bits:
        return []
    members: list[int] = []
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    for offset, value in enumerate(data):
        if value:
            base = offset * 8
            members.extend(base + b for b in _BYTE_BITS[value])
    return members
