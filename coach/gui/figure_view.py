"""The exercise figure: a person drawn from a pose, moving with the workout's tempo.

What it shows is computed from the engine's snapshot (the part and how far into it we are); between
two snapshots a frame carries the last one forward on the same clock the engine keeps, so the
figure can never drift from the countdown and the tones. Frames are drawn only while a part moves
the body (30 a second); holds, rests and pauses draw once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from coach.core.routines.figure import Figure, pose_at
from coach.core.routines.figure_pose import Body, Pose, along, largest_move
from coach.core.routines.figure_preview import PART_WORDS, Step, moves, preview_pose, step_at, telling_pose
# The drawing itself lives in figure_render (shared with `coach figure` and the galleries).
from coach.gui.figure_render import body_for, body_rect, draw_figure, frame_of, paint_body, placement  # noqa: F401
from coach.core.workout.kinds import PhaseKind, WorkoutState

# Looked up once: reading a Qt enum's member from Python costs a little at every frame.
_DEVICE_PIXEL_RATIO_CHANGE = QEvent.Type.DevicePixelRatioChange
_WINDOW = QPalette.ColorRole.Window

#: Milliseconds between two frames while the figure moves (30 a second, as issue 18 asks: smooth
#: for movements of a second or more).
FRAME_MS = 33


class FigureView(QWidget):
    """Draws one exercise's figure; follows the palette it is given (light, dark, floor mode)."""

    def __init__(self, clock: Callable[[], float] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figure")
        self.setAccessibleName("Exercise figure")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.clock = clock
        #: False: reduced motion, as the "Animate figures" setting asks (each part shows the pose
        #: it ends in, and no frames are drawn).
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
        self._moves: tuple[Pose, ...] | None = None  # the poses the rep's part moves through
        #: (where the figure is drawn, device pixels per centimetre there); worked out at a resize.
        self._geometry: tuple[QRectF, float] | None = None
        self._elapsed = 0.0
        self._duration: float | None = None
        self._at = 0.0
        self._running = False
        # A rep played over and over (the routine view, the editor): its steps and when it started.
        self._preview: tuple[Step, ...] | None = None
        self._preview_from = 0.0
        self._rep: tuple[Step, ...] | None = None  # the rep asked for, played or (animations off) not
        #: While a rep plays: the part it is in, named on the figure ("UP"...); off in the routine view.
        self.name_parts = False
        self.frames_drawn = 0
        self._opaque = False  # see set_opaque
        #: Frames of a movement not drawn: the body had not moved by a pixel.
        self.frames_skipped = 0
        self._behind = False  # the body drawn last is (up to a pixel) behind the pose
        #: Where the last pose was drawn (widget pixels): a frame repaints only that and the new place.
        self._drawn: QRect | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.setTimerType(Qt.TimerType.CoarseTimer)
        self.timer.timeout.connect(self.next_frame)
        self.hide_figure()

    def set_opaque(self, opaque: bool = True) -> None:
        """The figure fills its own background with its palette's window colour, so a frame paints
        only the figure, not the page and window under it too. For where that is the colour
        behind it (the player, floor mode), not over a picture or another role's colour."""
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, opaque)
        self._opaque = opaque
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, 200)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, 80)

    # ----- what to show

    def hide_figure(self) -> None:
        self.figure = None
        self._preview = self._rep = None
        self.timer.stop()
        self.setVisible(False)

    def set_animate(self, animate: bool) -> None:
        """Turns the movement on or off (the "Animate figures" setting); takes effect at once."""
        if animate == self.animate:
            return
        self.animate = animate
        if self.figure is not None and self._rep is not None:  # a rep being shown: played or still
            self.play_rep(self.figure, self._rep, side=self.side)
        elif self.figure is not None and self._kind is not None:  # a workout's moment: shown anew
            self.pose = None
            self.show_moment(self.figure, self._kind, self._part,
                             self._elapsed + ((self.clock() - self._at) if self.clock is not None else 0.0),
                             self._duration, running=self._running, side=self.side)

    def show_pose(self, figure: Figure | None, pose_name: str | None = None, *, side: str | None = None,
                  dimmed: bool = False, caption: str = "") -> None:
        """A still pose (the start pose by default): the routine view, rests ("Next"), a gallery."""
        if figure is None:
            self.hide_figure()
            return
        self._use(figure, side, dimmed, caption)
        self._moving = False
        self._kind = None
        self._preview = self._rep = None
        self.timer.stop()
        self._set_pose(figure.pose(pose_name or figure.start))

    def play_rep(self, figure: Figure | None, steps: tuple[Step, ...], *, side: str | None = None) -> None:
        """One rep (``steps``, from coach.core.routines.figure_preview) played over and over from
        its start, on :attr:`clock`; frames only while it plays and moves. With animations off, the
        pose the exercise is held in, still."""
        if figure is None:
            self.hide_figure()
            return
        self._use(figure, side, False, "")
        self._moving = False
        self._kind = None
        self._rep = tuple(steps)
        if not self.animate or self.clock is None or not moves(steps):
            self._preview = None
            self.timer.stop()
            self._set_pose(telling_pose(figure))
            self._set_caption("")
            return
        self._preview, self._preview_from = tuple(steps), self.clock()
        self.timer.start()
        self._preview_frame()

    def stop_rep(self, pose_name: str | None = None) -> None:
        """Stops a playing rep: the figure stands in ``pose_name`` (its start pose), no more frames."""
        if self.figure is None:
            return
        self.show_pose(self.figure, pose_name, side=self.side)

    @property
    def playing(self) -> bool:
        """Whether a rep is being played (and frames drawn)."""
        return self._preview is not None and self.timer.isActive()

    def _preview_frame(self) -> None:
        assert self._preview is not None and self.clock is not None
        step, _fraction = step_at(self._preview, self.clock() - self._preview_from)
        self._set_caption(PART_WORDS.get(step.part, step.part.upper()) if self.name_parts else "")
        self._set_pose(preview_pose(self._preview, self.clock() - self._preview_from), moving=len(step.poses) > 1)

    def _set_caption(self, caption: str) -> None:
        if caption != self.caption:
            self.caption = caption
            self._drawn = None  # the caption is drawn too: all of it again
            self.update()

    def show_moment(self, figure: Figure | None, kind: str | None, part: str | None, elapsed: float,
                    duration: float | None, *, running: bool, side: str | None = None) -> None:
        """The pose ``elapsed`` seconds into a phase (``kind``, tempo ``part``) lasting ``duration``;
        frames follow while ``running`` and the part moves the body."""
        if figure is None:
            self.hide_figure()
            return
        same_part = (kind, part, duration) == (self._kind, self._part, self._duration)
        self._preview = self._rep = None
        self._use(figure, side, False, "")
        if not same_part or self._moves is None:
            # The poses a rep's part moves through, looked up once for all its frames.
            self._moves = figure.moves_through(part) if kind == PhaseKind.REP and part is not None else None
        self._kind, self._part, self._elapsed, self._duration = kind, part, elapsed, duration
        self._at = self.clock() if self.clock is not None else 0.0
        self._running = running
        moves = (kind == PhaseKind.REP and part is not None and figure.moving(part)) or \
                (kind == PhaseKind.SELF_PACED and len(figure.loop()) > 1)
        self._moving = running and moves and self.animate and self.clock is not None
        if self._moving and self.timer.isActive() and self.pose is not None and same_part:
            return  # the next frame draws it: one paint per frame, not one more per snapshot
        if self._moving:
            self.timer.start()
        elif self.timer.isActive():
            self.timer.stop()
        self._set_pose(self._pose_now(elapsed), moving=self._moving)

    def next_frame(self) -> None:
        """The frame timer's slot: the last snapshot carried forward on the engine's clock (or the
        next moment of a rep being played)."""
        if self._preview is not None and self.clock is not None and self.isVisible():
            self._preview_frame()
            return
        if not self._moving or self.clock is None or not self.isVisible():
            self.timer.stop()
            return
        elapsed = self._elapsed + (self.clock() - self._at)
        if self._moves is not None and self._duration:  # a rep's part: straight along its poses
            self._set_pose(along(self._moves, elapsed / self._duration), moving=True)
        else:
            self._set_pose(self._pose_now(elapsed), moving=True)

    def _pose_now(self, elapsed: float) -> Pose:
        assert self.figure is not None
        if not self.animate and self._kind == PhaseKind.SELF_PACED:
            return pose_at(self.figure, PhaseKind.HOLD, None, 1.0)  # reduced motion: no loop
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
            self._moves = None
            self._geometry = None
            self._drawn = None  # another frame: the mat and the body move, all of it is drawn again
        if side != self.side or dimmed != self.dimmed or caption != self.caption:
            self.side, self.dimmed, self.caption = side, dimmed, caption
            self.pose = None
            self._drawn = None  # the caption and colours change: all of it is drawn again
        if not self.isVisible():
            self.setVisible(True)

    def _set_pose(self, pose: Pose, moving: bool = False) -> None:
        """Shows ``pose``. A frame of a movement (``moving``) is drawn only when the body has moved
        by at least a pixel since the last one drawn: a slow stretch of a movement, or a small
        figure, draws fewer frames than 30 a second, each still within a pixel of the pose now.
        A still pose is always drawn exactly."""
        if pose == self.pose and (moving or not self._behind):
            return  # nothing moved: no repaint
        self.pose = pose
        assert self.figure is not None and self._frame is not None
        body = body_for(self.figure, pose, self.side)
        rect, pixels = self._geometry or self._measure()
        if moving and self._drawn is not None and self._body is not None:
            if largest_move(self._body, body) * pixels < 1.0:
                self.frames_skipped += 1
                self._behind = True
                return  # not a pixel from the body drawn last: that one stays
        self._body = body
        self._behind = False
        # Only where the body was and where it is now: the mat, the caption and the rest of the
        # window stay as they are.
        place = body_rect(rect, body, self._frame).toAlignedRect().adjusted(-2, -2, 2, 2)
        if self._drawn is None:
            self.update()
        else:
            self.update(place.united(self._drawn))
        self._drawn = place

    def _drawing_rect(self) -> QRectF:
        return QRectF(self.rect()).adjusted(4, 4, -4, -4)

    def _measure(self) -> tuple[QRectF, float]:
        """Where the figure is drawn and how many device pixels a centimetre of it is there."""
        rect = self._drawing_rect()
        pixels = placement(rect, self._frame)[2] * self.devicePixelRatioF() if self._frame is not None else 0.0
        self._geometry = (rect, pixels)
        return self._geometry

    def changeEvent(self, event) -> None:  # noqa: ANN001
        if event.type() == _DEVICE_PIXEL_RATIO_CHANGE:  # another screen: a pixel is another size
            self._geometry = None
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: ANN001
        self._geometry = None
        self._drawn = None
        if self._body is not None and self._frame is not None:
            self._drawn = body_rect(self._drawing_rect(), self._body, self._frame).toAlignedRect().adjusted(-2, -2, 2, 2)
        super().resizeEvent(event)

    @property
    def moving(self) -> bool:
        return self._moving and self.timer.isActive()

    # ----- drawing

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        if self._opaque:
            painter.fillRect(event.rect(), palette.color(_WINDOW))
        if self.figure is None or self._body is None or self._frame is None:
            painter.end()
            return
        self.frames_drawn += 1
        rect = (self._geometry or self._measure())[0]
        label = self.caption or (f"{self.side.capitalize()} side" if self.side else "")
        draw_figure(painter, rect, self.figure, self._body, palette, frame=self._frame,
                    dimmed=self.dimmed, caption=label)
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
    caption = f"Next, {upcoming.side} side" if upcoming.side else "Next"
    view.show_pose(figure_for(upcoming.exercise_index), side=upcoming.side, dimmed=True, caption=caption)
