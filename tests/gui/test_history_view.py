"""The history view: the sessions table, the routine filter, streaks, charts in light and dark, CSV."""

from __future__ import annotations

import csv
import gc
import weakref
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtGui import QColor, QImage, QPalette

from coach.core.history.store import History
from coach.core.routines.routine import Exercise, Routine
from coach.gui.history_view import HistoryView, PainChart, SessionsPerWeekChart, series_colors

# The offscreen platform says this of every top-level window shown; it is not about our code.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2025, 6, 18, 20, 0, tzinfo=BERLIN).timestamp()  # a Wednesday evening
BASICS = Routine(id="basics", name="Lower back basics", exercises=(Exercise("Bridges", sets=2, reps=10),))
CORE = Routine(id="core", name="Runner's core", exercises=(Exercise("Supermans", sets=1, reps=8),))


def at(*when: int) -> float:
    return datetime(*when, tzinfo=BERLIN).timestamp()


def record(history: History, routine: Routine, started: float, *, pain=(None, None), outcome="completed",
           note: str = "", sets: int = 2) -> int:
    sid = history.begin_session(routine, started, 600, pain[0])
    for n in range(sets):
        history.record_set(sid, 0, routine.exercises[0].name, n + 1, None, 10, None, "completed",
                           started + 60 * n, started + 60 * n + 40, active_seconds=60 * n + 40)
    history.finish_session(sid, outcome, started + 754, 754)
    history.set_checkin_after(sid, pain[1], note)
    return sid


@pytest.fixture
def history(data_dir: Path):
    with History.open(data_dir, now=NOW) as h:
        # Mon 16, Tue 17 and Wed 18 June 2025 (this week), and three sessions the week before.
        record(h, BASICS, at(2025, 6, 9, 7, 30), pain=(6, 5))
        record(h, CORE, at(2025, 6, 11, 7, 30))
        record(h, BASICS, at(2025, 6, 13, 7, 30), pain=(5, 5))
        record(h, BASICS, at(2025, 6, 16, 7, 30), pain=(5, 3), note="hips felt stiff\nbetter after")
        record(h, CORE, at(2025, 6, 17, 7, 30), outcome="stopped", sets=1)
        record(h, BASICS, at(2025, 6, 18, 7, 30), pain=(4, None))
        yield h


def make_view(qtbot, history: History) -> HistoryView:
    view = HistoryView(history, tz=BERLIN, now=lambda: NOW)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    qtbot.waitExposed(view)
    return view


def cell(view: HistoryView, row: int, column: str) -> str:
    model = view.model
    return model.data(model.index(row, model.COLUMNS.index(column)))


def test_the_table_shows_the_sessions_newest_first(qtbot, history: History) -> None:
    view = make_view(qtbot, history)
    assert view.model.rowCount() == 6 and view.count_label.text() == "6 sessions"
    assert cell(view, 0, "Date") == "Wed 2025-06-18  07:30"
    assert (cell(view, 0, "Routine"), cell(view, 0, "Outcome"), cell(view, 0, "Pain")) == \
        ("Lower back basics", "completed", "4 → –")
    assert cell(view, 0, "Duration") == "12:34"  # as the summary says it (coach/core/workout/presentation.py)
    assert (cell(view, 1, "Outcome"), cell(view, 1, "Pain"), cell(view, 1, "Sets")) == ("stopped", "", "1")
    assert cell(view, 2, "Pain") == "5 → 3"
    assert cell(view, 2, "Note") == "hips felt stiff better after"
    assert view.model.data(view.model.index(2, 6), 3) == "hips felt stiff\nbetter after"  # the tooltip


def test_streaks_are_shown(qtbot, history: History) -> None:
    view = make_view(qtbot, history)
    assert view.days_tile.number.text() == "3"     # 16, 17, 18 June
    assert view.weeks_tile.number.text() == "2"    # 3 last week, 3 this week
    assert view.week_tile.number.text() == "3"
    assert view.month_tile.number.text() == "6"


def test_the_filter_shows_one_routine_in_the_table_and_the_charts(qtbot, history: History) -> None:
    view = make_view(qtbot, history)
    names = [view.routine_filter.itemText(i) for i in range(view.routine_filter.count())]
    assert names == ["All routines", "Lower back basics", "Runner's core"]
    assert sum(n for _, n in view.week_chart.counts) == 6 and len(view.pain_chart.points) == 4
    view.routine_filter.setCurrentIndex(2)
    assert view.routine_id() == "core"
    assert view.model.rowCount() == 2 and view.count_label.text() == "2 sessions"
    assert {cell(view, r, "Routine") for r in range(2)} == {"Runner's core"}
    assert [n for _, n in view.week_chart.counts][-2:] == [1, 1]
    assert view.pain_chart.points == []
    # Streaks stay about all the work done, whatever the filter.
    assert view.days_tile.number.text() == "3"


def test_refresh_shows_a_new_session_and_keeps_the_filter(qtbot, history: History) -> None:
    view = make_view(qtbot, history)
    view.set_routine_filter("basics")
    record(history, BASICS, at(2025, 6, 18, 19, 0), pain=(3, 2))
    view.refresh()
    assert view.routine_id() == "basics" and view.model.rowCount() == 5
    assert cell(view, 0, "Pain") == "3 → 2"


