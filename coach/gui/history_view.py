"""The history view: past sessions, streaks, charts of sessions per week and of pain, CSV export."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta, tzinfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFileDialog, QFrame, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
    QPushButton, QSizePolicy, QTableView, QVBoxLayout, QWidget,
)

from coach.core.history.store import History, Session, local_time
from coach.core.history.writer import HistoryNotAnswering, not_answering_text
from coach.core.workout.plural import plural, word_for
from coach.core.workout.presentation import elapsed_text, pain_text
from coach.core.history.streaks import (
    COUNTED, left_out_note, left_out_of_counts, local_date, sessions_per_week, starts_that_count, streaks,
)

#: How far back the charts look.
CHART_WEEKS = 26
ALL_ROUTINES = ""


def sets_text(session: Session) -> str:
    text = f"{session.sets_completed}"
    return text + (f" ({session.sets_skipped} skipped)" if session.sets_skipped else "")


# ---------------------------------------------------------------------------------------- table


class SessionsModel(QAbstractTableModel):
    """Sessions newest first; the texts are made only for the rows on screen."""

    COLUMNS = ("Date", "Routine", "Duration", "Sets", "Outcome", "Pain", "Note")

    def __init__(self, tz: tzinfo | None, parent=None) -> None:
        super().__init__(parent)
        self.tz = tz
        self.sessions: list[Session] = []

    def set_sessions(self, sessions: Sequence[Session]) -> None:
        self.beginResetModel()
        self.sessions = list(reversed(sessions))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.sessions)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s = self.sessions[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{local_time(s.started_at, self.tz):%a %Y-%m-%d  %H:%M}"
            if column == 1:
                return s.routine_name
            if column == 2:
                return elapsed_text(s.active_seconds)  # as the summary said it
            if column == 3:
                return sets_text(s)
            if column == 4:
                return s.outcome or "in progress"
            if column == 5:
                return pain_text(s.pain_before, s.pain_after)
            if column == 6:
                return s.note.replace("\n", " ")
        elif role == Qt.ItemDataRole.ToolTipRole and column == 6 and s.note:
            return s.note
        elif role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == Qt.ItemDataRole.UserRole:
            return s
        return None


# ---------------------------------------------------------------------------------------- charts


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def series_colors(palette: QPalette) -> tuple[QColor, QColor]:
    """(pain before, pain after): an orange and a blue that read on light and on dark windows."""
    if is_dark(palette):
        return QColor("#f5a25d"), QColor("#7cb4ff")
    return QColor("#c4600f"), QColor("#1f5fbf")


class Chart(QWidget):
    """A small chart drawn with QPainter in the colours of the palette."""

    TITLE = ""
    MARGIN_LEFT = 34
    MARGIN_RIGHT = 12
    MARGIN_TOP = 30
    MARGIN_BOTTOM = 24

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(200)
        self.setMinimumWidth(280)
        self.first_week: date | None = None
        self.weeks = CHART_WEEKS

    def sizeHint(self) -> QSize:
        return QSize(460, 220)

    def plot_rect(self) -> QRectF:
        return QRectF(self.MARGIN_LEFT, self.MARGIN_TOP,
                      max(10, self.width() - self.MARGIN_LEFT - self.MARGIN_RIGHT),
                      max(10, self.height() - self.MARGIN_TOP - self.MARGIN_BOTTOM))

    def text_color(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.WindowText)

    def faint(self, alpha: int = 50) -> QColor:
        color = QColor(self.text_color())
        color.setAlpha(alpha)
        return color

    def legend_width(self, p: QPainter) -> float:
        """Room the legend takes at the right of the title row."""
        return 0.0

    def paint_frame(self, p: QPainter, y_max: float, y_ticks: Sequence[float]) -> QRectF:
        """Background, title, horizontal grid with labels, and month labels under the x axis."""
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        title = QFont(self.font())
        title.setBold(True)
        room = self.width() - 16 - self.legend_width(p) - 12
        p.setFont(title)
        p.setPen(self.text_color())
        text = p.fontMetrics().elidedText(self.TITLE, Qt.TextElideMode.ElideRight, int(max(0, room)))
        p.drawText(QRectF(8, 4, max(0, room), self.MARGIN_TOP - 6),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        p.setFont(self.font())
        r = self.plot_rect()
        metrics = p.fontMetrics()
        for tick in y_ticks:
            y = r.bottom() - r.height() * tick / y_max
            p.setPen(QPen(self.faint(35 if tick else 90), 1))
            p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
            p.setPen(self.faint(170))
            label = f"{tick:g}"
            p.drawText(QRectF(0, y - metrics.height() / 2, r.left() - 6, metrics.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
        if self.first_week is not None:
            self.paint_months(p, r)
        return r

    def x_of_day(self, r: QRectF, day: date) -> float:
        assert self.first_week is not None
        days = self.weeks * 7
        return r.left() + r.width() * ((day - self.first_week).days + 0.5) / days

    def paint_months(self, p: QPainter, r: QRectF) -> None:
        assert self.first_week is not None
        metrics = p.fontMetrics()
        last = self.first_week + timedelta(days=self.weeks * 7 - 1)
        day = date(self.first_week.year, self.first_week.month, 1)
        min_gap = metrics.horizontalAdvance("Sep 25") + 6
        previous_x = -1e9
        while day <= last:
            if day >= self.first_week:
                x = self.x_of_day(r, day)
                p.setPen(QPen(self.faint(60), 1))
                p.drawLine(QPointF(x, r.bottom()), QPointF(x, r.bottom() + 4))
                label = f"{day:%b}" if day.month != 1 else f"{day:%b %y}"
                if x - previous_x >= min_gap and x + metrics.horizontalAdvance(label) / 2 <= self.width():
                    p.setPen(self.faint(170))
                    p.drawText(QRectF(x - 40, r.bottom() + 4, 80, metrics.height()),
                               Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, label)
                    previous_x = x
            day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)

    def paint_empty(self, p: QPainter, r: QRectF, text: str) -> None:
        p.setPen(self.faint(150))
        p.drawText(r, Qt.AlignmentFlag.AlignCenter, text)


class SessionsPerWeekChart(Chart):
    TITLE = "Sessions per week"
    GOAL = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessions-per-week")
        self.counts: list[tuple[date, int]] = []
        self.setAccessibleName("Chart of sessions per week")

    def legend_width(self, p: QPainter) -> float:
        return p.fontMetrics().horizontalAdvance("3 a week") + 28

    def set_counts(self, counts: list[tuple[date, int]]) -> None:
        self.counts = counts
        self.weeks = len(counts) or CHART_WEEKS
        self.first_week = counts[0][0] if counts else None
        total = sum(n for _, n in counts)
        self.setToolTip(f"{plural(total, 'session')} in the last {plural(self.weeks, 'week')}")
        self.update()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        top = max([self.GOAL + 1, *(n for _, n in self.counts)])
        step = 1 if top <= 7 else 2 if top <= 14 else 5
        top = ((top + step - 1) // step) * step
        r = self.paint_frame(p, top, range(0, top + 1, step))
        if not any(n for _, n in self.counts):
            self.paint_empty(p, r, "No sessions in these weeks yet")
        bar = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        width = r.width() / max(1, len(self.counts))
        for i, (_, n) in enumerate(self.counts):
            if not n:
                continue
            height = r.height() * n / top
            color = QColor(bar)
            if n < self.GOAL:
                color.setAlpha(140)
            p.fillRect(QRectF(r.left() + i * width + width * 0.15, r.bottom() - height, width * 0.7, height), color)
        # The goal line: three a week keeps the weekly streak going.
        y = r.bottom() - r.height() * self.GOAL / top
        pen = QPen(self.faint(150), 1, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
        # Its legend sits in the title row, where it covers no bar.
        label = "3 a week"
        metrics = p.fontMetrics()
        x = self.width() - self.MARGIN_RIGHT - metrics.horizontalAdvance(label)
        mid = 4 + (self.MARGIN_TOP - 6) / 2
        p.setPen(self.text_color())
        p.drawText(QRectF(x, 4, metrics.horizontalAdvance(label) + 2, self.MARGIN_TOP - 6),
                   Qt.AlignmentFlag.AlignVCenter, label)
        p.setPen(pen)
        p.drawLine(QPointF(x - 24, mid), QPointF(x - 4, mid))
        p.end()


class PainChart(Chart):
    TITLE = "Pain before and after"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pain-chart")
        self.setAccessibleName("Chart of pain before and after each session")
        self.setToolTip("Lines: the average of each week. Dots: single sessions. 0 = no pain, 10 = worst.")
        #: (local day, pain before or None, pain after or None), oldest first.
        self.points: list[tuple[date, int | None, int | None]] = []

    def set_points(self, points: list[tuple[date, int | None, int | None]], first_week: date, weeks: int) -> None:
        self.points = points
        self.first_week = first_week
        self.weeks = weeks
        self.update()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        r = self.paint_frame(p, 10, (0, 2, 4, 6, 8, 10))
        before_color, after_color = series_colors(self.palette())
        self.paint_legend(p, before_color, after_color)
        if not self.points:
            self.paint_empty(p, r, "No check-ins in these weeks yet")
        # Each session as a faint dot, and the weekly average as a line: single days are noisy,
        # the trend is what tells whether the back is getting better.
        for which, color in ((1, before_color), (2, after_color)):
            faint = QColor(color)
            faint.setAlpha(80)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(faint)
            per_week: dict[int, list[int]] = {}
            for pt in self.points:
                if pt[which] is None:
                    continue
                p.drawEllipse(QPointF(self.x_of_day(r, pt[0]), self.y_of(r, pt[which])), 2.2, 2.2)
                per_week.setdefault((pt[0] - self.first_week).days // 7, []).append(pt[which])
            if not per_week:
                continue
            averages = [(self.x_of_day(r, self.first_week + timedelta(days=7 * w + 3)),
                         self.y_of(r, sum(v) / len(v))) for w, v in sorted(per_week.items())]
            path = QPainterPath(QPointF(*averages[0]))
            for x, y in averages[1:]:
                path.lineTo(x, y)
            p.setPen(QPen(color, 2.2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            for x, y in averages:
                p.drawEllipse(QPointF(x, y), 3.2, 3.2)
        p.end()

    def legend_width(self, p: QPainter) -> float:
        m = p.fontMetrics()
        return m.horizontalAdvance("before") + m.horizontalAdvance("after") + 2 * 18 + 14

    @staticmethod
    def y_of(r: QRectF, pain: float) -> float:
        return r.bottom() - r.height() * pain / 10

    def paint_legend(self, p: QPainter, before: QColor, after: QColor) -> None:
        metrics = p.fontMetrics()
        x = self.width() - self.MARGIN_RIGHT
        y = 4 + (self.MARGIN_TOP - 6) / 2
        for label, color in (("after", after), ("before", before)):
            w = metrics.horizontalAdvance(label)
            x -= w
            p.setPen(self.text_color())
            p.drawText(QRectF(x, 4, w + 2, self.MARGIN_TOP - 6), Qt.AlignmentFlag.AlignVCenter, label)
            x -= 18
            p.setPen(QPen(color, 2))
            p.drawLine(QPointF(x, y), QPointF(x + 14, y))
            p.setBrush(color)
            p.drawEllipse(QPointF(x + 7, y), 3, 3)
            x -= 14


# ---------------------------------------------------------------------------------------- view


class StreakTile(QFrame):
    """A number and what it counts, the word following the number: "1 session this week"."""

    def __init__(self, word: str, rest: str, name: str) -> None:
        super().__init__()
        self.word, self.rest = word, rest
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.number = QLabel("0")
        self.number.setObjectName(f"{name}-number")
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.number.setFont(font)
        self.caption = QLabel()
        self.caption.setObjectName(f"{name}-caption")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(0)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)

    def set_value(self, value: int, note: str = "") -> None:
        """``note``: a second line, e.g. what was left out of the count."""
        self.number.setText(str(value))
        caption = f"{word_for(value, self.word)} {self.rest}"
        self.caption.setText(f"{caption}\n{note}" if note else caption)


class HistoryView(QWidget):
    """Built around a History (opened by the caller); ``refresh()`` after a workout was recorded.

    ``tz`` is the user's time zone (None: this computer's) and ``now`` gives UTC seconds: both are
    passed in so that days, weeks and streaks can be tested on any date.
    """

    exported = Signal(str)  # the path written
    #: Something done that the user should read about (the status bar shows it).
    told = Signal(str)

    def __init__(self, history: History, *, tz: tzinfo | None = None, now: Callable[[], float] = time.time,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.tz = tz
        self.now = now
        self.setObjectName("history-view")
        #: When set, called instead of the file dialog to ask where to save the CSV (tests set it).
        #: Not a bound method of self by default: that would be a reference cycle, and a widget
        #: freed later by the cycle collector can be freed in the middle of its own painting.
        self.export_path_chooser: Callable[[], str] | None = None
        self.all_sessions: list[Session] = []

        self.banner = QLabel()
        self.banner.setObjectName("history-notice")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)  # it names files
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setContentsMargins(8, 6, 8, 6)
        self.banner.hide()

        self.days_tile = StreakTile("day", "in a row", "days-in-a-row")
        self.weeks_tile = StreakTile("week", "in a row with 3+ sessions", "weeks-in-a-row")
        self.week_tile = StreakTile("session", "this week", "this-week")
        self.month_tile = StreakTile("session", "this month", "this-month")
        tiles = QHBoxLayout()
        for tile in (self.days_tile, self.weeks_tile, self.week_tile, self.month_tile):
            tile.setToolTip(COUNTED)
            tiles.addWidget(tile, 1)

        self.week_chart = SessionsPerWeekChart(self)
        self.pain_chart = PainChart(self)
        charts = QHBoxLayout()
        charts.addWidget(self.week_chart, 1)
        charts.addWidget(self.pain_chart, 1)

        self.routine_filter = QComboBox()
        self.routine_filter.setObjectName("routine-filter")
        self.routine_filter.setAccessibleName("Show the sessions of")
        self.routine_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.routine_filter.currentIndexChanged.connect(self._filter_changed)
        self.count_label = QLabel()
        self.count_label.setObjectName("session-count")
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setObjectName("export-csv")
        self.export_button.clicked.connect(self.export_csv)
        filter_row = QHBoxLayout()
        filter_label = QLabel("Show:")
        filter_label.setBuddy(self.routine_filter)
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.routine_filter)
        filter_row.addSpacing(12)
        filter_row.addWidget(self.count_label)
        filter_row.addStretch(1)
        filter_row.addWidget(self.export_button)

        self.model = SessionsModel(tz, self)
        self.table = QTableView()
        self.table.setObjectName("sessions")
        self.table.setAccessibleName("Sessions")
        # Tab leaves the table (the arrows move in it), rather than cycling through its cells.
        self.table.setTabKeyNavigation(False)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        widths = (170, 190, 100, 90, 95, 70)
        for column, width in enumerate(widths):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)

        self.off_label = QLabel()
        self.off_label.setObjectName("history-off")
        self.off_label.setWordWrap(True)
        self.off_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.off_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        layout.addWidget(self.banner)
        layout.addWidget(self.off_label)
        layout.addLayout(tiles)
        layout.addLayout(charts)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        self.refresh()

    # ----- loading

    def refresh(self) -> None:
        """Read the sessions again (after a workout was recorded)."""
        if not self.history.enabled:
            self.off_label.setText(f"History is off: {self.history.off_reason.removeprefix('history is off: ')}."
                                   "\nWorkouts still play; they are just not recorded.")
            self.off_label.show()
            self.export_button.setEnabled(False)
        try:
            # Asked of the history's own thread, for at most a few seconds (a disk that hangs).
            self.all_sessions = self.history.sessions()
            routines = self.history.routines()
        except HistoryNotAnswering as error:
            # What was shown stays (nothing, the first time), under a line that says why.
            self.off_label.setText(not_answering_text(error.seconds))
            self.off_label.show()
            routines = [(self.routine_filter.itemData(i), self.routine_filter.itemText(i))
                        for i in range(1, self.routine_filter.count())]
        else:
            if self.history.enabled:
                self.off_label.hide()
        # A moved-aside file, and sessions left out because of damaged values.
        notices = [n for n in (self.history.notice, self.history.damaged_notice) if n]
        if notices:
            self.banner.setText("\n".join(notices))
            self.banner.show()
        chosen = self.routine_filter.currentData() or ALL_ROUTINES
        self.routine_filter.blockSignals(True)
        self.routine_filter.clear()
        self.routine_filter.addItem("All routines", ALL_ROUTINES)
        for routine_id, name in routines:
            self.routine_filter.addItem(name, routine_id)
        index = self.routine_filter.findData(chosen)
        self.routine_filter.setCurrentIndex(max(0, index))
        self.routine_filter.blockSignals(False)

        now = self.now()
        st = streaks(starts_that_count(self.all_sessions), now, self.tz)
        # The table lists every session; say how many of this week's and month's are not counted.
        week_left_out, month_left_out = left_out_of_counts(self.all_sessions, now, self.tz)
        self.days_tile.set_value(st.days_in_a_row)
        self.weeks_tile.set_value(st.weeks_in_a_row)
        self.week_tile.set_value(st.sessions_this_week, left_out_note(week_left_out))
        self.month_tile.set_value(st.sessions_this_month, left_out_note(month_left_out))
        self.streaks = st
        self._show_filtered()

    def routine_id(self) -> str | None:
        """The routine shown, or None for all."""
        return self.routine_filter.currentData() or None

    def set_routine_filter(self, routine_id: str | None) -> None:
        self.routine_filter.setCurrentIndex(max(0, self.routine_filter.findData(routine_id or ALL_ROUTINES)))

    def _filter_changed(self, _index: int) -> None:
        self._show_filtered()

    def _show_filtered(self) -> None:
        routine_id = self.routine_id()
        shown = [s for s in self.all_sessions if routine_id is None or s.routine_id == routine_id]
        self.model.set_sessions(shown)
        self.count_label.setText(plural(len(shown), "session"))
        now = self.now()
        counted = starts_that_count(shown)
        weeks = sessions_per_week(counted, now, self.tz, CHART_WEEKS)
        self.week_chart.set_counts(weeks)
        first = weeks[0][0]
        points = []
        for s in shown:
            if s.pain_before is None and s.pain_after is None:
                continue
            day = local_date(s.started_at, self.tz)
            if day >= first:
                points.append((day, s.pain_before, s.pain_after))
        self.pain_chart.set_points(points, first, CHART_WEEKS)

    # ----- export

    def ask_export_path(self) -> str:
        """Where to save the CSV: a path, or "" when the user cancels."""
        if self.export_path_chooser is not None:
            return self.export_path_chooser()
        today = local_date(self.now(), self.tz)
        path, _ = QFileDialog.getSaveFileName(self, "Export history as CSV", f"coach-history-{today}.csv",
                                              "CSV files (*.csv);;All files (*)")
        return path

    def export_csv(self) -> str | None:
        """Ask where, then write the sessions shown (all, or one routine's) as CSV."""
        path = self.ask_export_path()
        if not path:
            return None
        try:
            count = self.history.export_csv(path, self.tz, self.routine_id())
        except OSError as exc:
            QMessageBox.warning(self, "Export failed",
                                f"The history could not be written to {path}: {exc.strerror or exc}.")
            return None
        except HistoryNotAnswering as error:
            QMessageBox.warning(self, "Export failed", not_answering_text(error.seconds))
            return None
        self.exported.emit(path)
        self.told.emit(f"Exported {plural(count, 'session')} to {path}")
        return path
