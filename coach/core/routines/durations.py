"""Durations as people write them (``45``, ``2.5s``, ``1m30s``, ``90 s``) and as Coach shows them."""

from __future__ import annotations

import functools
import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal

#: No single duration in a routine is longer than this.
MAX_SECONDS = 3600.0

#: Examples used in messages and in the schema's description.
EXAMPLES = "45s, 2.5s, 1m, 1m30s or a number of seconds"

_NUMBER = r"\d+(?:\.\d+)?|\.\d+"
_DURATION = re.compile(
    rf"""^\s*
    (?:(?P<h>{_NUMBER})\s*(?:h|hr|hrs|hours?)\s*)?
    (?:(?P<m>{_NUMBER})\s*(?:m|min|mins|minutes?)\s*)?
    (?:(?P<s>{_NUMBER})\s*(?:s|sec|secs|seconds?)?\s*)?
    $""",
    re.VERBOSE | re.IGNORECASE,
)
# The same grammar for JSON Schema (which has no verbose mode, named groups or arithmetic). A regular
# expression cannot add up hours, minutes and seconds, so the schema takes the spellings people use,
# each within the hour: one unit (3600s, 60m, 1h, a bare 3600) or whole minutes with seconds under
# 60 (59m59s). What it accepts, Coach accepts; a few odd spellings Coach reads (1h0m, 59m60s, 0.5m30s)
# it refuses.
_H = "(?:[hH]|[hH][rR][sS]?|[hH][oO][uU][rR][sS]?)"
_M = "(?:[mM]|[mM][iI][nN][sS]?|[mM][iI][nN][uU][tT][eE][sS]?)"
_S = "(?:[sS]|[sS][eE][cC][sS]?|[sS][eE][cC][oO][nN][dD][sS]?)"
_FRACTION = r"(?:\.\d+)?"
_AT_MOST_3600 = rf"(?:0*(?:\d{{1,3}}|[0-2]\d{{3}}|3[0-5]\d{{2}}){_FRACTION}|0*3600(?:\.0+)?|\.\d+)"
_AT_MOST_60 = rf"(?:0*[0-5]?\d{_FRACTION}|0*60(?:\.0+)?|\.\d+)"
_AT_MOST_1 = r"(?:0+(?:\.\d+)?|\.\d+|0*1(?:\.0+)?)"
_WHOLE_BELOW_60 = r"(?:0*[0-5]?\d)"
_BELOW_60 = rf"(?:0*[0-5]?\d{_FRACTION}|\.\d+)"
_SPELLINGS = (
    rf"{_AT_MOST_3600}\s*{_S}?",
    rf"{_AT_MOST_60}\s*{_M}",
    rf"{_AT_MOST_1}\s*{_H}",
    rf"{_WHOLE_BELOW_60}\s*{_M}\s*{_BELOW_60}\s*{_S}?",
)


def schema_pattern(*, allow_zero: bool) -> str:
    """The JSON Schema pattern of a duration written as text (see the note above)."""
    not_zero = "" if allow_zero else "(?=[^1-9]*[1-9])"  # every digit is part of a number
    return rf"^{not_zero}\s*(?:{'|'.join(_SPELLINGS)})\s*$"


#: Any duration as text, 0 included.
SCHEMA_PATTERN = schema_pattern(allow_zero=True)


class DurationError(ValueError):
    """The value is not a duration, or not an allowed one; the message says which, in plain words."""


def parse_duration(value: object, *, allow_zero: bool = False) -> float:
    """Seconds from a number of seconds or a text such as ``"1m30s"``.

    Raises :class:`DurationError` with the reason (the caller adds which key and the value).
    """
    if isinstance(value, bool) or value is None:
        raise DurationError(f"must be a duration such as {EXAMPLES}")
    if isinstance(value, int) and abs(value) > MAX_SECONDS:
        # float() of a whole number with hundreds of digits overflows; it is out of range anyway.
        seconds = math.inf if value > 0 else -math.inf
    elif isinstance(value, (int, float)):
        seconds = float(value)
    elif isinstance(value, str):
        seconds = _parse_text(value)
    else:
        raise DurationError(f"must be a duration such as {EXAMPLES}")
    if math.isnan(seconds):
        raise DurationError(f"must be a duration such as {EXAMPLES}")
    if seconds < 0 or (seconds == 0 and not allow_zero):
        raise DurationError("must be 0 or longer (0 means no pause)" if allow_zero
                            else "must be longer than 0")
    if seconds > MAX_SECONDS:
        raise DurationError("must be at most 1 hour (1h, 60m or 3600)")
    return seconds


@functools.lru_cache(maxsize=1024)
def _parse_text(text: str) -> float:
    match = _DURATION.match(text)
    if match is None or not any(match.group(unit) for unit in "hms"):
        # YAML reads 1e308 (no dot) as text: above the hour, it is the limit that is wrong.
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if number > MAX_SECONDS:
            return number  # parse_duration says why
        raise DurationError(f"must be a duration such as {EXAMPLES}")
    hours, minutes, seconds = (float(match.group(unit) or 0) for unit in "hms")
    return hours * 3600 + minutes * 60 + seconds


def format_duration(seconds: float) -> str:
    """``90`` -> ``"1m30s"``, ``2.5`` -> ``"2.5s"``, ``0`` -> ``"0s"``: short, and readable back."""
    millis = int(round(seconds * 1000))
    if millis < 0:
        return "-" + format_duration(-seconds)
    minutes, millis = divmod(millis, 60_000)
    hours, minutes = divmod(minutes, 60)
    text = ""
    if hours:
        text += f"{hours}h"
    if minutes:
        text += f"{minutes}m"
    if millis or not text:
        whole, fraction = divmod(millis, 1000)
        text += f"{whole}.{fraction:03d}".rstrip("0").rstrip(".") + "s"
    return text


def _plain_number(value: Decimal) -> str:
    """``Decimal('30.0')`` -> ``30``, ``Decimal('2.50')`` -> ``2.5``, never an exponent."""
    return format(value.normalize(), "f")


def _reads_back(text: str) -> float | None:
    try:
        return parse_duration(text, allow_zero=True)
    except DurationError:
        return None


def duration_for_file(seconds: float) -> str | int | float:
    """A duration the way people write it in a file: ``30s``, ``2.5s``, ``1m``, ``1m30s``.

    Falls back to a bare number of seconds in the rare case where the written text would not read
    back to exactly the same float (the loader accepts plain numbers too), so saving never changes a
    routine.
    """
    from decimal import Decimal  # only when saving a routine

    exact = Decimal(repr(float(seconds)))
    candidates = [format_duration(seconds)]  # the way Coach shows it, when exact
    if exact >= 60:
        minutes, rest = divmod(exact, 60)
        candidates.append(f"{int(minutes)}m" + (f"{_plain_number(rest)}s" if rest else ""))
    candidates.append(f"{_plain_number(exact)}s")
    for text in candidates:
        if _reads_back(text) == float(seconds):
            return text
    return int(seconds) if float(seconds).is_integer() else float(seconds)


def format_clock(seconds: float) -> str:
    """``75`` -> ``"1:15"``, ``3725`` -> ``"1:02:05"``: for totals and start offsets."""
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
