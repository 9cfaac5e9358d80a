"""``coach history``: the table, --json and --csv, an empty history, a damaged file, history off."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from coach.cli import main
from coach.core.history.store import CSV_COLUMNS, History
from coach.core.routines.routine import Exercise, Routine

T0 = 1_750_000_000.0  # 2025-06-15 15:06:40 UTC
ROUTINE = Routine(id="basics", name="Lower back basics", exercises=(Exercise("Bridges", sets=2, reps=10),))


def fill(data_dir: Path) -> None:
    with History.open(data_dir, now=T0) as history:
        first = history.begin_session(ROUTINE, T0, 600, pain_before=5)
        history.record_set(first, 0, "Bridges", 1, None, 10, None, "completed", T0 + 10, T0 + 40)
        history.record_set(first, 0, "Bridges", 2, None, 10, None, "completed", T0 + 70, T0 + 100)
        history.finish_session(first, "completed", T0 + 754, 754)
        history.set_checkin_after(first, 3, "better, I think")
        second = history.begin_session(ROUTINE, T0 + 86400, 600)
        history.record_set(second, 0, "Bridges", 1, None, 4, None, "skipped", T0 + 86410, T0 + 86420)
        history.finish_session(second, "stopped", T0 + 86430, 20)


def run(capsys, data_dir: Path, *options: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), "history", *options])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_table_lists_date_routine_duration_outcome_and_pain(capsys, data_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    fill(data_dir)
    code, out, err = run(capsys, data_dir)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["Date", "Routine", "Duration", "Outcome", "Pain"]
    assert lines[1].split() == ["2025-06-15", "17:06", "Lower", "back", "basics", "12:34", "completed", "5", "->", "3"]
    assert lines[2].split() == ["2025-06-16", "17:06", "Lower", "back", "basics", "0:20", "stopped"]
    assert lines[4].startswith("2 sessions.")


def test_json_has_every_session_with_typed_values(capsys, data_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    fill(data_dir)
    code, out, _ = run(capsys, data_dir, "--json")
    assert code == 0
    first, second = json.loads(out)
    assert first["started"] == "2025-06-15T15:06:40+00:00" and first["routine"] == "Lower back basics"
    assert (first["pain_before"], first["pain_after"], first["note"]) == (5, 3, "better, I think")
    assert (first["sets_completed"], first["active_seconds"]) == (2, 754)
    assert (second["outcome"], second["pain_before"], second["sets_skipped"]) == ("stopped", None, 1)


def test_csv_is_one_header_and_one_row_per_session(capsys, data_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    fill(data_dir)
    code, out, _ = run(capsys, data_dir, "--csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == 3
    assert rows[1][CSV_COLUMNS.index("note")] == "better, I think"
    assert rows[2][CSV_COLUMNS.index("outcome")] == "stopped"


def test_an_empty_history_says_how_to_start(capsys, data_dir: Path) -> None:
    code, out, _ = run(capsys, data_dir)
    assert code == 0 and "No workouts yet" in out
    code, out, _ = run(capsys, data_dir, "--json")
    assert json.loads(out) == []


def test_a_damaged_file_is_reported_and_kept(capsys, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "history.sqlite3").write_bytes(b"garbage" * 500)
    code, out, err = run(capsys, data_dir)
    assert code == 0 and "No workouts yet" in out
    kept = [p for p in data_dir.iterdir() if p.name.startswith("history.damaged-")]
    assert len(kept) == 1 and kept[0].read_bytes() == b"garbage" * 500
    assert str(kept[0]) in err


def test_history_off_is_an_error_with_the_reason(capsys, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    code, out, err = run(capsys, tmp_path / "file" / "data")
    assert code == 1 and out == ""
    assert "history is off" in err and "cannot be created" in err


def test_the_real_command_prints_csv(data_dir: Path) -> None:
    fill(data_dir)
    done = subprocess.run([sys.executable, "-m", "coach", "--data-dir", str(data_dir), "history", "--csv"],
                          capture_output=True, text=True, timeout=60, env={**os.environ, "TZ": "UTC"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1].startswith("1,2025-06-15T15:06:40+00:00,")


def test_the_data_folder_can_be_given_after_the_command(capsys, data_dir: Path, tmp_path: Path) -> None:
    fill(data_dir)
    code = main(["--data-dir", str(tmp_path / "elsewhere"), "history", "--json", "--data-dir", str(data_dir)])
    assert code == 0 and len(json.loads(capsys.readouterr().out)) == 2


def test_the_counts_say_what_they_leave_out(capsys, data_dir: Path, monkeypatch) -> None:
    import coach.commands.history

    monkeypatch.setenv("TZ", "Europe/Berlin")
    monkeypatch.setattr(coach.commands.history.time, "time", lambda: T0 + 86400 + 100)
    fill(data_dir)
    code, out, err = run(capsys, data_dir)
    assert out.splitlines()[-1] == (
        "2 sessions. 1 day in a row, 0 weeks in a row with 3 or more; "
        "this week 0 (+1 ended before a set was done), this month 1 (+1 ended before a set was done).")
