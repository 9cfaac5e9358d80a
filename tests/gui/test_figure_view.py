"""The figure widget: it draws each built-in figure inside its frame, and in the player it follows
the workout's tempo on the engine's (fake) clock, drawing frames only while the body moves."""

from __future__ import annotations

import math
import time

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from coach.core.routines.figure import pose_at
from coach.core.routines.figure_library import FigureLibrary
from coach.core.workout.kinds import PhaseKind, WorkoutState
from coach.gui.figure_render import placement
from coach.gui.figure_view import FigureView, body_for, frame_of, paint_body
from helpers import run_until

WHITE, INK = QColor("#ffffff"), QColor("#000000")


def _palette() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, WHITE)
    palette.setColor(QPalette.ColorRole.WindowText, INK)
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#e8e8ff"))  # arrows: not counted as body
    return palette


def _render(figure, pose, side=None, size=(400, 300), inset=50) -> tuple[QImage, QRectF]:
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(WHITE)
    rect = QRectF(inset, inset, size[0] - 2 * inset, size[1] - 2 * inset)
    painter = QPainter(image)
    paint_body(painter, rect, body_for(figure, pose, side), frame_of(figure), _palette(), figure.view)
    painter.end()
    return image, rect


def _inked(image: QImage, step: int = 2) -> list[tuple[int, int]]:
    """Points drawn darker than the mat and the arrows: the body, near and far limbs."""
    return [(x, y) for y in range(0, image.height(), step) for x in range(0, image.width(), step)
            if QColor(image.pixel(x, y)).lightness() < 180]


LIBRARY = FigureLibrary()
ALL_POSES = [(name, pose) for name in LIBRARY.names() for pose in LIBRARY.get(name).poses]


@pytest.mark.parametrize(("name", "pose_name"), ALL_POSES, ids=[f"{n}-{p}" for n, p in ALL_POSES])
def test_every_pose_draws_inside_its_frame_where_the_kinematics_put_it(qapp, name, pose_name) -> None:
    figure = LIBRARY.get(name)
    image, rect = _render(figure, figure.pose(pose_name))
    ink = _inked(image)
    assert len(ink) > 100, "nothing drawn"
    xs, ys = [x for x, _ in ink], [y for _, y in ink]
    assert rect.left() - 1 <= min(xs) and max(xs) <= rect.right() + 1
    assert rect.top() - 1 <= min(ys) and max(ys) <= rect.bottom() + 1
    # The drawn width and height are those of the body the kinematics computed, at the same scale.
    left, bottom, right, top = frame_of(figure)
    scale = min(rect.width() / (right - left), rect.height() / (top - bottom))
    b = body_for(figure, figure.pose(pose_name), None).bounds()
    assert (max(xs) - min(xs)) == pytest.approx((b[2] - b[0]) * scale, abs=6)
    assert (max(ys) - min(ys)) == pytest.approx((b[3] - b[1]) * scale, abs=6)


def test_the_widget_draws_the_rest_and_top_pose_differently(qtbot) -> None:
    figure = LIBRARY.get("bridges")
    view = FigureView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show_pose(figure, "rest")
    rest = view.grab().toImage()
    view.show_pose(figure, "top")
    top = view.grab().toImage()
    assert view.isVisible() or not view.isHidden()
    differing = sum(1 for y in range(0, 300, 3) for x in range(0, 400, 3) if rest.pixel(x, y) != top.pixel(x, y))
    assert differing > 200


def test_a_missing_figure_hides_the_widget(qtbot) -> None:
    view = FigureView()
    qtbot.addWidget(view)
    view.show_pose(None)
    assert view.isHidden()


def test_the_player_figure_follows_the_tempo_on_the_fake_clock(make_window, clock) -> None:
    window = make_window()
    window.session.start_workout(window.routine_view.routine)
    figure_view = window.player.figure
    bridges = LIBRARY.get("bridges")
    # Get ready: the first exercise's start pose, dimmed, marked "Next".
    assert not figure_view.isHidden()
    assert figure_view.dimmed and figure_view.caption == "Next"
    assert figure_view.pose == bridges.pose("rest")
    assert not figure_view.moving

    run_until(window, clock, 3.0)  # UP starts (1 s long)
    assert window.player.part.text() == "UP"
    assert not figure_view.dimmed and figure_view.moving
    assert figure_view.pose == bridges.pose("rest")
    hip = lambda: body_for(bridges, figure_view.pose, None).joints["pelvis"][1]  # noqa: E731
    low = hip()
    run_until(window, clock, 0.5)
    figure_view.next_frame()  # the frame timer's tick: the new snapshot's position
    middle = hip()
    # Between the snapshots a frame carries the last one forward on the same clock.
    clock.tick(0.25)
    figure_view.next_frame()
    later = hip()
    assert low < middle < later < body_for(bridges, bridges.pose("top"), None).joints["pelvis"][1]
    run_until(window, clock, 0.25)  # the end of UP: exactly the top pose as DOWN starts
    assert window.player.part.text() == "DOWN"
    assert figure_view.pose == bridges.pose("top")

    # Paused: frozen, no frames.
    window.session.command("toggle_pause")
    assert not figure_view.moving
    frozen = figure_view.pose
    clock.tick(0.3)
    figure_view.next_frame()
    assert figure_view.pose == frozen
    window.session.command("toggle_pause")
    assert figure_view.moving


