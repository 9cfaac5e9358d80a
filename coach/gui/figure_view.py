"""The exercise figure: a person drawn from a pose, moving with the workout's tempo.

What it shows is computed from the engine's snapshot (the part and how far into it we are); between
two snapshots a frame carries the last one forward on the same clock the engine keeps, so the
figure can never drift from the countdown and the tones. Frames are drawn only while a part moves
the body (25 a second); holds, rests and pauses draw once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from coach.core.routines.figure import Figure, pose_at
from coach.core.routines.figure_pose import Body, Pose, body_of
from coach.core.workout.kinds import PhaseKind, WorkoutState

#: Milliseconds between two frames while the figure moves (25 a second: smooth for movements of
#: a second or more, and half the CPU of 50).
FRAME_MS = 40
#: Centimetres of mat drawn under a side view, and around the figure.
MAT_THICKNESS = 5.0
MARGIN = 8.0


def body_for(figure: Figure, pose: Pose, side: str | None) -> Body:
    """The body to draw for ``pose`` on ``side`` ("left", "right" or None): the poses are written
    for the first side; the right is seen from the other side, or done with the other limbs."""
    mirror = False
    if side == "right":
        if figure.sides == "swap":
            pose = pose.mirrored_limbs()
        else:
            mirror = True
    return body_of(pose, figure.view, mirror)


def frame_of(figure: Figure) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) holding every pose on both sides: the drawing never rescales."""
    boxes = [body_for(figure, pose, side).bounds()
             for pose in figure.poses.values() for side in (None, "right")]
    left = min(b[0] for b in boxes)
    right = max(b[2] for b in boxes)
    bottom = min(b[1] for b in boxes)
    top = max(b[3] for b in boxes)
    half = max(abs(left), abs(right))  # centred on the pelvis: mirroring keeps it in place
    return -half - MARGIN, bottom - MAT_THICKNESS - MARGIN, half + MARGIN, top + MARGIN


