"""The history store: schema and migrations, damaged and newer files, folders it cannot use, CSV."""

from __future__ import annotations

import csv
import io
import sqlite3
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.core.history import store as history_module
from coach.core.history.store import (
    CSV_COLUMNS,
    MIGRATIONS,
    History,
    routine_from_json,
    routine_to_json,
    schema_version,
)
from coach.core.files.paths import DataDir
from history_helpers import DAY, play, routine
from permissions import obeying_file_permissions

T0 = 1_750_000_000.0  # 2025-06-15 15:06:40 UTC


def test_a_new_file_has_the_current_schema_wal_and_durable_settings(data_dir: Path) -> None:
    with History.open(data_dir, now=T0) as history:
        assert history.enabled and history.off_reason is None and history.notice is None
        conn = history._conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version() == len(MIGRATIONS)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert (data_dir / "history.sqlite3").is_file()


def _make_v1_file(path: Path) -> None:
    """A version-1 file, written the way Coach 1 wrote it, with one session and one set."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO sessions (id, routine_id, routine_name, routine_json, started_at, ended_at,"
        " planned_seconds, active_seconds, outcome, pain_before, pain_after, note, sets_completed)"
        " VALUES (7, 'basics', 'Lower back basics', ?, ?, ?, 300, 280, 'completed', 4, 3, 'felt ok', 1)",
        (routine_to_json(routine()), T0, T0 + 300))
    conn.execute(
        "INSERT INTO sets (session_id, exercise_index, exercise_name, set_number, side, reps, hold_seconds,"
        " status, started_at, ended_at) VALUES (7, 0, 'Bridges', 1, NULL, 10, NULL, 'completed', ?, ?)",
        (T0 + 5, T0 + 45))
    conn.commit()
    conn.close()


def test_a_version_1_file_opens_with_its_sessions_kept(data_dir: Path) -> None:
    _make_v1_file(DataDir(data_dir).history_db)
    with History.open(data_dir, now=T0) as history:
        assert history.notice is None
        [session] = history.sessions()
        assert (session.id, session.routine_name, session.pain_before, session.pain_after, session.note) == \
            (7, "Lower back basics", 4, 3, "felt ok")
        assert [s.exercise_name for s in history.sets_of(7)] == ["Bridges"]
        assert history.routine_played(7) == routine()


def test_a_version_1_file_runs_each_later_migration_once(data_dir: Path, monkeypatch) -> None:
    path = DataDir(data_dir).history_db
    _make_v1_file(path)
    a_later_one = ("ALTER TABLE sessions ADD COLUMN mood TEXT", "UPDATE sessions SET mood = 'calm'")
    monkeypatch.setattr(history_module, "MIGRATIONS", [*MIGRATIONS, a_later_one])
    with History.open(data_dir, now=T0) as history:
        assert history.enabled and [s.id for s in history.sessions()] == [7]
        assert history._conn.execute("SELECT mood FROM sessions").fetchall() == [("calm",)]
        assert history._conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) + 1
    # Opening again runs nothing more (a second ADD COLUMN would fail and move the file aside).
    with History.open(data_dir, now=T0) as history:
        assert history.notice is None and [s.id for s in history.sessions()] == [7]


def test_an_empty_file_is_migrated_from_version_0(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    DataDir(data_dir).history_db.write_bytes(b"")
    with History.open(data_dir, now=T0) as history:
        assert history.enabled and history.notice is None
        assert history._conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()


def test_a_damaged_file_is_moved_aside_and_a_new_one_made(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    junk = b"this is not a database, it is a shopping list\n" * 200
    DataDir(data_dir).history_db.write_bytes(junk)
    with History.open(data_dir, now=T0) as history:
        assert history.enabled
        assert history.moved_aside is not None and history.moved_aside.read_bytes() == junk
        assert history.moved_aside.parent == data_dir and "damaged" in history.moved_aside.name
        assert str(history.moved_aside) in history.notice and "Nothing was deleted" in history.notice
        assert play(history, T0) and len(history.sessions()) == 1


def test_a_file_damaged_inside_its_pages_is_found_and_moved_aside(data_dir: Path) -> None:
    with History.open(data_dir, now=T0) as history:
        for day in range(60):
            play(history, T0 + day * DAY)
    path = DataDir(data_dir).history_db
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    raw = bytearray(path.read_bytes())
    page = 4096
    assert len(raw) > 6 * page
    raw[3 * page:5 * page] = b"\xa5" * (2 * page)  # overwrite two pages past the header
    path.write_bytes(bytes(raw))
    with History.open(data_dir, now=T0) as history:
        assert history.moved_aside is not None and history.moved_aside.read_bytes() == bytes(raw)
        assert history.sessions() == []


def test_a_file_from_a_newer_coach_is_moved_aside(data_dir: Path) -> None:
    path = DataDir(data_dir).history_db
    data_dir.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE sessions (future TEXT)")
    conn.execute(f"PRAGMA user_version = {schema_version() + 5}")
    conn.commit()
    conn.close()
    with History.open(data_dir, now=T0) as history:
        assert history.enabled and history.moved_aside is not None
        assert "newer" in history.moved_aside.name and "newer version" in history.notice
        aside = sqlite3.connect(history.moved_aside)
        assert aside.execute("PRAGMA user_version").fetchone()[0] == schema_version() + 5
        aside.close()
        assert history._conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()


def test_moving_aside_twice_in_the_same_second_keeps_both(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = DataDir(data_dir).history_db
    moved = []
    for text in (b"first junk" * 100, b"second junk" * 100):
        path.write_bytes(text)
        with History.open(data_dir, now=T0) as history:
            moved.append(history.moved_aside)
        path.unlink()
    assert moved[0] != moved[1]
    assert moved[0].read_bytes().startswith(b"first") and moved[1].read_bytes().startswith(b"second")


def test_a_data_folder_that_cannot_be_created_turns_history_off(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    history = History.open(tmp_path / "a-file" / "data", now=T0)
    assert not history.enabled
    assert "history is off" in history.off_reason and "cannot be created" in history.off_reason
    # The rest of the app goes on: writes are ignored, reads are empty.
    assert history.begin_session(routine(), T0, 100) is None
    history.record_set(None, 0, "Bridges", 1, None, 10, None, "completed", T0, T0 + 1)
    assert history.sessions() == [] and history.interrupted_session_to_resume(T0) is None
    history.close()


def test_a_history_file_that_cannot_be_opened_turns_history_off(data_dir: Path) -> None:
    DataDir(data_dir).history_db.mkdir(parents=True)  # a folder where the file should be
    history = History.open(data_dir, now=T0)
    assert not history.enabled and "cannot be opened" in history.off_reason
    assert DataDir(data_dir).history_db.is_dir()  # nothing was moved or deleted


def test_a_read_only_data_folder_turns_history_off(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    with obeying_file_permissions(data_dir):
        history = History.open(data_dir, now=T0)
        assert not history.enabled and "read-only" in history.off_reason
    assert list(data_dir.iterdir()) == []


def test_pain_is_0_to_10_or_none(data_dir: Path) -> None:
    with History.open(data_dir, now=T0) as history:
        with pytest.raises(ValueError, match="0 to 10"):
            history.begin_session(routine(), T0, 100, pain_before=11)
        sid = history.begin_session(routine(), T0, 100, pain_before=None)
        with pytest.raises(ValueError, match="0 to 10"):
            history.set_checkin_after(sid, -1)
        history.set_checkin_after(sid, 0, "fine")
        assert history.session(sid).pain_after == 0


def test_sets_belong_to_a_session_that_exists(data_dir: Path) -> None:
    with History.open(data_dir, now=T0) as history:
        with pytest.raises(sqlite3.IntegrityError):
            history.record_set(999, 0, "Bridges", 1, None, 10, None, "completed", T0, T0 + 1)
        assert history._conn.execute("SELECT COUNT(*) FROM sets").fetchone()[0] == 0


def test_a_played_session_reads_back_with_its_counters(data_dir: Path) -> None:
    with History.open(data_dir, now=T0) as history:
        sid = play(history, T0, pain=(5, 3))
        session = history.session(sid)
        assert session.outcome == "completed" and session.sets_completed == 4 and session.sets_skipped == 0
        assert (session.pain_before, session.pain_after) == (5, 3)
        assert [(s.exercise_name, s.set, s.side) for s in history.sets_of(sid)] == [
            ("Bridges", 1, None), ("Bridges", 2, None),
            ("Lower back rotational stretches", 1, "left"), ("Lower back rotational stretches", 1, "right")]


def test_the_routine_as_played_round_trips_through_json() -> None:
    r = routine(reps=12)
    assert routine_from_json(routine_to_json(r)) == r


def test_csv_has_one_row_per_session_in_local_time(data_dir: Path) -> None:
    tz = ZoneInfo("Europe/Berlin")
    with History.open(data_dir, now=T0) as history:
        first = play(history, T0, pain=(6, 4))
        second = play(history, T0 + DAY, outcome="stopped", sets=1)
        history.set_checkin_after(second, None, 'sore, "left" side\nstopped early')
        out = io.StringIO()
        assert history.write_csv(out, tz) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["id"] for r in rows] == [str(first), str(second)]
    assert rows[0]["started"] == "2025-06-15T17:06:40+02:00"
    assert (rows[0]["outcome"], rows[0]["pain_before"], rows[0]["pain_after"]) == ("completed", "6", "4")
    assert (rows[1]["outcome"], rows[1]["sets_completed"], rows[1]["pain_before"]) == ("stopped", "1", "")
    assert rows[1]["note"] == 'sore, "left" side\nstopped early'


def test_exporting_csv_writes_the_file_whole(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "history.csv"
    target.write_text("an older export\n")
    with History.open(data_dir, now=T0) as history:
        play(history, T0)
        assert history.export_csv(target, ZoneInfo("UTC")) == 1
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",") == list(CSV_COLUMNS) and len(lines) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["history.csv"]  # no temporary file left behind


def test_instances_starting_at_once_all_open_and_write(data_dir: Path) -> None:
    # Several Coach processes (the window, `coach history`, a terminal workout) may create and
    # migrate the same new file at the same moment; none may fail with "database is locked".
    start = threading.Barrier(4)
    failures: list[BaseException] = []

    def one_instance(n: int) -> None:
        try:
            start.wait()
            with History.open(data_dir, now=T0) as history:
                assert history.enabled, history.off_reason
                assert history.notice is None  # nobody saw a half-made file as damaged
                play(history, T0 + n * DAY)
        except BaseException as exc:  # reported below, with the others
            failures.append(exc)

    threads = [threading.Thread(target=one_instance, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    with History.open(data_dir, now=T0) as history:
        assert len(history.sessions()) == 4
        assert sum(len(history.sets_of(s.id)) for s in history.sessions()) == 16