def test_export_writes_the_sessions_shown_as_csv(qtbot, history: History, tmp_path: Path) -> None:
    view = make_view(qtbot, history)
    target = tmp_path / "mine.csv"
    view.export_path_chooser = lambda: str(target)
    view.set_routine_filter("basics")
    with qtbot.waitSignal(view.exported) as blocker:
        view.export_button.click()
    assert blocker.args == [str(target)]
    rows = list(csv.DictReader(target.read_text(encoding="utf-8").splitlines()))
    assert [r["routine_id"] for r in rows] == ["basics"] * 4
    assert rows[0]["started"] == "2025-06-09T07:30:00+02:00"


def test_cancelling_the_export_writes_nothing(qtbot, history: History, tmp_path: Path) -> None:
    view = make_view(qtbot, history)
    view.export_path_chooser = lambda: ""
    assert view.export_csv() is None
    assert list(tmp_path.iterdir()) == []


def test_history_off_says_why_and_the_view_still_works(qtbot, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    off = History.open(tmp_path / "file" / "data")
    view = make_view(qtbot, off)
    assert view.off_label.isVisible() and "cannot be created" in view.off_label.text()
    assert "not recorded" in view.off_label.text()
    assert not view.export_button.isEnabled() and view.model.rowCount() == 0


def test_a_moved_aside_file_is_shown_with_where_it_went(qtbot, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "history.sqlite3").write_bytes(b"not sqlite" * 300)
    with History.open(data_dir, now=NOW) as h:
        view = make_view(qtbot, h)
        assert view.banner.isVisible() and str(h.moved_aside) in view.banner.text()


def contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def palette(dark: bool) -> QPalette:
    p = QPalette()
    base, text, highlight = ("#1e1e1e", "#e8e8e8", "#3d7bd9") if dark else ("#ffffff", "#1a1a1a", "#2a7fc9")
    for role, value in ((QPalette.ColorRole.Window, base), (QPalette.ColorRole.Base, base),
                        (QPalette.ColorRole.WindowText, text), (QPalette.ColorRole.Text, text),
                        (QPalette.ColorRole.Highlight, highlight)):
        p.setColor(role, QColor(value))
    return p


def count_color(image: QImage, color: QColor, tolerance: int = 12) -> int:
    hits = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if (abs(c.red() - color.red()) <= tolerance and abs(c.green() - color.green()) <= tolerance
                    and abs(c.blue() - color.blue()) <= tolerance):
                hits += 1
    return hits


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_charts_read_on_light_and_dark_palettes(qtbot, history: History, dark: bool) -> None:
    p = palette(dark)
    before, after = series_colors(p)
    base = p.color(QPalette.ColorRole.Base)
    assert contrast(before, base) >= 3 and contrast(after, base) >= 3
    view = make_view(qtbot, history)
    for chart in (view.pain_chart, view.week_chart):
        chart.setPalette(p)
    pain = view.pain_chart.grab().toImage()
    assert count_color(pain, before) > 10 and count_color(pain, after) > 10
    assert count_color(pain, base) > pain.width() * pain.height() / 8  # drawn on the palette's base
    bars = view.week_chart.grab().toImage()
    assert count_color(bars, p.color(QPalette.ColorRole.Highlight)) > 50


def test_chart_widgets_are_of_the_right_kind(qtbot, history: History) -> None:
    view = make_view(qtbot, history)
    assert isinstance(view.week_chart, SessionsPerWeekChart) and isinstance(view.pain_chart, PainChart)
    assert view.week_chart.counts[-1][0].isoformat() == "2025-06-16"  # this week is the last bar


def test_the_view_is_freed_as_soon_as_it_is_dropped(qtbot, history: History) -> None:
    # A reference cycle would leave it to the cycle collector, which may run in the middle of a
    # paint of the view and free it there (a crash seen with a bound method kept on the view).
    view = HistoryView(history, tz=BERLIN, now=lambda: NOW)
    freed = weakref.ref(view)
    gc.disable()
    try:
        del view
        assert freed() is None
    finally:
        gc.enable()


def test_the_tiles_say_one_session_and_count_what_the_table_lists(qtbot, data_dir: Path) -> None:
    with History.open(data_dir, now=NOW) as h:
        record(h, BASICS, at(2025, 6, 18, 7, 30))
        view = make_view(qtbot, h)
        assert (view.week_tile.number.text(), view.week_tile.caption.text()) == ("1", "session this week")
        assert (view.days_tile.number.text(), view.days_tile.caption.text()) == ("1", "day in a row")
        assert view.weeks_tile.caption.text() == "weeks in a row with 3+ sessions"
        # Stopped before its first set was done: listed, and the tile says it is not counted.
        record(h, CORE, at(2025, 6, 18, 9, 0), outcome="stopped", sets=0)
        view.refresh()
        this_week = [r for r in range(view.model.rowCount()) if cell(view, r, "Date").startswith("Wed 2025-06-18")]
        assert len(this_week) == 2
        assert view.week_tile.number.text() == "1"
        assert view.week_tile.caption.text() == "session this week\n(+1 ended before a set was done)"
        assert view.month_tile.caption.text() == "session this month\n(+1 ended before a set was done)"
        assert "once a set of it is done" in view.week_tile.toolTip()


def test_the_export_says_where_the_file_went(qtbot, history: History, tmp_path: Path) -> None:
    view = make_view(qtbot, history)
    target = tmp_path / "mine.csv"
    view.export_path_chooser = lambda: str(target)
    with qtbot.waitSignal(view.told) as blocker:
        view.export_button.click()
    assert blocker.args == [f"Exported 6 sessions to {target}"]
