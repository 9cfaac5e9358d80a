"""A whole short workout through the real window, driven by key presses and a fake clock."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from helpers import run_until


def key(qtbot, window, name: str) -> None:
    keys = {"space": Qt.Key.Key_Space, "right": Qt.Key.Key_Right, "left": Qt.Key.Key_Left,
            "enter": Qt.Key.Key_Return, "esc": Qt.Key.Key_Escape, "f": Qt.Key.Key_F,
            "m": Qt.Key.Key_M, "f11": Qt.Key.Key_F11}
    target = window.focusWidget() or window
    qtbot.keyClick(target, keys[name])


def shown(window) -> dict[str, str]:
    p = window.player
    return {"exercise": p.exercise.text(), "part": p.part.text(), "countdown": p.countdown.text(),
            "rep": p.rep.text(), "set": p.set.text(), "side": p.side.text(), "status": p.status.text(),
            "next": p.next_up.text(), "elapsed": p.elapsed.text(), "remaining": p.remaining.text()}


def test_a_whole_workout_with_the_keys(make_window, qtbot, clock) -> None:
    window = make_window()
    assert window.routine_view.title.text() == "Short test routine"
    window.library_view.list.setFocus()
    key(qtbot, window, "enter")  # Enter starts the routine shown
    assert window.pages.currentWidget() is window.player
    s = shown(window)
    assert (s["part"], s["countdown"]) == ("GET READY", "3")
    assert s["next"] == "Next: Bridges, set 1 of 2"
    assert s["elapsed"] == "0:00 elapsed"

    run_until(window, clock, 1.2)
    assert shown(window)["countdown"] == "2"

    # Space pauses: the clock may run on, nothing moves; Space again resumes where it was.
    key(qtbot, window, "space")
    assert shown(window)["status"] == "PAUSED"
    assert window.player.buttons["toggle_pause"].text() == "Resume"
    assert not window.session.driver.timer.isActive() and not window.session.driver.refresh_timer.isActive()
    clock.tick(100)
    key(qtbot, window, "space")
    assert shown(window)["status"] == ""
    assert shown(window)["countdown"] == "2"

    run_until(window, clock, 1.8)  # the end of get ready
    s = shown(window)
    assert (s["exercise"], s["part"], s["rep"], s["set"]) == ("Bridges", "UP", "Rep 1 of 2", "Set 1 of 2")
    assert window.player.instructions.text() == "Lift your hips slowly."
    run_until(window, clock, 1.0)
    assert (shown(window)["part"], shown(window)["rep"]) == ("DOWN", "Rep 1 of 2")

    key(qtbot, window, "right")  # ends the "down" of rep 1: rep 2 starts
    assert (shown(window)["part"], shown(window)["rep"]) == ("UP", "Rep 2 of 2")
    key(qtbot, window, "right")  # again within 2 s: skip the rest of set 1
    s = shown(window)
    assert (s["part"], s["countdown"]) == ("REST", "2")
    run_until(window, clock, 1.5)
    assert shown(window)["countdown"] == "1"
    key(qtbot, window, "left")  # previous restarts the rest
    assert shown(window)["countdown"] == "2"

    run_until(window, clock, 2.0)  # set 2 starts
    assert (shown(window)["part"], shown(window)["set"]) == ("UP", "Set 2 of 2")
    run_until(window, clock, 4.0)  # its two reps
    assert shown(window)["part"] == "REST"
    run_until(window, clock, 3.0)

    # A set at your own pace: the time counts up and Enter ends it.
    s = shown(window)
    assert (s["exercise"], s["part"], s["countdown"]) == ("Pelvic tilts", "GO", "0:00")
    assert window.done_action.isEnabled() and window.player.buttons["done"].isEnabled()
    run_until(window, clock, 12)
    assert shown(window)["countdown"] == "0:12"
    key(qtbot, window, "enter")
    assert shown(window)["part"] == "REST"
    assert not window.done_action.isEnabled()
    run_until(window, clock, 3.0)
    s = shown(window)
    assert (s["exercise"], s["part"], s["side"], s["countdown"]) == (
        "Knee-to-chest stretches", "HOLD", "Left side", "6")

    # Esc asks first; "Keep going" changes nothing.
    key(qtbot, window, "esc")
    box = window.session.stop_question
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.No).click()
    assert window.session.stop_question is None and window.session.workout is not None
    key(qtbot, window, "esc")
    with qtbot.waitSignal(window.pages.currentChanged):
        window.session.stop_question.button(QMessageBox.StandardButton.Yes).click()

    # The summary: bridges set 1 skipped, set 2 done, pelvic tilts done, the hold cut short by the
    # stop (interrupted: neither done nor skipped).
    assert window.pages.currentWidget() is window.summary
    text = window.summary.figures.text()
    assert "Sets done: 2" in text and "Sets skipped: 1" in text
    assert "stopped" in window.summary.heading.text()
    # Active time: everything but the 100 s pause: 29.5 s, whole seconds gone by.
    assert "Time: 0:29" in text
    key(qtbot, window, "enter")
    assert window.pages.currentWidget() is window.browse


def test_a_workout_played_to_its_end_shows_the_summary(make_window, qtbot, clock) -> None:
    finished = []
    window = make_window()
    window.workout_ended.connect(finished.append)
    window.session.start_workout(window.routine_view.routine)
    run_until(window, clock, 20)
    window.session.command("done")  # pelvic tilts
    run_until(window, clock, 60)
    assert window.pages.currentWidget() is window.summary
    assert "complete" in window.summary.heading.text()
    assert "Sets done: 5" in window.summary.figures.text()
    assert "Sets skipped: 0" in window.summary.figures.text()
    assert finished and finished[0].outcome == "completed"
    assert window.session.driver is None


def test_the_window_follows_a_workout_with_the_faq_panel(make_window, clock, data_dir) -> None:
    from coach.core.faq.entries import load_faq
    from coach.core.files.paths import DataDir

    window = make_window(faq=load_faq(DataDir(data_dir)))
    assert window.faq_panel is not None
    window.session.start_workout(window.routine_view.routine)
    run_until(window, clock, 3.5)
    assert window.faq_panel.exercise() == "Bridges"
    assert window.faq_panel.about_ids()  # the FAQ links answers to bridges
    assert window.focusWidget() is window.player  # following the workout never takes the keys
    run_until(window, clock, 13)  # on to pelvic tilts, at 16 s
    assert window.faq_panel.exercise() == "Pelvic tilts"


def test_during_get_ready_and_rests_the_faq_is_about_the_exercise_coming_next(make_window, clock, data_dir) -> None:
    """Between exercises the user prepares for the next one: "About the next exercise" names it,
    with its answers; at work, and between sets or sides of one exercise, it is "this exercise"."""
    from coach.core.faq.entries import load_faq
    from coach.core.files.paths import DataDir

    window = make_window(faq=load_faq(DataDir(data_dir)))
    panel = window.faq_panel
    window.session.start_workout(window.routine_view.routine)
    about = lambda: (window.player.part.text(), panel.about_title.text())  # noqa: E731
    assert about() == ("GET READY", "About the next exercise: Bridges")
    assert panel.about_ids() == ["strengthen-lower-back"]
    run_until(window, clock, 3.5)
    assert about() == ("UP", "About this exercise: Bridges")
    run_until(window, clock, 4.0)  # 7.5 s: the rest between the sets of bridges
    assert about() == ("REST", "About this exercise: Bridges")
    run_until(window, clock, 6.0)  # 13.5 s: the rest before pelvic tilts
    assert about() == ("REST", "About the next exercise: Pelvic tilts")
    assert panel.exercise() == "Pelvic tilts" and panel.about_ids() == ["strengthen-lower-back"]
    run_until(window, clock, 3.0)
    assert about() == ("GO", "About this exercise: Pelvic tilts")
    window.session.command("done")
    assert about() == ("REST", "About the next exercise: Knee-to-chest stretches")
    run_until(window, clock, 9.5)  # 3 s of rest and the 6 s hold on the left: switching sides
    assert about() == ("SWITCH SIDES", "About this exercise: Knee-to-chest stretches")


def test_start_and_done_share_enter_without_ambiguity(make_window) -> None:
    window = make_window()
    assert window.start_action.isEnabled() and not window.done_action.isEnabled()
    window.session.start_workout(window.routine_view.routine)
    assert not window.start_action.isEnabled()
    # F11 is floor mode in the player, full screen elsewhere.
    assert "F11" in [s.toString() for s in window.floor_action.shortcuts()]
    assert not window.full_screen_action.isEnabled()


def test_listeners_hear_every_event_of_a_workout_and_its_end(make_window, qtbot, clock) -> None:
    window = make_window()
    heard, ended = [], []

    def started(routine, driver) -> None:
        assert routine.id == "short"
        driver.events_handled.connect(heard.extend)

    window.workout_started.connect(started)
    window.workout_ended.connect(ended.append)
    window.session.start_workout(window.routine_view.routine)
    run_until(window, clock, 5)
    assert heard[0].kind == "workout_started"
    assert [e.kind for e in heard].count("set_finished") == 0
    window.close()  # mid-workout: the workout ends as interrupted, what was done is kept
    assert ended and ended[0].outcome == "interrupted"
    assert heard[-1].kind == "workout_finished"


def test_the_window_and_the_terminal_show_the_same_words_at_2_0004_s_left(make_window, clock) -> None:
    from coach.terminal.player import big_text, status_lines

    window = make_window()
    window.session.start_workout(window.routine_view.routine)
    run_until(window, clock, 3 - 2.0004)  # the get-ready's 3 s, 2.0004 s left
    terminal = "\n".join(status_lines(window.session.workout.snapshot(clock()), "Short", "", False))
    s = shown(window)
    assert s["countdown"] == "3"
    assert "\n".join("    " + row for row in big_text(s["countdown"])) in terminal
    assert s["part"] in terminal and s["next"] in terminal
    run_until(window, clock, 2.5004)  # rep 1 of bridges, "up" (1 s), 0.5 s left
    terminal = "\n".join(status_lines(window.session.workout.snapshot(clock()), "Short", "", False))
    s = shown(window)
    assert (s["part"], s["countdown"], s["rep"]) == ("UP", "1", "Rep 1 of 2")
    for words in (s["part"], s["rep"], s["set"], s["next"], s["exercise"].upper()):
        assert words in terminal
    assert "\n".join("    " + row for row in big_text(s["countdown"])) in terminal


def test_next_during_a_rep_says_the_next_rep_and_the_rest_only_in_the_last(make_window, clock) -> None:
    window = make_window()
    window.session.start_workout(window.routine_view.routine)
    run_until(window, clock, 3.5)  # rep 1 of 2, "up"
    assert shown(window)["next"] == "Next: Rep 2 of 2"
    run_until(window, clock, 1.0)  # rep 1, "down"
    assert shown(window)["next"] == "Next: Rep 2 of 2"
    run_until(window, clock, 1.0)  # rep 2 of 2: the last
    assert shown(window)["next"] == "Next: Rest 2 seconds"


def test_right_ends_the_part_and_twice_the_set_and_the_skip_is_recorded_then(make_window, qtbot, clock) -> None:
    from coach.core.workout.engine import SetFinished

    window = make_window()
    records = []
    window.workout_started.connect(
        lambda routine, driver: driver.events_handled.connect(
            lambda events: records.extend(e.record for e in events if isinstance(e, SetFinished))))
    window.session.start_workout(window.routine_view.routine)
    run_until(window, clock, 3.5)  # set 1, rep 1 of 2, "up"
    key(qtbot, window, "right")
    assert (shown(window)["part"], shown(window)["rep"]) == ("DOWN", "Rep 1 of 2")
    assert records == []  # the set goes on
    run_until(window, clock, 2.2)  # rep 2, "down": the set's last part; 2.2 s after the last Right
    assert (shown(window)["part"], shown(window)["rep"]) == ("DOWN", "Rep 2 of 2")
    key(qtbot, window, "right")  # ends only this part, and with it the set, cut short
    assert shown(window)["part"] == "REST"
    assert [(r.status, r.reps, r.set, r.ended_at) for r in records] == [("skipped", 2, 1, clock())]
    run_until(window, clock, 2.1)  # set 2, rep 1, "up"
    assert (shown(window)["part"], shown(window)["set"]) == ("UP", "Set 2 of 2")
    key(qtbot, window, "right")
    assert (shown(window)["part"], shown(window)["rep"]) == ("DOWN", "Rep 1 of 2")
    key(qtbot, window, "right")  # again within 2 s: the rest of the set
    assert (shown(window)["part"], shown(window)["exercise"]) == ("REST", "")
    assert [(r.status, r.reps, r.set, r.ended_at) for r in records][1:] == [("skipped", 0, 2, clock())]
    assert window.player.buttons["next"].toolTip() == "End this part; twice within 2 s ends the set (Right)"


def test_the_menu_and_the_buttons_say_what_right_and_left_do(make_window) -> None:
    window = make_window()
    window.session.start_workout(window.routine_view.routine)
    assert window.next_action.statusTip() == "End this part; twice within 2 s ends the set"
    assert window.player.buttons["next"].toolTip() == window.next_action.statusTip() + " (Right)"
    assert window.player.buttons["previous"].toolTip() == window.previous_action.statusTip() + " (Left)"


def test_during_a_workout_the_faq_shows_the_answers_the_routine_links_too(make_window, clock, data_dir) -> None:
    import dataclasses
    from pathlib import Path

    from coach.core.faq.entries import load_faq
    from coach.core.routines.library import Library, LibraryEntry
    from coach.core.files.paths import DataDir
    from helpers import short_routine

    # Bridges: named by "strengthen-lower-back"; the routine also links two answers that do not
    # name it. Pelvic tilts: the routine links one, which also names it (listed once).
    routine = short_routine()
    bridges, tilts, hugs = routine.exercises
    routine = dataclasses.replace(routine, exercises=(
        dataclasses.replace(bridges, faq=("run-every-day", "runners-face")),
        dataclasses.replace(tilts, faq=("strengthen-lower-back",)), hugs))
    library = Library(entries=[LibraryEntry(routine, "user", Path("/nowhere/short.yaml"))])
    window = make_window(library=library, faq=load_faq(DataDir(data_dir)))
    window.session.start_workout(routine)
    run_until(window, clock, 3.5)
    assert window.faq_panel.exercise() == "Bridges"
    assert window.faq_panel.about_ids() == ["strengthen-lower-back", "run-every-day", "runners-face"]
    run_until(window, clock, 13)
    assert window.faq_panel.exercise() == "Pelvic tilts"
    assert window.faq_panel.about_ids() == ["strengthen-lower-back"]
