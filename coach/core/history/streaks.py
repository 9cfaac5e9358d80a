"""Streaks and counts of sessions by local day, week and month (from UTC timestamps and a time zone)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: A week counts towards the weekly streak with at least this many sessions.
SESSIONS_FOR_A_WEEK = 3


@dataclass(frozen=True)
class Streaks:
    #: Days in a row with a session, up to today (or up to yesterday while today has none yet).
    days_in_a_row: int
    #: Weeks (Monday to Sunday) in a row with at least 3 sessions; this week counts once it has 3.
    weeks_in_a_row: int
    sessions_this_week: int
    sessions_this_month: int


def local_date(utc_seconds: float, tz: tzinfo | None) -> date:
    """The calendar day the moment falls on where the user is (``None``: this computer's zone)."""
    moment = datetime.fromtimestamp(utc_seconds, timezone.utc)
    return (moment.astimezone(tz) if tz is not None else moment.astimezone()).date()


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def streaks(session_starts: Iterable[float], now: float, tz: tzinfo | None) -> Streaks:
    """``session_starts`` and ``now`` are UTC seconds; days are the user's local days in ``tz``."""
    per_day = Counter(local_date(ts, tz) for ts in session_starts)
    today = local_date(now, tz)

    day = today if per_day[today] else today - timedelta(days=1)
    days_in_a_row = 0
    while per_day[day]:
        days_in_a_row += 1
        day -= timedelta(days=1)

    per_week: Counter[date] = Counter()
    for day, count in per_day.items():
        per_week[week_start(day)] += count
    this_week = week_start(today)
    week = this_week if per_week[this_week] >= SESSIONS_FOR_A_WEEK else this_week - timedelta(weeks=1)
    weeks_in_a_row = 0
    while per_week[week] >= SESSIONS_FOR_A_WEEK:
        weeks_in_a_row += 1
        week -= timedelta(weeks=1)

    this_month = sum(count for day, count in per_day.items()
                     if (day.year, day.month) == (today.year, today.month) and day <= today)
    return Streaks(days_in_a_row, weeks_in_a_row,
                   sum(c for d, c in per_day.items() if this_week <= d <= today), this_month)


def sessions_per_week(session_starts: Iterable[float], now: float, tz: tzinfo | None,
                      weeks: int) -> list[tuple[date, int]]:
    """(Monday, number of sessions) for the last ``weeks`` weeks, oldest first, this week last."""
    this_week = week_start(local_date(now, tz))
    first = this_week - timedelta(weeks=weeks - 1)
    counts = Counter(week_start(local_date(ts, tz)) for ts in session_starts)
    return [(first + timedelta(weeks=i), counts[first + timedelta(weeks=i)]) for i in range(weeks)]


def local_zone() -> tzinfo | None:
    """This computer's time zone as a ZoneInfo when it can be named, else None (the system rules)."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            return None
    try:
        target = Path("/etc/localtime").resolve(strict=True)
    except OSError:
        return None
    parts = target.parts
    if "zoneinfo" in parts:
        key = "/".join(parts[parts.index("zoneinfo") + 1:])
        try:
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError):
            return None
    return None


#: The rule of starts_that_count, in the user's words.
COUNTED = "A session counts once a set of it is done; one ended before its first set does not."


def starts_that_count(sessions: Iterable) -> list[float]:
    """Start times of the sessions that count for streaks: those with at least one completed set."""
    return [s.started_at for s in sessions if s.sets_completed > 0]


def left_out_of_counts(sessions: list, now: float, tz: tzinfo | None) -> tuple[int, int]:
    """How many sessions of this week and of this month ended without a set done: they are
    listed with the others but not counted (starts_that_count)."""
    counted = streaks(starts_that_count(sessions), now, tz)
    ended = streaks([s.started_at for s in sessions if s.outcome is not None], now, tz)
    return (max(0, ended.sessions_this_week - counted.sessions_this_week),
            max(0, ended.sessions_this_month - counted.sessions_this_month))


def left_out_note(left_out: int) -> str:
    """Says how many sessions are left out of a count ("" for none)."""
    return f"(+{left_out} ended before a set was done)" if left_out > 0 else ""
