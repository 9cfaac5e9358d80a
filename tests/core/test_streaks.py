"""Streaks by the user's local days: across midnight, time zones and daylight-saving changes."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.core.history.streaks import Streaks, local_date, sessions_per_week, starts_that_count, streaks

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def at(tz, *when: int) -> float:
    """UTC seconds of a local wall time in ``tz``."""
    return datetime(*when, tzinfo=tz).timestamp()


def test_no_sessions_no_streaks() -> None:
    assert streaks([], at(BERLIN, 2025, 6, 15, 12), BERLIN) == Streaks(0, 0, 0, 0)


def test_days_in_a_row_count_up_to_today() -> None:
    starts = [at(BERLIN, 2025, 6, d, 7) for d in (10, 12, 13, 14, 15)]
    assert streaks(starts, at(BERLIN, 2025, 6, 15, 20), BERLIN).days_in_a_row == 4


def test_today_without_a_session_yet_does_not_break_the_streak_until_it_is_over() -> None:
    starts = [at(BERLIN, 2025, 6, d, 7) for d in (12, 13, 14)]
    assert streaks(starts, at(BERLIN, 2025, 6, 15, 23, 59), BERLIN).days_in_a_row == 3
    assert streaks(starts, at(BERLIN, 2025, 6, 16, 0, 1), BERLIN).days_in_a_row == 0


def test_sessions_either_side_of_local_midnight_are_two_days() -> None:
    starts = [at(BERLIN, 2025, 6, 14, 23, 50), at(BERLIN, 2025, 6, 15, 0, 10)]
    assert streaks(starts, at(BERLIN, 2025, 6, 15, 9), BERLIN).days_in_a_row == 2
    # Two sessions on one day are one day.
    starts = [at(BERLIN, 2025, 6, 15, 0, 10), at(BERLIN, 2025, 6, 15, 23, 50)]
    assert streaks(starts, at(BERLIN, 2025, 6, 15, 23, 55), BERLIN).days_in_a_row == 1


def test_days_are_local_days_not_utc_days() -> None:
    # 23:30 UTC is already the next morning in Tokyo, and still the same evening in New York.
    late_utc = [datetime(2025, 6, d, 23, 30, tzinfo=timezone.utc).timestamp() for d in (13, 14)]
    now = datetime(2025, 6, 15, 1, 0, tzinfo=timezone.utc).timestamp()
    assert [local_date(t, TOKYO).day for t in late_utc] == [14, 15]
    assert [local_date(t, NEW_YORK).day for t in late_utc] == [13, 14]
    assert streaks(late_utc, now, TOKYO).days_in_a_row == 2      # 14th and 15th, today is the 15th
    assert streaks(late_utc, now, NEW_YORK).days_in_a_row == 2   # 13th and 14th, today is the 14th
    # In UTC the days are the 13th and 14th and today (the 15th) has none yet: 2 up to yesterday,
    # and 0 once the 16th has begun.
    assert streaks(late_utc, now, ZoneInfo("UTC")).days_in_a_row == 2
    assert streaks(late_utc, now + 86400, ZoneInfo("UTC")).days_in_a_row == 0
    # In Tokyo, 16 June 08:00 local is still within a day of the last session (the 15th): 2.
    assert streaks(late_utc, now + 86400 - 3 * 3600, TOKYO).days_in_a_row == 2


def test_daylight_saving_days_of_23_and_25_hours_are_still_one_day_each() -> None:
    # Berlin springs forward on 2025-03-30 (23 hours) and falls back on 2025-10-26 (25 hours).
    spring = [at(BERLIN, 2025, 3, d, 0, 30) for d in (29, 30, 31)]
    assert streaks(spring, at(BERLIN, 2025, 3, 31, 23, 0), BERLIN).days_in_a_row == 3
    autumn = [at(BERLIN, 2025, 10, d, 23, 30) for d in (25, 26, 27)]
    assert streaks(autumn, at(BERLIN, 2025, 10, 27, 23, 45), BERLIN).days_in_a_row == 3
    # Just after midnight every day across the change: a fixed UTC offset (the one of "now") would
    # move the summer-time sessions to the evening before and open a gap on the 26th.
    after_midnight = [at(BERLIN, 2025, 10, d, 0, 30) for d in range(20, 28)]
    assert streaks(after_midnight, at(BERLIN, 2025, 10, 27, 21), BERLIN).days_in_a_row == 8
    # 24 hours after 23:30 on the 25th is 22:30 on the 26th: a different day, not the same one.
    assert local_date(autumn[0] + 86400, BERLIN).day == 26


def test_weeks_in_a_row_need_three_sessions_monday_to_sunday() -> None:
    def week(monday: int, days: tuple[int, ...]) -> list[float]:
        return [at(BERLIN, 2025, 6, monday + d, 18) for d in days]

    # Weeks starting Mon 2, 9, 16 June 2025; the week of the 9th has only 2 sessions.
    starts = week(2, (0, 2, 4)) + week(9, (0, 3)) + week(16, (0, 1, 6)) + week(23, (0, 2, 4))
    s = streaks(starts, at(BERLIN, 2025, 6, 27, 20), BERLIN)
    assert s.weeks_in_a_row == 2 and s.sessions_this_week == 3
    # This week with 1 session so far still shows last week's streak.
    s = streaks(starts[:-2], at(BERLIN, 2025, 6, 24, 20), BERLIN)
    assert s.weeks_in_a_row == 1 and s.sessions_this_week == 1


def test_a_sunday_night_session_belongs_to_its_local_week() -> None:
    # Sunday 22 June 2025, 23:30 in New York is Monday 03:30 UTC: it counts for the week of the 16th.
    starts = [at(NEW_YORK, 2025, 6, 16, 8), at(NEW_YORK, 2025, 6, 18, 8), at(NEW_YORK, 2025, 6, 22, 23, 30)]
    now = at(NEW_YORK, 2025, 6, 23, 9)
    assert streaks(starts, now, NEW_YORK).weeks_in_a_row == 1
    assert streaks(starts, now, NEW_YORK).sessions_this_week == 0
    assert streaks(starts, now, ZoneInfo("UTC")).weeks_in_a_row == 0


def test_sessions_this_month_use_the_local_month() -> None:
    starts = [at(TOKYO, 2025, 5, 31, 23, 30), at(TOKYO, 2025, 6, 1, 0, 30), at(TOKYO, 2025, 6, 3, 7)]
    s = streaks(starts, at(TOKYO, 2025, 6, 3, 20), TOKYO)
    assert s.sessions_this_month == 2  # the 1st and the 3rd, not the 31st of May
    assert s.sessions_this_week == 1  # Mon 2 June to Sun 8 June: only the 3rd (the 1st was a Sunday)
    assert s.days_in_a_row == 1


def test_sessions_per_week_ends_with_this_week() -> None:
    starts = [at(BERLIN, 2025, 6, d, 18) for d in (2, 3, 10, 16, 17, 18)]
    weeks = sessions_per_week(starts, at(BERLIN, 2025, 6, 18, 20), BERLIN, weeks=4)
    assert [(monday.isoformat(), n) for monday, n in weeks] == [
        ("2025-05-26", 0), ("2025-06-02", 2), ("2025-06-09", 1), ("2025-06-16", 3)]


def test_only_sessions_with_a_completed_set_count() -> None:
    class S:
        def __init__(self, started_at: float, sets_completed: int) -> None:
            self.started_at, self.sets_completed = started_at, sets_completed

    assert starts_that_count([S(1.0, 3), S(2.0, 0), S(3.0, 1)]) == [1.0, 3.0]


# A plain restatement of the rules, to check the counting against on random histories.
def brute_force(starts: list[float], now: float, tz) -> Streaks:
    from datetime import timedelta

    days = [local_date(t, tz) for t in starts]
    today = local_date(now, tz)

    def played(day) -> bool:
        return day in days

    run_from = today if played(today) else today - timedelta(days=1)
    n_days = 0
    while played(run_from - timedelta(days=n_days)):
        n_days += 1

    def monday(day):
        return day - timedelta(days=day.weekday())

    def in_week(first) -> int:
        return sum(1 for d in days if first <= d <= first + timedelta(days=6))

    week = monday(today)
    if in_week(week) < 3:
        week -= timedelta(days=7)
    n_weeks = 0
    while in_week(week - timedelta(days=7 * n_weeks)) >= 3:
        n_weeks += 1
    this_week = sum(1 for d in days if monday(today) <= d <= today)
    this_month = sum(1 for d in days if (d.year, d.month) == (today.year, today.month) and d <= today)
    return Streaks(n_days, n_weeks, this_week, this_month)


ZONES = [ZoneInfo(name) for name in ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Lord_Howe",
                                     "Pacific/Chatham", "America/St_Johns", "UTC")]


@settings(max_examples=80, deadline=None)
@given(
    now=st.floats(min_value=1_700_000_000, max_value=1_800_000_000),
    ago=st.lists(st.floats(min_value=0, max_value=60 * 86400), max_size=60),
    zone=st.sampled_from(ZONES),
)
def test_the_counts_match_the_rules_on_random_histories(now: float, ago: list[float], zone) -> None:
    starts = [now - a for a in ago]
    assert streaks(starts, now, zone) == brute_force(starts, now, zone)