def test_a_hold_stands_still_and_draws_no_frames(make_window, clock) -> None:
    window = make_window()
    window.session.start_workout(window.routine_view.routine)
    # Skip to the knee-to-chest hold (the third exercise).
    while window.player.exercise.text() != "Knee-to-chest stretches":
        window.session.command("next")
    figure_view = window.player.figure
    knee = LIBRARY.get("knee-to-chest-stretches")
    assert figure_view.pose == knee.pose("stretch")
    assert not figure_view.moving and figure_view.side == "left"
    drawn = figure_view.frames_drawn
    run_until(window, clock, 1.0)
    run_until(window, clock, 1.0)
    figure_view.repaint()
    assert figure_view.frames_drawn == drawn + 1  # only the explicit repaint


def test_floor_mode_shows_the_figure_large(make_window, clock) -> None:
    window = make_window()
    window.resize(1200, 800)
    window.session.start_workout(window.routine_view.routine)
    window.session.set_floor_mode(True)
    run_until(window, clock, 3.2)
    floor = window.floor
    assert not floor.figure.isHidden() and window.player.figure.isHidden()
    assert floor.figure.height() >= floor.height() / 3
    assert floor.figure.moving


def test_one_frame_at_floor_size_is_quick(qtbot) -> None:
    """A frame at 1920x1080 is drawn in a few milliseconds (the issue asks <= 2 ms at p99 in
    tests/bench; here a loose bound that a loaded test machine still meets)."""
    figure = LIBRARY.get("bridges")
    image = QImage(1920, 1080, QImage.Format.Format_RGB32)
    frame = frame_of(figure)
    body = body_for(figure, figure.pose("top"), None)
    times = []
    for _ in range(50):
        start = time.perf_counter()
        painter = QPainter(image)
        paint_body(painter, QRectF(0, 0, 1920, 1080), body, frame, _palette(), "side")
        painter.end()
        times.append(time.perf_counter() - start)
    times.sort()
    assert times[len(times) // 2] < 0.05


def test_the_routine_view_shows_each_exercise_in_its_start_pose(make_window, qtbot) -> None:
    window = make_window()
    window.show_figures()  # what the app does after its first paint
    views = [view for view, _exercise in window.routine_view._figures]
    assert len(views) == 3
    qtbot.waitUntil(lambda: all(not v.isHidden() for v in views))
    bridges = LIBRARY.get("bridges")
    # The start pose (issue 18): the rep played while an exercise is hovered or selected starts there.
    assert views[0].figure.name == bridges.name and views[0].pose == bridges.pose("rest")
    assert not any(v.moving or v.playing for v in views)  # still: no frames in the library


def test_an_exercise_without_a_figure_shows_none(make_window, qtbot, library) -> None:
    from dataclasses import replace

    entry = library.entries[0]
    routine = replace(entry.routine, exercises=(replace(entry.routine.exercises[0], name="Handstand"),))
    window = make_window()
    window.show_figures()
    window.routine_view.show_routine(routine)
    view = window.routine_view._figures[0][0]
    window.routine_view._show_figures()  # what the short timer after showing the routine does
    assert view.isHidden()


def test_a_broken_figure_never_stops_a_workout_and_its_problem_is_told(make_window, clock, data_dir) -> None:
    folder = data_dir / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bridges.yaml").write_text("poses:\n  rest: {torso: 180, near_knee: 400}\n")
    window = make_window()
    window.session.start_workout(window.routine_view.routine)
    run_until(window, clock, 3.2)
    assert window.player.part.text() == "UP"
    assert window.player.figure.isHidden()
    assert any("bridges.yaml:2:33: error: 'near_knee' in 'rest'" in notice and "without its figure" in notice
               for notice in window.notices)
    run_until(window, clock, 1.0)
    assert window.player.part.text() == "DOWN"


def _play_frames(window, clock, seconds: float, frames_by_part: dict, poses: list | None = None,
                 moves: list | None = None) -> None:
    """Moves the fake clock ``seconds`` on in steps of the figure's frame timer, doing what the real
    timers would at each step: the driver's wake-ups at their deadlines, its redraws when the
    display next changes, the figure's frame while its timer runs, then the window's paint. Frames
    (paints of a pose not painted before it: a repaint of the same pose as the layout changes is
    no frame) are counted by the part they were drawn in. ``moves`` gets, for each step of a
    moving part, how far (device pixels) the body drawn is from the pose of that moment
    (``("behind", pixels)``), and for each new frame how far it moved from the frame before
    (``("frame", pixels)``)."""
    from coach.core.workout.presentation import next_change

    view = window.floor.figure if window.in_floor_mode else window.player.figure
    step = view.timer.interval() / 1000
    end = clock.now + seconds
    painted = getattr(view, "_test_painted", None)
    while clock.now < end - 1e-9:
        target = min(end, clock.now + step)
        driver = window.session.driver
        while driver is not None and driver.timer.isActive():
            deadline = driver.workout.next_deadline()
            if deadline is None or deadline > target:
                break
            clock.now = deadline
            driver.wake()
            driver = window.session.driver
        if window.session.driver is not None:  # the display's redraws due within the step
            wait = next_change(window.session.driver.workout.snapshot(clock.now))
            while wait is not None and clock.now + wait <= target:
                clock.now += wait + 1e-6
                window.session.driver.tick()
                wait = next_change(window.session.driver.workout.snapshot(clock.now))
        clock.now = target
        if view.timer.isActive():
            view.next_frame()
        before = view.frames_drawn
        QApplication.processEvents()
        if window.session.driver is None:
            continue
        snapshot = window.session.driver.workout.snapshot(clock.now)
        key = "paused" if snapshot.state == "paused" else (snapshot.kind.name.lower() if snapshot.kind else None,
                                                             snapshot.part)
        new_frame = view.frames_drawn > before and (view.pose, view.dimmed, view.side) != painted
        if view.frames_drawn > before:
            painted = view._test_painted = (view.pose, view.dimmed, view.side)
        frames_by_part[key] = frames_by_part.get(key, 0) + int(new_frame)
        if poses is not None and (not poses or poses[-1] != view.pose):
            poses.append(view.pose)
        if moves is not None and snapshot.kind == PhaseKind.REP and snapshot.state == WorkoutState.RUNNING:
            # Measured here from the engine's snapshot, not from what the view computed.
            pixels = placement(view._drawing_rect(), frame_of(view.figure))[2] * view.devicePixelRatioF()
            drawn = view._body
            now = body_for(view.figure, pose_at(view.figure, snapshot.kind, snapshot.part,
                                                snapshot.phase_elapsed / snapshot.phase_duration), view.side)
            moves.append(("behind", _farthest(drawn, now) * pixels))
            if view.frames_drawn > before:
                if getattr(view, "_test_drawn_body", None) is not None:
                    moves.append(("frame", _farthest(view._test_drawn_body, drawn) * pixels))
                view._test_drawn_body = drawn


def _farthest(a, b) -> float:
    """The largest distance (cm) between the same end of the same part of two bodies."""
    ends = lambda body: [p for segment in body.segments for p in (segment.start, segment.end)]  # noqa: E731
    return max(math.dist(p, q) for p, q in zip(ends(a), ends(b), strict=True))


def test_frames_are_drawn_about_30_a_second_while_the_body_moves_and_never_while_it_stands(
        make_window, clock) -> None:
    window = make_window()
    window.session.start_workout(window.routine_view.routine)
    view = window.player.figure
    assert 1000 / view.timer.interval() == pytest.approx(30, abs=1)
    frames: dict = {}
    _play_frames(window, clock, 3.0, frames)  # get ready: the first exercise's start pose, once
    assert frames.get(("get_ready", None), 0) <= 1
    frames.clear()
    moves: list = []
    _play_frames(window, clock, 2.0, frames, moves=moves)  # the first rep: UP 1 s, DOWN 1 s
    # At most a frame per tick of the timer; a tick where the body has not moved by a pixel since
    # the last frame draws none (each frame is a visible step), and the body drawn is never a
    # pixel behind the pose of the moment: as smooth as 30 frames a second, with no frame that
    # would look the same.
    assert 10 <= frames[("rep", "up")] <= 32, frames
    assert 10 <= frames[("rep", "down")] <= 32, frames
    behind = [pixels for what, pixels in moves if what == "behind"]
    steps = [pixels for what, pixels in moves if what == "frame"]
    assert len(behind) >= 58 and max(behind) < 1.0, max(behind)
    assert len(steps) >= 20 and min(steps) >= 1.0, min(steps)
    frames.clear()
    _play_frames(window, clock, 0.5, frames)  # half of the second rep's UP, then paused for 2 s
    window.session.command("toggle_pause")
    drawn = view.frames_drawn
    _play_frames(window, clock, 2.0, frames)
    assert view.frames_drawn - drawn <= 1  # the pause itself may draw the frozen pose once
    window.session.command("toggle_pause")
    frames.clear()
    _play_frames(window, clock, 1.5 + 2.0, frames)  # the rest of the rep, then the 2 s rest between sets
    assert frames.get(("rest", None), 0) <= 1, frames
    # Skip to the knee-to-chest hold: it stands still for its 6 s.
    while window.player.exercise.text() != "Knee-to-chest stretches":
        window.session.command("next")
    frames.clear()
    _play_frames(window, clock, 5.0, frames)
    assert sum(count for key, count in frames.items() if key[0] == "hold") <= 1, frames


def test_a_frame_repaints_only_where_the_body_moves_not_the_window(make_window, clock, qtbot) -> None:
    from PySide6.QtCore import QEvent, QObject, QRect

    class PaintSpy(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.painted: list[tuple[object, QRect]] = []

        def eventFilter(self, watched, event) -> bool:  # noqa: ANN001
            if event.type() == QEvent.Type.Paint:
                self.painted.append((watched, event.rect()))
            return False

    window = make_window()
    window.resize(1000, 700)
    window.session.start_workout(window.routine_view.routine)
    view = window.player.figure
    _play_frames(window, clock, 3.2, {})  # into the first UP
    assert view.moving
    # Only the figure's frames: the display's own redraws (the bars, the countdown, on the driver's
    # real timer) are held off, and what they last scheduled is painted first.
    window.session.driver.refresh_timer.stop()
    window.session.driver.bar_timer.stop()
    window.session.driver.timer.stop()
    QApplication.processEvents()
    import coach.gui.focus_ring as focus_ring

    ring_drawn = []
    real_ring_colour = focus_ring.ring_colour
    focus_ring.ring_colour = lambda palette: ring_drawn.append(1) or real_ring_colour(palette)
    spy = PaintSpy()
    widgets = [window, *window.findChildren(QWidget)]
    for widget in widgets:
        widget.installEventFilter(spy)
    for _ in range(5):  # frames between two snapshots of the driver
        clock.tick(view.timer.interval() / 1000)
        view.next_frame()
        QApplication.processEvents()
    for widget in widgets:
        widget.removeEventFilter(spy)
    focus_ring.ring_colour = real_ring_colour
    # The focus ring around the player is not drawn again for frames that do not reach it.
    assert window.player.hasFocus() and not ring_drawn
    painted_widgets = {watched for watched, _rect in spy.painted}
    assert view in painted_widgets
    # The figure paints its own background: the page and the window under it are not painted.
    assert not [w.objectName() or type(w).__name__ for w in painted_widgets if w is not view and w.isAncestorOf(view)]
    # Nothing outside the figure is painted (an overlay over it, such as the focus ring, is
    # painted where it covers it).
    figure_area = QRect(view.mapTo(window, view.rect().topLeft()), view.size())
    for watched, rect in spy.painted:
        if watched is view:
            assert view.rect().contains(rect)
            assert rect.height() < view.height() or rect.width() < view.width()  # not all of it: where it moves
        else:
            at = QRect(watched.mapTo(window, rect.topLeft()), rect.size())
            assert figure_area.contains(at), watched.objectName()


def test_animate_figures_off_shows_each_part_in_the_pose_it_ends_in_without_frames(make_window, clock, data_dir) -> None:
    from coach.core.files.paths import DataDir
    from coach.gui.settings import Settings

    window = make_window()
    assert window.settings.get("figures/animate") is True  # on by default
    window.session.start_workout(window.routine_view.routine)
    view = window.player.figure
    bridges = LIBRARY.get("bridges")
    _play_frames(window, clock, 3.25, {})  # a quarter into UP: moving
    assert view.moving and view.pose not in (bridges.pose("rest"), bridges.pose("top"))
    dialog = window.open_settings()
    assert dialog.animate_figures.isChecked()
    dialog.animate_figures.setChecked(False)
    dialog.accept()  # takes effect at once, mid-part
    assert not view.moving and view.pose == bridges.pose("top")
    frames: dict = {}
    poses: list = []
    _play_frames(window, clock, 1.5, frames, poses)  # the rest of UP and half of DOWN
    assert window.player.part.text() == "DOWN"
    # Two still pictures: UP's end, then DOWN's (lying down); no frames between them (a paint or
    # two of the window as the dialog closes may come with them).
    assert poses == [bridges.pose("top"), bridges.pose("rest")]
    assert sum(frames.values()) <= 3, frames
    # Kept in settings.ini as text, and read back by the next start.
    assert "[figures]\nanimate=false" in DataDir(data_dir).settings_file.read_text(encoding="utf-8")
    assert Settings(DataDir(data_dir).settings_file).get("figures/animate") is False
    # And on again: the figure moves from where the part is.
    window.settings.set("figures/animate", True)
    window.apply_figure_settings()
    assert view.moving


def test_a_set_at_ones_own_pace_stands_in_its_hold_pose_when_figures_do_not_move(make_window, clock, data_dir) -> None:
    from coach.core.files.paths import DataDir
    from coach.gui.settings import Settings

    path = DataDir(data_dir).settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[figures]\nanimate=false\n", encoding="utf-8")
    window = make_window(settings=Settings(path))
    window.session.start_workout(window.routine_view.routine)
    while window.player.exercise.text() != "Pelvic tilts":
        window.session.command("next")
    view = window.player.figure
    tilts = LIBRARY.get("pelvic-tilts")
    frames: dict = {}
    poses: list = []
    _play_frames(window, clock, 2.0, frames, poses)
    assert not view.moving and poses == [tilts.pose(tilts.hold)]
    assert sum(frames.values()) <= 1, frames


def test_a_typed_value_for_animate_figures_is_never_interpreted(data_dir) -> None:
    """settings.ini is read as text (coach.core.files.settings_file): Qt's @Variant form, which
    QSettings would unpickle, is refused and the default (on) is used."""
    from coach.core.files.paths import DataDir
    from coach.gui.settings import Settings

    path = DataDir(data_dir).settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[figures]\nanimate=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x13)\n", encoding="utf-8")
    settings = Settings(path)
    assert settings.get("figures/animate") is True
    assert settings.problem


def test_the_next_figure_of_a_side_says_next_and_the_side(make_window, clock) -> None:
    """Before an exercise done on each side the dimmed figure was captioned "Next: Left side",
    which reads as if the next thing were called "Left side"; it says "Next, left side"."""
    window = make_window()
    window.session.start_workout(window.routine_view.routine)
    figure_view = window.player.figure
    for _ in range(60):
        if figure_view.dimmed and figure_view.side:
            break
        window.session.command("next")
    assert figure_view.dimmed and figure_view.side == "left"
    assert figure_view.caption == "Next, left side"


def test_a_frame_that_would_move_the_body_less_than_a_pixel_paints_nothing(qtbot) -> None:
    """The frame timer's tick computes the pose of the moment; drawing it only when the body has
    moved a pixel since the last frame; a pose standing still (paused) is drawn exactly."""
    now = [0.0]
    view = FigureView(clock=lambda: now[0])
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    bridges = LIBRARY.get("bridges")
    view.show_moment(bridges, PhaseKind.REP, "up", 1.0, 2.0, running=True)  # mid UP: at its fastest
    QApplication.processEvents()
    drawn, body = view.frames_drawn, view._body
    assert view.moving and drawn >= 1
    now[0] += 0.001  # a millisecond on: the hips rise by a fraction of a pixel
    view.next_frame()
    QApplication.processEvents()
    assert view.frames_drawn == drawn and view._body is body
    assert view.pose == pose_at(bridges, PhaseKind.REP, "up", 1.001 / 2.0)  # the pose of the moment
    now[0] += 0.1  # a tenth of a second on: well over a pixel
    view.next_frame()
    QApplication.processEvents()
    assert view.frames_drawn == drawn + 1 and view._body == body_for(bridges, view.pose, None)
    # Paused a millisecond later: that pose, exactly, though it is not a pixel from the last frame.
    now[0] += 0.001
    view.next_frame()
    QApplication.processEvents()
    skipped = view.frames_drawn
    view.show_moment(bridges, PhaseKind.REP, "up", 1.102, 2.0, running=False)
    QApplication.processEvents()
    assert not view.moving and view.frames_drawn == skipped + 1
    assert view._body == body_for(bridges, pose_at(bridges, PhaseKind.REP, "up", 1.102 / 2.0), None)
