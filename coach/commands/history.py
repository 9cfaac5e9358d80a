"""``coach history [--json | --csv]``: the past workouts, as a table, JSON or CSV."""

from __future__ import annotations

import argparse
import json
import sys
import time

from coach.core.history.store import History, Session, local_time
from coach.core.files.paths import DataDir
from coach.core.workout.plural import plural
from coach.core.workout.presentation import elapsed_text, pain_text
from coach.core.history.streaks import left_out_note, left_out_of_counts, local_zone, starts_that_count, streaks


def as_json(session: Session, tz) -> dict:
    return {
        "id": session.id,
        "started": local_time(session.started_at, tz).isoformat(timespec="seconds"),
        "ended": None if session.ended_at is None else local_time(session.ended_at, tz).isoformat(
            timespec="seconds"),
        "routine_id": session.routine_id, "routine": session.routine_name,
        "outcome": session.outcome or "in progress",
        "planned_seconds": round(session.planned_seconds, 1),
        "active_seconds": round(session.active_seconds, 1),
        "sets_completed": session.sets_completed, "sets_skipped": session.sets_skipped,
        "pain_before": session.pain_before, "pain_after": session.pain_after, "note": session.note,
    }


def main(args: argparse.Namespace) -> int:
    history = History.open(DataDir(args.data_dir))
    try:
        if not history.enabled:
            print(f"coach history: {history.off_reason}", file=sys.stderr)
            return 1
        if history.notice:
            print(f"coach history: {history.notice}", file=sys.stderr)
        tz = local_zone()
        if args.csv:
            history.write_csv(sys.stdout, tz)
        else:
            sessions = history.sessions()
            if args.json:
                json.dump([as_json(s, tz) for s in sessions], sys.stdout, ensure_ascii=False, indent=1)
                sys.stdout.write("\n")
            else:
                print_table(sessions, tz)
        if history.damaged_notice:  # what was left out, after what could be read
            print(f"coach history: {history.damaged_notice}", file=sys.stderr)
        return 0
    finally:
        history.close()


def print_table(sessions: list[Session], tz) -> None:
    if not sessions:
        print("No workouts yet. Play one with `coach run ROUTINE` (see `coach list`).")
        return
    name_width = min(40, max(len("Routine"), *(len(s.routine_name) for s in sessions)))
    print(f"{'Date':<16}  {'Routine':<{name_width}}  {'Duration':>8}  {'Outcome':<11}  Pain")
    for s in sessions:
        name = s.routine_name if len(s.routine_name) <= name_width else s.routine_name[:name_width - 1] + "…"
        print(f"{local_time(s.started_at, tz):%Y-%m-%d %H:%M}  {name:<{name_width}}  "
              f"{elapsed_text(s.active_seconds):>8}  {s.outcome or 'in progress':<11}  "
              f"{pain_text(s.pain_before, s.pain_after, arrow='->', missing='-')}".rstrip())
    now = time.time()
    st = streaks(starts_that_count(sessions), now, tz)
    week_left_out, month_left_out = (" " + left_out_note(n) if n else "" for n in left_out_of_counts(sessions, now, tz))
    print()
    print(f"{plural(len(sessions), 'session')}. {plural(st.days_in_a_row, 'day')} in a row, "
          f"{plural(st.weeks_in_a_row, 'week')} in a row with 3 or more; "
          f"this week {st.sessions_this_week}{week_left_out}, this month {st.sessions_this_month}{month_left_out}.")
