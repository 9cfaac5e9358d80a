"""Durations as people write them (``45``, ``2.5s``, ``1m30s``, ``90 s``) and as Coach shows them."""

from __future__ import annotations

import functools
import math
import re

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
#: The same grammar for JSON Schema (which has no verbose mode or named groups).
SCHEMA_PATTERN = (
    rf"^(?=\s*[\d.])\s*(({_NUMBER})\s*([hH]|[hH][rR][sS]?|[hH][oO][uU][rR][sS]?)\s*)?"
    rf"(({_NUMBER})\s*([mM]|[mM][iI][nN][sS]?|[mM][iI][nN][uU][tT][eE][sS]?)\s*)?"
    rf"(({_NUMBER})\s*([sS]|[sS][eE][cC][sS]?|[sS][eE][cC][oO][nN][dD][sS]?)?\s*)?$"
)


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


def format_clock(seconds: float) -> str:
    """``75`` -> ``"1:15"``, ``3725`` -> ``"1:02:05"``: for totals and start offsets."""
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
