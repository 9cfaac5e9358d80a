"""The main window: the library, the routine, the player and the FAQ panel."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QDockWidget, QLabel, QMainWindow, QMenu, QSplitter, QStackedWidget, QWidget,
)

from coach import __version__
from coach.core.workout.kinds import WorkoutState
from coach.core.files.paths import DataDir
from coach.gui import focus_ring
from coach.gui.library_view import LibraryView
from coach.gui.routine_view import RoutineView
from coach.gui.settings import Settings, SettingsDialog
from coach.gui.window_size import NarrowLayout, fit_to_screen

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

ABOUT_TEXT = (
    "<h3>Coach {version}</h3>"
    "<p>A desktop exercise coach for runners with a sore lower back.</p>"
    "<p>General information, not medical advice: stop on sharp pain, and see a professional for "
    "pain spreading down a leg, numbness or weakness, or pain that keeps getting worse.</p>"
)


#: How often writes waiting for the history are tried again (milliseconds).
HISTORY_RETRY_MS = 2000


class MainWindow(QMainWindow):
    """Browse routines, play one, see the summary; the FAQ stays docked on the right.

    Signals for what comes around a workout (the history listens to them):
    ``workout_started(routine, driver)`` just before the first events, so a listener can connect
    to ``driver.events_handled`` and miss nothing; ``workout_ended(record)`` when it has ended
    (finished, stopped, or interrupted by closing the window).
    """

    workout_started = Signal(object, object)
    workout_ended = Signal(object)
    #: The history store was opened or handed over (set_history): workouts are recorded from now on.
    history_ready = Signal(object)

    def __init__(self, data_dir: DataDir, library, settings: Settings | None = None, *,
                 faq=None, clock: Callable[[], float] = time.monotonic, cues=None,
                 event_log=None, speed: float = 1.0, sleep_check=None, history=None,
                 open_history: Callable[[], object] | None = None,
                 checkin: bool = True, tz=None, wall_clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        from coach.gui.status_bar import WrappingStatusBar

        self.setStatusBar(WrappingStatusBar(self))  # a long message wraps, never cut
        self.data_dir = data_dir
        self.library = library
        self.settings = settings if settings is not None else Settings(data_dir.settings_file)
        self.faq = faq
        self.clock = clock
        #: Figures of the exercises (coach.core.routines.figure_library), read when a workout first shows one.
        self.figures = None
        self.cues = cues
        self.event_log = event_log
        self.speed = speed
        #: Returns when the computer went to sleep (on ``clock``), once, after it woke up.
        self.sleep_check = sleep_check
        #: The history store (None: not opened yet, or none: nothing recorded, no check-ins).
        self.history = history
        #: Opens the history on first use (ensure_history): SQLite is not needed to browse.
        self._open_history = open_history
        #: False with ``coach run --no-checkin``: no check-in this time, whatever the setting.
        self.checkin_allowed = checkin
        self.tz = tz
        self.wall_clock = wall_clock
        #: Writes the running workout into the history (kept until the check-in after it).
        self.recorder = None
        #: Tries again, while writes wait for the history (_check_history_writes).
        self._history_retry = None
        self._history_waiting = False
        #: The question asked around a workout (a suggestion, a check-in, the resume offer).
        self.question = None
        #: A routine file opened with `coach FILE` and not imported (coach/gui/routine_file.py).
        self.opened_file = None
        self.history_page = None
        self.workout = None
        self.driver = None
        self.stop_question = None  # a QMessageBox while asking
        self._paused_to_ask = False  # the question paused the workout: "Keep going" resumes it
        self.in_floor_mode = False
        self._floor_restore: dict = {}
        self.setWindowTitle("Coach")
        self.setObjectName("main_window")

        self.library_view = LibraryView(library)
        self.routine_view = RoutineView()
        self.browse = QSplitter()
        self.browse.setObjectName("browse")
        self.browse.addWidget(self.library_view)
        self.browse.addWidget(self.routine_view)
        self.browse.setStretchFactor(0, 0)
        self.browse.setStretchFactor(1, 1)
        self.browse.setSizes([320, 700])
        self.browse.setChildrenCollapsible(False)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.browse)
        self.setCentralWidget(self.pages)
        self.player = None  # built on the first workout, so startup stays light
        self.floor = None
        self.summary = None

        self.faq_panel = None
        self.faq_dock = self._make_faq_dock()
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.faq_dock)
        # Tab goes library, routine, FAQ, as they are on screen (they were made in another order).
        order = [self.library_view.search, self.library_view.list, self.routine_view.scroll,
                 self.routine_view.start, *self.routine_view.command_buttons.values()]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)
        focus_ring.install(QApplication.instance())

        self._make_routine_editing(data_dir)
        self._make_actions()
        self.library_view.routine_selected.connect(self.show_entry)
        self.library_view.routine_activated.connect(lambda entry: self.request_workout(entry.routine))
        self.library_view.broken_file_selected.connect(self.show_broken_file)
        self.routine_view.start_requested.connect(self.request_workout)
        # An explicit minimum keeps Qt from re-deriving it from the layout at every change of
        # page or font size (which also makes some platforms warn on each change).
        self.setMinimumSize(640, 480)
        fit_to_screen(self, restored=self._restore_layout())
        self.narrow_layout = NarrowLayout(self, self.browse, self.library_view, self.routine_view, self.faq_dock)
        entry = self.library_view.current_entry()
        if entry is not None:
            self.show_entry(entry)
        self.library_view.list.setFocus()
        #: What the user was told (a damaged settings file, no sound...), each once, in order.
        self.notices: list[str] = []
        #: Why there is no sound or no voice (each once): shown together, neither hides the other.
        self.cue_problems: list[str] = []
        if cues is not None:
            cues.problem_found.connect(self.tell_cue_problem)
        if getattr(self.settings, "problem", None):
            self.tell(self.settings.problem)
        if event_log is not None:
            event_log.on_failure = self.tell  # said once; the workout plays on without the log
        if history is not None:
            self.set_history(history)

    @property
    def has_history(self) -> bool:
        """True when workouts are kept in a history (opened already, or on first use)."""
        return self.history is not None or self._open_history is not None

    def ensure_history(self):
        """The history, opened now if it was not yet; None when this window keeps none."""
        if self.history is None and self._open_history is not None:
            opener, self._open_history = self._open_history, None
            self.set_history(opener())
        return self.history

    def set_history(self, history) -> None:
        """Records workouts into ``history`` from now on."""
        from coach.gui.history_writes import write_off_the_window

        self.history = history
        write_off_the_window(history, self._check_history_writes, self)
        if history.notice:
            self.tell(history.notice)  # the history file was moved aside: where it is now
        if not history.enabled:
            reason = history.off_reason or "history is off"
            self.tell(f"{reason[0].upper()}{reason[1:]}; workouts will not be recorded.")
        self._update_actions()
        self.history_ready.emit(history)

    def tell(self, message: str) -> None:
        """Tells the user something they should know, once, in the status bar (plain text)."""
        if message in self.notices:
            return
        self.notices.append(message)
        self.statusBar().showMessage(message)

    def tell_cue_problem(self, problem: str) -> None:
        """No sound or no voice: told once, in one message with the other one's problem, if any."""
        if problem in self.cue_problems:
            return
        self.cue_problems.append(problem)
        if problem not in self.notices:
            self.notices.append(problem)
        shown = " ".join(self.cue_problems)
        self.statusBar().showMessage(shown)
        self.statusBar().setToolTip(shown)  # all of it, where the window is too narrow for one line

    # ----- building

    def _make_faq_dock(self) -> QDockWidget:
        if self.faq is not None:
            from coach.gui.faq_panel import FaqDock, FaqPanel

            self.faq_panel = FaqPanel(self.faq)
            self.faq_panel.exercise_activated.connect(self.show_routine_with_exercise)
            return FaqDock(self.faq_panel, self)
        dock = QDockWidget("FAQ", self)
        dock.setObjectName("faq-dock")
        placeholder = QLabel("The questions and answers are not available.")
        placeholder.setWordWrap(True)
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        dock.setWidget(placeholder)
        return dock

    def _action(self, text: str, shortcuts, slot, *, name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) if isinstance(s, str) else QKeySequence(s) for s in shortcuts])
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even when the menu bar is hidden (floor mode)
        return action

    def _make_actions(self) -> None:
        K = QKeySequence.StandardKey
        # Ctrl+, first: the menu shows the first shortcut, and Preferences has none on most desktops.
        preferences = QKeySequence(K.Preferences)
        settings_keys = ["Ctrl+,"] + ([preferences] if preferences not in (QKeySequence(), QKeySequence("Ctrl+,")) else [])
        self.settings_action = self._action("&Settings…", settings_keys, self.open_settings, name="settings")
        self.quit_action = self._action("&Quit", [K.Quit, "Ctrl+Q"], self.close, name="quit")
        self.quit_action.setShortcuts([QKeySequence("Ctrl+Q")])
        self.start_action = self._action("&Start workout", ["Return", "Enter"], self._start_current, name="start")
        self.pause_action = self._action("&Pause / resume", ["Space"], lambda: self.command("toggle_pause"), name="pause")
        self.next_action = self._action("&Next", ["Right"], lambda: self.command("next"), name="next")
        self.previous_action = self._action("P&revious", ["Left"], lambda: self.command("previous"), name="previous")
        from coach.gui.words import NEXT_TIP, PREVIOUS_TIP

        self.next_action.setStatusTip(NEXT_TIP)
        self.previous_action.setStatusTip(PREVIOUS_TIP)
        self.done_action = self._action("&Done (end this set)", ["Return", "Enter"], lambda: self.command("done"), name="done")
        self.stop_action = self._action("S&top…", ["Escape"], self.escape, name="stop")
        self.mute_action = self._action("&Mute", ["M"], self.toggle_mute, name="mute")
        self.mute_action.setCheckable(True)
        self.floor_action = self._action("&Floor mode", ["F"], self.toggle_floor_mode, name="floor")
        self.floor_action.setCheckable(True)
        self.full_screen_action = self._action("F&ull screen", ["F11"], self.toggle_full_screen, name="full_screen")
        self.full_screen_action.setCheckable(True)
        self.faq_action = self.faq_dock.toggleViewAction()
        self.faq_action.setText("&FAQ panel")
        self.faq_action.setShortcut(QKeySequence("F1"))
        self.faq_action.setObjectName("faq")
        self.addAction(self.faq_action)
        # F1 that shows the FAQ also takes the keyboard there (to its search field).
        self.faq_action.triggered.connect(self._on_faq_key)
        self.about_action = self._action("&About Coach", [], self.show_about, name="about")
        self.history_action = self._action("&History", ["Ctrl+H"], self.show_history, name="history")

        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.routine_menu = self._make_routine_menu()
        menus.addMenu(self.routine_menu)
        workout = menus.addMenu("&Workout")
        for action in (self.start_action, self.pause_action, self.next_action, self.previous_action,
                       self.done_action, self.stop_action):
            workout.addAction(action)
        workout.addSeparator()
        workout.addAction(self.mute_action)
        workout.addAction(self.floor_action)
        view = menus.addMenu("&View")
        view.addAction(self.history_action)
        view.addAction(self.faq_action)
        view.addAction(self.full_screen_action)
        help_menu = menus.addMenu("&Help")
        self.add_to_menu_action = self._action("Add Coach to the applications &menu", [], self.add_to_applications_menu,
                                               name="add_to_applications_menu")
        help_menu.addAction(self.add_to_menu_action)
        help_menu.addAction(self.about_action)
        self._update_actions()

    def _update_actions(self) -> None:
        # The workout's keys follow the workout, not the page that shows it (the player or floor
        # mode): from its start to its end, whatever is shown.
        playing = self.workout is not None
        browsing = self.pages.currentWidget() is self.browse
        self.start_action.setEnabled(browsing and self.routine_view.routine is not None)
        for action in (self.pause_action, self.next_action, self.previous_action, self.stop_action,
                       self.floor_action):
            action.setEnabled(playing)
        self.done_action.setEnabled(playing and self._done_possible())
        self.history_action.setEnabled(self.has_history and self.workout is None and self.editor is None)
        # Routines change only from the library: never under the editor or a running workout.
        routine = self.library_view.current_entry() if browsing else None
        for action in self.routine_menu.actions():
            action.setEnabled(browsing)
        for action in (self.edit_routine_action, self.duplicate_routine_action, self.export_routine_action):
            # A file opened from outside is imported first (Routine > Import), never edited where it is.
            action.setEnabled(routine is not None and routine.source != "opened file")
        self.reset_routine_action.setEnabled(routine is not None and routine.source == "customized")
        self.delete_routine_action.setEnabled(routine is not None and routine.source == "user")
        # In the player, F11 means floor mode; elsewhere it makes the window full screen.
        self.full_screen_action.setEnabled(not playing)
        self.floor_action.setShortcuts([QKeySequence("F"), QKeySequence("F11")] if playing else [QKeySequence("F")])
        # Floor mode shows only the workout: the FAQ would squeeze the countdown (Esc leaves first).
        self.faq_action.setEnabled(not self.in_floor_mode)

    def _done_possible(self) -> bool:
        return self.driver is not None and getattr(self, "_waiting_for_done", False)

    # ----- browsing

    def show_entry(self, entry) -> None:
        self.routine_view.show_routine(entry.routine, entry.source, self.library_view.warnings_for(entry))
        self._update_actions()

    def show_broken_file(self, file: str, problems: list) -> None:
        from coach.gui.routine_file import watched_by_coach

        self.routine_view.show_problems(file, problems, watched=watched_by_coach(self, file))
        self._update_actions()

    def show_routine_with_exercise(self, exercise_name: str) -> None:
        """A routine containing the exercise (an answer's "Related exercises" button), scrolled to
        the exercise and with it highlighted; names compare as the FAQ links them (case ignored)."""
        if self.workout is not None or not self.close_editor():
            return
        from coach.core.faq.entries import exercise_key

        wanted = exercise_key(exercise_name)

        def is_it(exercise) -> bool:
            return exercise_key(exercise.name) == wanted

        for entry in self.library.entries:
            if any(is_it(e) for e in entry.routine.exercises):
                self.show_library()
                self.library_view.search.clear()
                self.library_view.select_routine(entry.routine.id)
                self.routine_view.highlight_exercise(is_it)
                return

    def _on_faq_key(self, shown: bool) -> None:
        if shown and self.faq_panel is not None:
            self.faq_panel.focus_search()

    def show_library(self) -> None:
        self.pages.setCurrentWidget(self.browse)
        self._update_actions()
        self.library_view.list.setFocus()

    def _start_current(self) -> None:
        if self.routine_view.routine is not None:
            self.request_workout(self.routine_view.routine)

    # ----- the workout

    def _ensure_player(self) -> None:
        if self.player is not None:
            return
        from coach.gui.floor_mode import FloorView
        from coach.gui.player import PlayerView
        from coach.gui.summary import SummaryView

        self.player = PlayerView()
        self.player.command_requested.connect(self._player_command)
        self.player.mute_toggled.connect(self.mute_action.trigger)
        self.player.floor_mode_requested.connect(self.enter_floor_mode)
        self.floor = FloorView()
        for view in (self.player.figure, self.floor.figure):
            view.clock = self.clock
        self.apply_figure_settings()
        self.summary = SummaryView()
        self.summary.back_requested.connect(self.show_library)
        for page in (self.player, self.floor, self.summary):
            self.pages.addWidget(page)
        if self.event_log is not None:
            from coach.gui.paint_log import CountdownPaintLog

            self._paint_log = CountdownPaintLog(
                self.event_log, self.clock,
                lambda: self.workout.snapshot(self.clock()) if self.workout is not None else None, self)
            self._paint_log.watch(self.player.countdown, "player")
            self._paint_log.watch(self.floor.countdown, "floor")

    def start_workout(self, routine, *, pain_before: int | None = None, resume=None) -> None:
        """Opens the player on ``routine`` and starts it (the get-ready countdown first); with
        ``resume`` (a ResumePoint of the history), at the set where that session stopped."""
        if self.workout is not None:
            return
        from coach.gui.driver import WorkoutDriver

        self._ensure_player()
        if self.cues is not None:
            self.cues.prepare()  # loaded before the clock starts, not on the first cue
        self.workout = self._start_recording(routine, pain_before, resume)
        self.driver = WorkoutDriver(self.workout, self.clock, event_log=self.event_log,
                                    sleep_check=self.sleep_check, parent=self)
        self.driver.refreshed.connect(self._show_snapshot)
        self.driver.events_handled.connect(self._on_events)
        self.driver.events_handled.connect(self._announce)
        if self.recorder is not None:
            self.driver.events_handled.connect(self.recorder.handle)
            self.driver.events_handled.connect(self._check_history_writes)
        self.driver.ended.connect(self._on_ended)
        if getattr(self.cues, "plans_ahead", False):
            self.driver.look_ahead = True
            self.driver.ahead.connect(self.cues.plan)
        self._exercise_shown = False
        self._waiting_for_done = False
        self._figure_routine = routine
        self.pages.setCurrentWidget(self.player)
        self.player.setFocus()
        self._update_actions()
        if self.settings.get("player/floor_mode_by_default"):
            self.enter_floor_mode()
        self.workout_started.emit(routine, self.driver)
        self.driver.start()

    def _player_command(self, name: str) -> None:
        if name == "stop":
            self.ask_stop()
        else:
            self.command(name)
        # Keep the keys (Space, arrows) with the player, not with the button just clicked.
        (self.floor if self.in_floor_mode else self.player).setFocus()

    def _show_snapshot(self, snapshot) -> None:
        from coach.core.workout.presentation import Display

        display = Display.of(snapshot)
        if self.in_floor_mode:
            self.floor.show_display(display)
        else:
            self.player.show_display(display)
        self._show_figure(snapshot)
        if snapshot.waiting_for_done != self._waiting_for_done:
            self._waiting_for_done = snapshot.waiting_for_done
            self._update_actions()
        exercise = snapshot.exercise_name if snapshot.state in (WorkoutState.RUNNING, WorkoutState.PAUSED) else None
        # Which exercise, by its place too: two exercises of one name may link different answers.
        shown = (exercise, snapshot.exercise_index) if exercise is not None else None
        if self.faq_panel is not None and shown != self._exercise_shown:
            self._exercise_shown = shown
            # The answers naming the exercise, and those the routine links to it with `faq:`.
            linked = ()
            if exercise is not None and snapshot.exercise_index is not None and self.workout is not None:
                linked = self.workout.timeline.routine.exercises[snapshot.exercise_index].faq
            self.faq_panel.show_exercise(exercise, linked)

    def _show_figure(self, snapshot) -> None:
        """The exercise's figure in the player or floor mode, whichever is shown."""
        from coach.gui.figure_view import show_snapshot

        shown, other = (self.floor, self.player) if self.in_floor_mode else (self.player, self.floor)
        other.figure.hide_figure()
        show_snapshot(shown.figure, snapshot, self.figure_for_exercise)

    def apply_figure_settings(self) -> None:
        """The "Animate figures" setting, on every figure of the window (at once, mid-workout too)."""
        animate = self.settings.get("figures/animate")
        if self.player is not None:
            for view in (self.player.figure, self.floor.figure):
                view.set_animate(animate)
        self.routine_view.set_animate(animate)
        if self.editor is not None:
            self.editor.ex_figure.set_animate(animate)

    def figure_for_exercise(self, index: int | None):  # noqa: ANN201 - a Figure or None
        """The figure of exercise ``index`` of the routine being played."""
        routine = getattr(self, "_figure_routine", None)
        if routine is None or index is None or not 0 <= index < len(routine.exercises):
            return None
        return self.figure_of(routine.exercises[index])

    def show_figures(self) -> None:
        """From now on the routine view draws each exercise's figure (called after the window's
        first paint and its start-up work: reading figure files never delays the start)."""
        self.routine_view.set_animate(self.settings.get("figures/animate"))
        self.routine_view.set_figure_source(self.figure_of, clock=self.clock)
        if self.faq_panel is not None:
            self.faq_panel.set_figure_source(lambda name: self.figure_library().get(name))

    def figure_library(self):  # noqa: ANN201 - a FigureLibrary
        """The built-in figures and the user's (made when first needed: no file is read before)."""
        if self.figures is None:
            from coach.core.routines.figure_library import FigureLibrary

            self.figures = FigureLibrary(user_dir=self.data_dir.root / "figures")
        return self.figures

    def figure_of(self, exercise):  # noqa: ANN001, ANN201 - an Exercise; a Figure or None
        """An exercise's figure, its file read when first shown (a broken one is None)."""
        self.figure_library()
        told = len(self.figures.problems)
        figure = self.figures.for_exercise(exercise)
        if len(self.figures.problems) > told:  # a figure file read just now has problems: say so once
            problems = list(self.figures.problems.values())[-1]
            self.tell(f"{problems[0]} (the exercise is shown without its figure)" if figure is None
                      else str(problems[0]))
        return figure

    def _on_events(self, events: list) -> None:
        if self.cues is not None:
            self.cues.handle(events)  # never waits: see coach/gui/cues.py

    def _announce(self, events: list) -> None:
        """Tells a screen reader what the voice says, when it says it (and the 3, 2, 1 ticks)."""
        from coach.gui.accessible import announce, words_heard

        where = self.floor if self.in_floor_mode else self.player
        for event in events:
            announce(where, words_heard(event))

    def _on_ended(self, record) -> None:
        from PySide6.QtWidgets import QMessageBox

        driver, self.driver = self.driver, None
        self.workout = None
        if self.stop_question is not None:
            self.stop_question.done(QMessageBox.StandardButton.No)
        if self.in_floor_mode:
            self.leave_floor_mode()
        if self.faq_panel is not None:
            self.faq_panel.show_exercise(None)
        driver.shutdown()
        driver.deleteLater()
        # A resumed session is summed up whole, as the history counts it.
        self.summary.show_record(record, self.recorder.totals() if self.recorder is not None else None)
        self.pages.setCurrentWidget(self.summary)
        self.summary.back.setFocus()
        self._update_actions()
        self.workout_ended.emit(record)
        self._check_history_writes()
        self._ask_checkin_after(record)

    def command(self, name: str) -> None:
        if self.driver is not None:
            self.driver.command(name)

    def escape(self) -> None:
        """Esc leaves floor mode first; otherwise it asks whether to stop the workout."""
        if self.in_floor_mode:
            self.leave_floor_mode()
        elif self.workout is not None:
            self.ask_stop()

    def ask_stop(self) -> QMessageBox:
        """Asks before stopping; answered through the returned box (never a blocking exec).

        The workout pauses while the user thinks, as if they had pressed Space; "Keep going"
        resumes it, unless it was paused already when the question came."""
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QMessageBox

        if self.stop_question is not None:
            return self.stop_question
        self._paused_to_ask = self.driver is not None and self.driver.state() == WorkoutState.RUNNING
        if self._paused_to_ask:
            self.driver.command("pause")
        box = QMessageBox(QMessageBox.Icon.Question, "Stop the workout?",
                          "Stop this workout? What you have done so far is kept.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText("Stop workout")
        box.button(QMessageBox.StandardButton.No).setText("Keep going")
        for button in box.buttons():
            # Styles that decorate Yes/No put a green tick on "Stop workout" and a red cross on
            # "Keep going": the words say it, without icons.
            button.setIcon(QIcon())
        box.setObjectName("stop_question")
        box.finished.connect(self._stop_answered)
        self.stop_question = box
        box.open()
        return box

    def _stop_answered(self, result: int) -> None:
        from PySide6.QtWidgets import QMessageBox

        box, self.stop_question = self.stop_question, None
        if box is not None:
            box.deleteLater()
        if self.driver is None:
            return
        if result == QMessageBox.StandardButton.Yes:
            self.driver.command("stop")
        elif self._paused_to_ask and self.driver.state() == WorkoutState.PAUSED:
            self.driver.command("resume")

    def toggle_mute(self) -> None:
        if self.cues is not None:
            self.cues.set_muted(self.mute_action.isChecked())
        if self.player is not None:
            self.player.show_muted(self.mute_action.isChecked())

    def toggle_floor_mode(self) -> None:
        if self.in_floor_mode:
            self.leave_floor_mode()
        else:
            self.enter_floor_mode()

    def enter_floor_mode(self) -> None:
        if self.in_floor_mode or self.floor is None or self.workout is None:
            return
        self.in_floor_mode = True
        self._floor_restore = {"faq": self.faq_dock.isVisible(), "full": self.isFullScreen(),
                               "maximized": self.isMaximized(), "geometry": self.saveGeometry()}
        self.faq_dock.hide()
        self.menuBar().hide()
        # Its messages would squeeze the floor view; they wait there until floor mode is left.
        self.statusBar().hide()
        self.pages.setCurrentWidget(self.floor)
        self.floor_action.setChecked(True)
        screen = self.screen()
        if screen is not None:
            # Without a window manager (a kiosk, Xvfb) nobody resizes a full-screen window for us.
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.floor.setFocus()
        self._update_actions()
        self._refresh_now()

    def leave_floor_mode(self) -> None:
        if not self.in_floor_mode:
            return
        self.in_floor_mode = False
        restore = self._floor_restore
        self.menuBar().show()
        self.statusBar().show()
        self.faq_dock.setVisible(restore.get("faq", True))
        if not restore.get("full"):
            self.showMaximized() if restore.get("maximized") else self.showNormal()
            if restore.get("geometry") is not None and not restore.get("maximized"):
                self.restoreGeometry(restore["geometry"])
        self.floor_action.setChecked(False)
        if self.workout is not None and self.player is not None:
            self.pages.setCurrentWidget(self.player)
            self.player.setFocus()
        self._update_actions()
        self._refresh_now()

    def _refresh_now(self) -> None:
        if self.driver is not None:
            self.driver.refresh()

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.full_screen_action.setChecked(self.isFullScreen())

    # ----- dialogs

    def open_settings(self) -> SettingsDialog:
        voices, voice_problem, sound_problem, loading = [], "", "", False
        if self.cues is not None:
            self.cues.load_voices()  # answered later, by voices_ready: the dialog never waits
            voices = self.cues.voice_names()
            loading = self.cues.voices_loading()
            voice_problem = self.cues.voice_problem()
            sound_problem = self.cues.sound_problem()
        dialog = SettingsDialog(self.settings, voices=voices, voices_loading=loading,
                                sound_problem=sound_problem, voice_problem=voice_problem, parent=self)
        dialog.setObjectName("settings_dialog")
        dialog.save_told.connect(self.tell)  # settings that could not be written: said once
        dialog.accepted.connect(self.apply_figure_settings)
        if self.cues is not None:
            dialog.accepted.connect(lambda: self.cues.apply_settings(self.settings))
            if loading:
                self.cues.voices_ready.connect(dialog.show_voices)
                dialog.finished.connect(lambda: self.cues.voices_ready.disconnect(dialog.show_voices))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.settings_dialog = dialog
        return dialog

    def show_about(self) -> QMessageBox:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, "About Coach",
                          ABOUT_TEXT.format(version=__version__), QMessageBox.StandardButton.Ok, self)
        box.setObjectName("about")
        from coach.gui.app_icon import app_icon

        box.setIconPixmap(app_icon().pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.finished.connect(box.deleteLater)
        box.open()
        return box

    def add_to_applications_menu(self):
        """Help > Add Coach to the applications menu: ``coach desktop install``, in the background."""
        from coach.gui.menu_entry import MenuEntryInstaller

        self.add_to_menu_action.setEnabled(False)
        installer = MenuEntryInstaller(self)
        self.menu_entry_installer = installer

        def done(ok: bool, message: str) -> None:
            from PySide6.QtWidgets import QMessageBox

            self.add_to_menu_action.setEnabled(True)
            installer.deleteLater()
            box = QMessageBox(QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning,
                              "Applications menu", message, QMessageBox.StandardButton.Ok, self)
            box.setObjectName("menu_entry_result")
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.finished.connect(box.deleteLater)
            box.open()
            self.menu_entry_result = box

        installer.finished.connect(done)
        installer.start()
        return installer

    def open_routine_file(self, path, routine, problems):
        """``coach FILE``: see coach/gui/routine_file.py."""
        from coach.gui.routine_file import show_routine_file

        return show_routine_file(self, path, routine, problems)

    # ----- around a workout: suggestions, check-ins, the history, resuming

    def checkins_on(self) -> bool:
        """Check-ins are asked when there is a history to keep them, the setting is on and
        ``--no-checkin`` was not given."""
        return (self.has_history and self.checkin_allowed and not self.preview
                and bool(self.settings.get("checkin/enabled")))

    @property
    def preview(self) -> bool:
        """A ``--speed`` preview: not a workout, so not recorded and no check-ins or suggestions."""
        return self.speed != 1.0

    def request_workout(self, routine) -> None:
        """The user asked to start ``routine``: first any "more reps?" suggestion, then the
        check-in, then the workout. Every question is a non-blocking dialog (``self.question``)."""
        if self.workout is not None or self.question is not None:
            return
        if self.cues is not None:
            self.cues.prepare()  # sound and voice get ready while the questions are answered
        pending = []
        history = None if self.preview else self.ensure_history()
        if history is not None and history.enabled:
            from coach.core.history import progression

            pending = progression.suggestions_for(routine, history)
        self._ask_progression(routine, pending)

    def _ask_progression(self, routine, pending: list) -> None:
        from PySide6.QtWidgets import QMessageBox

        if not pending:
            self._ask_checkin_before(routine)
            return
        from coach.gui.checkin_dialog import progression_question

        suggestion, rest = pending[0], pending[1:]
        box = progression_question(suggestion, self)
        self.question = box

        def answered(result: int) -> None:
            self.question = None
            box.deleteLater()
            if result == QMessageBox.StandardButton.Yes:
                chosen = self.accept_progression(routine, suggestion)
            else:
                from coach.core.history import progression

                progression.decline(self.history, suggestion, self.wall_clock())
                chosen = routine
            self._ask_progression(chosen, rest)

        box.finished.connect(answered)
        box.open()

    def accept_progression(self, routine, suggestion):
        """The routine with the new reps, saved as the user's copy (the editor's safe save)."""
        from coach.core.history import progression
        from coach.core.routines.routine_writer import SaveError
        from coach.core.routines.user_routines import UserRoutineError

        changed = progression.accept(routine, [suggestion])
        entry = self.library.get(routine.id)
        replacing = entry.path if entry is not None and entry.source != "built-in" else None
        try:
            done = self.user_routines.save(changed, replacing=replacing,
                                           taken={e.id: e.path for e in self.library.entries})
        except (SaveError, UserRoutineError) as error:
            self.tell(f"{suggestion.exercise_name}: {suggestion.new_reps} reps this time; they could not "
                      f"be saved for next time ({error})")
            return changed
        self.reload_library(changed.id)
        self.tell(f"{suggestion.exercise_name}: {suggestion.new_reps} reps from now on (saved to {done.path.name}).")
        return done.routine

    def _ask_checkin_before(self, routine) -> None:
        if not self.checkins_on():
            self.start_workout(routine)
            return
        from coach.core.workout.checkin import REST_FAQ_ID
        from coach.gui.checkin_dialog import BEFORE, CheckinDialog

        rest = self.faq.get(REST_FAQ_ID) if self.faq is not None else None
        dialog = CheckinDialog(BEFORE, routine_name=routine.name, rest_answer=rest, parent=self)
        self.question = dialog

        def answered(answer) -> None:
            self.question = None
            if answer.start:
                self.start_workout(routine, pain_before=answer.pain)
            else:
                self.tell("Rest well. Nothing was recorded for today.")

        dialog.answered.connect(answered)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _start_recording(self, routine, pain_before, resume):
        """The workout to play, with the history recorder writing it (``self.recorder``, None
        without a history): ``routine`` from its start, or with ``resume`` its get-ready countdown
        and then the rest of the interrupted session, from the set that was not finished."""
        from coach.core.workout.engine import Workout
        from coach.core.history.recorder import HistoryRecorder
        from coach.core.workout.timeline import build_timeline

        self.recorder = None
        if self.preview:
            from coach.core.history.recorder import preview_notice

            self.tell(preview_notice(self.speed))
            return Workout(build_timeline(routine), self.clock)
        history = self.ensure_history()
        if resume is not None and history is not None:
            workout = Workout(resume.timeline(), self.clock)
            try:
                self.recorder = HistoryRecorder.resuming(history, resume, workout.record, self.clock,
                                                         wall_clock=self.wall_clock)
                return workout
            except ValueError:
                self.tell("That session can no longer be resumed; starting from the beginning.")
        workout = Workout(build_timeline(routine), self.clock)
        if history is not None:
            self.recorder = HistoryRecorder(history, routine, workout.record, self.clock,
                                            pain_before=pain_before, wall_clock=self.wall_clock)
        return workout

    def _ask_checkin_after(self, record) -> None:
        recorder = self.recorder
        if recorder is None or not recorder.recording or not self.checkins_on():
            self._history_changed()
            return
        from coach.gui.checkin_dialog import AFTER, CheckinDialog

        dialog = CheckinDialog(AFTER, routine_name=record.routine_name, parent=self)
        self.question = dialog

        def answered(answer) -> None:
            self.question = None
            if answer.pain is not None or answer.note:
                recorder.checkin_after(answer.pain, answer.note)
            self._history_changed()

        dialog.answered.connect(answered)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _check_history_writes(self, _events=None) -> None:
        """Says why sets wait to be written to the history (another program has it, the disk is
        full...), keeps trying them every HISTORY_RETRY_MS while they wait, and says when they
        are written. The workout never waits for the history (coach/core/history/writer.py)."""
        from PySide6.QtCore import QTimer

        history = self.history
        if history is None or not history.enabled:
            return
        writer = history.writer
        if writer.pending:
            problem = writer.problem  # None while the writes are only under way (on their thread)
            if problem is not None:
                waiting = writer.pending_sets
                sets = f"{waiting} set{'' if waiting == 1 else 's'} not in your history yet: " if waiting else ""
                self.tell(sets + problem)
                self._history_waiting = True
            if self._history_retry is None:
                self._history_retry = QTimer(self)
                self._history_retry.setInterval(HISTORY_RETRY_MS)
                self._history_retry.timeout.connect(self.retry_history_writes)
            if not self._history_retry.isActive():
                self._history_retry.start()
            return
        if self._history_retry is not None:
            self._history_retry.stop()
        if self._history_waiting:
            self._history_waiting = False
            # Not through tell(): this can happen again, and must be said each time.
            self.statusBar().showMessage("Everything that waited is now written to your history.")
            self._history_changed()

    def retry_history_writes(self) -> None:
        """The timer's slot: write what waits for the history, then say how it stands."""
        if self.history is not None and self.history.enabled and self.history.writer.pending:
            self.history.writer.retry()
        self._check_history_writes()

    def _history_changed(self) -> None:
        if self.history_page is not None:
            self.history_page.refresh()

    def offer_resume(self, now: float | None = None) -> QMessageBox | None:
        """At start-up: offers to go on with a session interrupted less than 12 hours ago."""
        from PySide6.QtWidgets import QMessageBox

        from coach.core.history.writer import HistoryNotAnswering, not_answering_text

        if not self.has_history or self.workout is not None or self.question is not None:
            return None
        history = self.ensure_history()
        now = self.wall_clock() if now is None else now
        try:
            point = history.interrupted_session_to_resume(now)
            if point is None:
                history.settle_resume_hint(now)  # nothing to offer: the next start-up need not ask
                return None
        except HistoryNotAnswering as error:
            self.tell(not_answering_text(error.seconds))
            return None
        from coach.gui.checkin_dialog import resume_question

        box = resume_question(point, self.tz, self)
        self.question = box

        def answered(result: int) -> None:
            self.question = None
            box.deleteLater()
            if result == QMessageBox.StandardButton.Yes:
                self.library_view.select_routine(point.routine.id)
                self.start_workout(point.routine, resume=point)
            else:
                self.history.decline_resume(point.session.id, self.wall_clock())

        box.finished.connect(answered)
        box.open()
        return box

    def show_history(self) -> None:
        """View → History: the sessions, streaks and charts (built on first use)."""
        if not self.has_history or self.workout is not None or self.editor is not None:
            return
        self.ensure_history()
        if self.history_page is None:
            self._make_history_page()
        else:
            self.history_page.refresh()
        self.pages.setCurrentWidget(self.history_page)
        self._update_actions()
        self.history_page.back.setFocus()

    def _make_history_page(self) -> None:
        from coach.gui.history_page import HistoryPage  # SQLite and the charts: not needed to start

        self.history_page = HistoryPage(self.history, tz=self.tz, now=self.wall_clock)
        self.history_page.back_requested.connect(self.show_library)
        self.history_page.told.connect(self.statusBar().showMessage)
        self.pages.addWidget(self.history_page)

    # ----- the user's routines: the Routine menu, the editor, files changed by hand, drops

    def _make_routine_editing(self, data_dir: DataDir) -> None:
        from coach.gui.routine_watcher import LibrarySync

        faq_ids = set(self.faq.ids()) if self.faq is not None else None
        self._user_routines = None
        self.editor = None
        self._routine_actions = None
        self.library_sync = LibrarySync(self.library, data_dir.routines, faq_ids=faq_ids, parent=self)
        self.library_sync.library_changed.connect(self.set_library)
        self.routine_view.command_requested.connect(self.routine_command)
        self.setAcceptDrops(True)

    @property
    def user_routines(self):
        """Saves the user's routines (built on first use: the routine writer is not needed to
        show the window, and importing it at startup made the window come up later)."""
        if self._user_routines is None:
            from coach.core.routines.user_routines import UserRoutines

            faq_ids = set(self.faq.ids()) if self.faq is not None else None
            self._user_routines = UserRoutines(self.data_dir.routines, faq_ids)
        return self._user_routines

    @property
    def routine_actions(self):
        """The routine commands with their questions (built on first use: startup stays light)."""
        if self._routine_actions is None:
            from coach.gui.editor.actions import RoutineActions

            acts = self._routine_actions = RoutineActions(self.user_routines, lambda: self.library, self)
            acts.edit_requested.connect(self.open_editor)
            acts.changed.connect(self.reload_library)
            acts.failed.connect(self.show_routine_failure)
            acts.told.connect(self.statusBar().showMessage)
        return self._routine_actions

    def _make_routine_menu(self) -> QMenu:
        menu = QMenu("&Routine", self)
        menu.setObjectName("routine_menu")
        # No bare Delete key: deleting a routine is rare and must never come from a stray key.
        for attr, text, keys, slot, name in (
            ("edit_routine_action", "&Edit / customize…", ["Ctrl+E"], lambda: self.routine_command("customize"), "edit_routine"),
            ("duplicate_routine_action", "&Duplicate", [], lambda: self.routine_command("duplicate"), "duplicate_routine"),
            ("new_routine_action", "&New routine", ["Ctrl+N"], lambda: self.routine_actions.new_routine(), "new_routine"),
            ("reset_routine_action", "&Reset to built-in…", [], lambda: self.routine_command("reset"), "reset_routine"),
            ("delete_routine_action", "De&lete…", [], lambda: self.routine_command("delete"), "delete_routine"),
            (None, None, None, None, None),
            ("import_routines_action", "&Import…", ["Ctrl+I"], lambda: self.routine_actions.import_files(), "import_routines"),
            ("export_routine_action", "E&xport…", [], lambda: self.routine_command("export"), "export_routine"),
        ):
            if attr is None:
                menu.addSeparator()
                continue
            action = self._action(text, keys, slot, name=name)
            setattr(self, attr, action)
            menu.addAction(action)
        return menu

    def routine_command(self, name: str) -> None:
        """Runs a Routine menu command on the routine selected in the library."""
        entry = self.library_view.current_entry()
        if entry is None or self.pages.currentWidget() is not self.browse:
            return
        acts = self.routine_actions
        {"customize": acts.customize, "duplicate": acts.duplicate, "reset": acts.reset_to_builtin,
         "delete": acts.delete, "export": acts.export}[name](entry)

    def show_routine_failure(self, message: str) -> QMessageBox:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, "Coach", message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("routine_failure")
        box.setTextFormat(Qt.TextFormat.PlainText)  # names and paths are the user's, never markup
        box.finished.connect(box.deleteLater)
        box.open()
        return box

    def set_library(self, library) -> None:
        """Shows a reloaded library, keeping the routine that was selected (when it is still there)."""
        from coach.gui.routine_file import opened_file_selected, select_opened_file, with_opened_file

        selected = self.library_view.current_entry()
        on_opened = opened_file_selected(self)
        asked = getattr(self, "_select_after_reload", None)
        wanted = asked or (selected.routine.id if selected else None)
        self._select_after_reload = None
        self.library = library
        self.library_sync.library = library
        # A file opened with `coach FILE` is listed too (coach/gui/routine_file.py), not kept in self.library.
        self.library_view.set_library(with_opened_file(library, self.opened_file))
        if on_opened and asked is None:
            select_opened_file(self)
        elif wanted is not None:
            self.library_view.select_routine(wanted)
        entry = self.library_view.current_entry()
        if entry is not None:
            self.show_entry(entry)
        elif self.library_view.list.currentItem() is None:
            self.routine_view.show_nothing()
        self._update_actions()

    def reload_library(self, select: str | None = None) -> None:
        self._select_after_reload = select
        self.library_sync.reload()

    def open_editor(self, routine, path) -> None:
        from coach.gui.editor import RoutineEditor

        if not self.close_editor(back_to_library=False):
            return
        choices = [(e.id, e.question) for e in self.faq.entries] if self.faq is not None else []
        self.editor = RoutineEditor(routine, self.user_routines, source=path, faq_choices=choices,
                                    taken=lambda: {e.id: e.path for e in self.library.entries},
                                    figures=self.figure_library(), clock=self.clock)
        self.editor.ex_figure.set_animate(self.settings.get("figures/animate"))
        self.editor.setObjectName("routine_editor")
        self.editor.saved.connect(lambda done: self.reload_library(done.routine.id))
        self.editor.close_requested.connect(self.close_editor)
        self.library_sync.editor = self.editor
        self.pages.addWidget(self.editor)
        self.pages.setCurrentWidget(self.editor)
        self.library_view.select_routine(routine.id)
        self._update_actions()
        self.editor.setFocus()

    def close_editor(self, back_to_library: bool = True) -> bool:
        """True when the editor is closed (or was not open); False when the user cancelled."""
        if self.editor is None:
            return True
        if not self.editor.confirm_close():
            return False
        editor, self.editor = self.editor, None
        self.library_sync.editor = None
        self.pages.removeWidget(editor)
        editor.hide()
        editor.deleteLater()
        if back_to_library:
            self.show_library()
        return True

    def dragEnterEvent(self, event) -> None:
        from coach.gui.editor.actions import yaml_paths

        if self.pages.currentWidget() is self.browse and yaml_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        from coach.gui.editor.actions import yaml_paths

        paths = yaml_paths(event.mimeData())
        if paths and self.pages.currentWidget() is self.browse:
            event.acceptProposedAction()
            self.routine_actions.import_files(paths)

    # ----- remembering the layout

    def _restore_layout(self) -> bool:
        """Puts the window and its panels as they were; False when there was nothing to restore."""
        geometry, state = self.settings.window_state()
        restored = geometry is not None and self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        return restored

    def save_layout(self) -> None:
        if self.in_floor_mode:
            self.leave_floor_mode()
        self.narrow_layout.docked_state()  # the FAQ as the user had it, not as it gave way
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_editor():
            event.ignore()
            return
        if self.driver is not None:
            from coach.core.workout.record import OUTCOME_INTERRUPTED

            # Closing the window mid-workout keeps what was done, marked as interrupted.
            driver = self.driver
            driver.ended.disconnect(self._on_ended)
            if not self.workout.is_over:
                driver._run(lambda: self.workout.stop(OUTCOME_INTERRUPTED))
            driver.shutdown()
            self.workout_ended.emit(self.workout.record)
        self.save_layout()
        if self.cues is not None:
            self.cues.shutdown()  # a voice process stuck in its engine must not outlive Coach
        super().closeEvent(event)