def paint_body(painter: QPainter, rect: QRectF, body: Body, frame: tuple[float, float, float, float],
               palette: QPalette, view: str = "side", dimmed: bool = False) -> None:
    """Draws ``body`` fitted into ``rect`` (the whole ``frame`` of its figure fits there)."""
    left, bottom, right, top = frame
    scale = min(rect.width() / (right - left), rect.height() / (top - bottom))
    if scale <= 0:
        return
    width, height = (right - left) * scale, (top - bottom) * scale
    x0 = rect.x() + (rect.width() - width) / 2 - left * scale
    y0 = rect.y() + (rect.height() + height) / 2 + bottom * scale  # y of the figure's 0 (the mat)

    def at(p: tuple[float, float]) -> QPointF:
        return QPointF(x0 + p[0] * scale, y0 - p[1] * scale)

    text = palette.color(QPalette.ColorRole.WindowText)
    back = palette.color(QPalette.ColorRole.Window)
    near = _mix(text, back, 0.45 if dimmed else 0.0)
    far = _mix(text, back, 0.7 if dimmed else 0.45)
    mat = _mix(text, back, 0.8)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if view != "top":
        band = QRectF(rect.x(), at((0, 0)).y(), rect.width(), MAT_THICKNESS * scale)
        painter.fillRect(band, mat)
    else:
        box = QRectF(at((left + MARGIN / 2, top - MARGIN / 2)), at((right - MARGIN / 2, bottom + MARGIN / 2)))
        painter.fillRect(box, mat)
    for segment in body.segments:
        colour = far if segment.side == "far" else near
        pen = QPen(colour, max(1.0, segment.thickness * scale), Qt.PenStyle.SolidLine,
                   Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        if segment.start == segment.end:
            painter.drawPoint(at(segment.start))
        else:
            painter.drawLine(at(segment.start), at(segment.end))
    if body.highlight and not dimmed:
        _paint_arrows(painter, body, at, scale, palette)


def _paint_arrows(painter: QPainter, body: Body, at: Callable, scale: float, palette: QPalette) -> None:
    """An arrow pointing at each highlighted place (the belly drawn in...), from outside the body."""
    colour = palette.color(QPalette.ColorRole.Highlight)
    pelvis, front = body.joints["pelvis"], body.joints["front"]
    for place in body.highlight:
        target = body.joints.get(place)
        if target is None:
            continue
        # From the front of the body (where the belly faces), pointing in.
        dx, dy = front[0] - pelvis[0], front[1] - pelvis[1]
        length = max(1e-6, (dx * dx + dy * dy) ** 0.5)
        ux, uy = dx / length, dy / length
        tip = (target[0] + ux * 3, target[1] + uy * 3)
        tail = (tip[0] + ux * 22, tip[1] + uy * 22)
        pen = QPen(colour, max(1.5, 3.0 * scale), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(at(tail), at(tip))
        head = QPainterPath(at(tip))
        for turn in (1, -1):
            side = (tip[0] + ux * 8 - uy * 5 * turn, tip[1] + uy * 8 + ux * 5 * turn)
            head.lineTo(at(side))
            head.moveTo(at(tip))
        painter.drawPath(head)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


class FigureView(QWidget):
    """Draws one exercise's figure; follows the palette it is given (light, dark, floor mode)."""

    def __init__(self, clock: Callable[[], float] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figure")
        self.setAccessibleName("Exercise figure")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.clock = clock
        self.animate = True
        self.figure: Figure | None = None
        self.side: str | None = None
        self.dimmed = False
        self.caption = ""
        self.pose: Pose | None = None
        self._frame: tuple[float, float, float, float] | None = None
        self._body: Body | None = None
        # What the last snapshot said, carried forward by the frames between snapshots.
        self._moving = False
        self._kind: str | None = None
        self._part: str | None = None
        self._elapsed = 0.0
        self._duration: float | None = None
        self._at = 0.0
        self.frames_drawn = 0
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.setTimerType(Qt.TimerType.CoarseTimer)
        self.timer.timeout.connect(self.next_frame)
        self.hide_figure()

    def sizeHint(self) -> QSize:
        return QSize(320, 200)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, 80)

    # ----- what to show

    def hide_figure(self) -> None:
        self.figure = None
        self.timer.stop()
        self.setVisible(False)

    def show_pose(self, figure: Figure | None, pose_name: str | None = None, *, side: str | None = None,
                  dimmed: bool = False, caption: str = "") -> None:
        """A still pose (the start pose by default): the routine view, rests ("Next"), a gallery."""
        if figure is None:
            self.hide_figure()
            return
        self._use(figure, side, dimmed, caption)
        self._moving = False
        self.timer.stop()
        self._set_pose(figure.pose(pose_name or figure.start))

    def show_moment(self, figure: Figure | None, kind: str | None, part: str | None, elapsed: float,
                    duration: float | None, *, running: bool, side: str | None = None) -> None:
        """The pose ``elapsed`` seconds into a phase (``kind``, tempo ``part``) lasting ``duration``;
        frames follow while ``running`` and the part moves the body."""
        if figure is None:
            self.hide_figure()
            return
        same_part = (kind, part, duration) == (self._kind, self._part, self._duration)
        self._use(figure, side, False, "")
        self._kind, self._part, self._elapsed, self._duration = kind, part, elapsed, duration
        self._at = self.clock() if self.clock is not None else 0.0
        moves = (kind == PhaseKind.REP and part is not None and figure.moving(part)) or \
                (kind == PhaseKind.SELF_PACED and len(figure.loop()) > 1)
        self._moving = running and moves and self.animate and self.clock is not None
        if self._moving and self.timer.isActive() and self.pose is not None and same_part:
            return  # the next frame draws it: one paint per frame, not one more per snapshot
        if self._moving:
            self.timer.start()
        elif self.timer.isActive():
            self.timer.stop()
        self._set_pose(self._pose_now(elapsed))

    def next_frame(self) -> None:
        """The frame timer's slot: the last snapshot carried forward on the engine's clock."""
        if not self._moving or self.clock is None or not self.isVisible():
            self.timer.stop()
            return
        self._set_pose(self._pose_now(self._elapsed + (self.clock() - self._at)))

    def _pose_now(self, elapsed: float) -> Pose:
        assert self.figure is not None
        if not self.animate and self._kind == PhaseKind.REP:
            fraction = 1.0  # reduced motion: the pose the part ends in
        elif self._duration:
            fraction = elapsed / self._duration
        else:
            fraction = 0.0
        return pose_at(self.figure, self._kind, self._part, min(1.0, max(0.0, fraction)), elapsed)

    def _use(self, figure: Figure, side: str | None, dimmed: bool, caption: str) -> None:
        if figure is not self.figure:
            self.figure = figure
            self._frame = frame_of(figure)
            self.pose = None
        if side != self.side or dimmed != self.dimmed or caption != self.caption:
            self.side, self.dimmed, self.caption = side, dimmed, caption
            self.pose = None
        if not self.isVisible():
            self.setVisible(True)

    def _set_pose(self, pose: Pose) -> None:
        if pose == self.pose:
            return  # nothing moved: no repaint
        self.pose = pose
        assert self.figure is not None
        self._body = body_for(self.figure, pose, self.side)
        self.update()

    @property
    def moving(self) -> bool:
        return self._moving and self.timer.isActive()

    # ----- drawing

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.figure is None or self._body is None or self._frame is None:
            return
        self.frames_drawn += 1
        painter = QPainter(self)
        rect = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        paint_body(painter, rect, self._body, self._frame, self.palette(), self.figure.view, self.dimmed)
        label = self.caption or (f"{self.side.capitalize()} side" if self.side else "")
        if label:  # over the figure: the mat of a view from above must not hide it
            font = QFont(self.font())
            font.setBold(True)
            font.setPixelSize(max(10, int(rect.height() * 0.07)))
            painter.setFont(font)
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            painter.drawText(rect, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft, label)
        painter.end()


#: Kinds of phase during which the exercise itself is done (and its figure moves).
_AT_WORK = (PhaseKind.REP, PhaseKind.HOLD, PhaseKind.SELF_PACED)


def show_snapshot(view: FigureView, snapshot, figure_for: Callable[[int | None], Figure | None]) -> None:  # noqa: ANN001
    """Shows on ``view`` what the engine's ``snapshot`` says: the exercise moving with its part, or,
    during get ready, rests and the switch of sides, the next exercise's start pose, dimmed.
    ``figure_for(exercise_index)`` gives an exercise's figure (None: the exercise has none)."""
    if snapshot.state in (WorkoutState.FINISHED, WorkoutState.STOPPED) or snapshot.phase is None:
        view.hide_figure()
        return
    running = snapshot.state == WorkoutState.RUNNING
    if snapshot.kind in _AT_WORK:
        view.show_moment(figure_for(snapshot.exercise_index), snapshot.kind, snapshot.part,
                         snapshot.phase_elapsed, snapshot.phase_duration, running=running,
                         side=snapshot.side)
        return
    upcoming = snapshot.upcoming
    if upcoming is None or upcoming.exercise_index is None:
        view.hide_figure()
        return
    caption = f"Next: {upcoming.side.capitalize()} side" if upcoming.side else "Next"
    view.show_pose(figure_for(upcoming.exercise_index), side=upcoming.side, dimmed=True, caption=caption)
