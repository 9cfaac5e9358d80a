"""The main window: composes the pages (the library, the player, floor mode, the summary, the
history, the editor), the menus and the FAQ dock.

What happens around a workout (the questions before and after it, playing it, the stop question,
floor mode, recording) is the ``WorkoutSession``'s (coach/gui/workout_session.py); the window
shows what it emits. Pages and helpers not needed to show the library are built on first use,
each imported where it is built: together they would add about 200 ms of imports (SQLite, the
engine, the editor) before the first paint (measured with ``python -X importtime``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QDockWidget, QLabel, QMainWindow, QMenu, QMessageBox, QSplitter, QStackedWidget, QWidget,
)

from coach import __version__
from coach.core.faq.entries import exercise_key
from coach.core.files.paths import DataDir
from coach.gui import focus_ring
from coach.gui.app_icon import app_icon
from coach.gui.faq_panel import FaqDock, FaqPanel
from coach.gui.library_view import LibraryView
from coach.gui.menu_entry import MenuEntryInstaller
from coach.gui.history_writes import write_off_the_window
from coach.gui.routine_file import (
    opened_file_selected, select_opened_file, show_routine_file, watched_by_coach, with_opened_file, yaml_paths,
)
from coach.gui.routine_view import RoutineView
from coach.gui.routine_watcher import LibrarySync
from coach.gui.services import Services
from coach.gui.settings import Settings, SettingsDialog
from coach.gui.start_when_shown import start_when_shown
from coach.gui.status_bar import WrappingStatusBar
from coach.gui.window_size import NarrowLayout, fit_to_screen
from coach.gui.words import NEXT_TIP, PREVIOUS_TIP

if TYPE_CHECKING:
    from coach.gui.closing import LastWrites
    from coach.gui.editor import RoutineEditor
    from coach.gui.editor.actions import RoutineActions
    from coach.gui.floor_mode import FloorView
    from coach.gui.history_page import HistoryPage
    from coach.gui.player import PlayerView
    from coach.gui.summary import SummaryView
    from coach.gui.workout_pages import WorkoutPages
    from coach.gui.workout_session import WorkoutSession

ABOUT_TEXT = (
    "<h3>Coach {version}</h3>"
    "<p>A desktop exercise coach for runners with a sore lower back.</p>"
    "<p>General information, not medical advice: stop on sharp pain, and see a professional for "
    "pain spreading down a leg, numbness or weakness, or pain that keeps getting worse.</p>"
)


class MainWindow(QMainWindow):
    """Browse routines, play one, see the summary; the FAQ stays docked on the right.

    Signals for what comes around a workout (the app listens to them):
    ``workout_started(routine, driver)`` just before the first events, so a listener can connect
    to ``driver.events_handled`` and miss nothing; ``workout_ended(record)`` when it has ended
    (finished, stopped, or interrupted by closing the window).
    """

    workout_started = Signal(object, object)
    workout_ended = Signal(object)
    #: The history store was opened or handed over: workouts are recorded from now on.
    history_ready = Signal(object)

    def __init__(self, data_dir: DataDir, library, settings: Settings | None = None, *,
                 faq=None, services: Services | None = None) -> None:
        super().__init__()
        self.setStatusBar(WrappingStatusBar(self))  # a long message wraps, never cut
        self.data_dir = data_dir
        self.library = library
        self.settings = settings if settings is not None else Settings(data_dir.settings_file)
        self.faq = faq
        self.services = services if services is not None else Services()
        #: Figures of the exercises (coach.core.routines.figure_library), read when first shown.
        self.figures = None
        self._session: WorkoutSession | None = None
        #: The offer to import a file opened with `coach FILE` while it is open (coach/gui/routine_file.py).
        self.file_question: QMessageBox | None = None
        #: A routine file opened with `coach FILE` and not imported (coach/gui/routine_file.py).
        self.opened_file = None
        self.history_page: HistoryPage | None = None
        self.editor: RoutineEditor | None = None
        self._user_routines = None
        self._routine_actions: RoutineActions | None = None
        #: The routine to select when the library has been read again (reload_library).
        self._select_after_reload: str | None = None
        self._floor_restore: dict = {}
        #: What the user was told (a damaged settings file, no sound...), each once, in order.
        self.notices: list[str] = []
        #: Closing while writes wait for the history: their last try, then what was not saved.
        self.closing: LastWrites | None = None
        #: Why there is no sound or no voice (each once): shown together, neither hides the other.
        self.cue_problems: list[str] = []
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
        # Built on the first workout, so startup stays light.
        self.workout_pages: WorkoutPages | None = None
        self.player: PlayerView | None = None
        self.floor: FloorView | None = None
        self.summary: SummaryView | None = None

        self.faq_panel: FaqPanel | None = None
        self.faq_dock = self._make_faq_dock()
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.faq_dock)
        # Tab goes library, routine, FAQ, as they are on screen (they were made in another order).
        order = [self.library_view.search, self.library_view.list, self.routine_view.scroll,
                 self.routine_view.start, *self.routine_view.command_buttons.values()]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)
        focus_ring.install(QApplication.instance())

        faq_ids = set(self.faq.ids()) if self.faq is not None else None
        self.library_sync = LibrarySync(self.library, data_dir.routines, faq_ids=faq_ids, parent=self)
        self.library_sync.library_changed.connect(self.set_library)
        self.routine_view.command_requested.connect(self.routine_command)
        self.setAcceptDrops(True)
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
        self.services.cues_made = self._cues_made
        if self.services.cues is not None:
            self._cues_made(self.services.cues)
        if self.settings.problem:
            self.tell(self.settings.problem)
        if self.services.event_log is not None:
            self.services.event_log.on_failure = self.tell  # said once; the workout plays on without the log
        self.services.history.opened = self._history_opened
        if self.services.history.store is not None:
            self._history_opened(self.services.history.store)

    # ----- what the window holds

    @property
    def session(self) -> WorkoutSession:
        """The chain around the workouts played in this window (built on first use)."""
        if self._session is None:
            from coach.gui.workout_session import WorkoutSession

            session = self._session = WorkoutSession(self.services, self.settings, faq=self.faq,
                                                     keep_routine=self.keep_more_reps,
                                                     dialog_parent=self, start_when_shown=self._start_when_shown,
                                                     parent=self)
            session.started.connect(self._workout_started)
            session.exercise_changed.connect(self._show_exercise_answers)
            session.floor_mode_changed.connect(self._lay_out_floor_mode)
            session.ended.connect(self._workout_ended)
            session.interrupted.connect(self.workout_ended)
            session.resuming.connect(lambda routine: self.library_view.select_routine(routine.id))
            session.changed.connect(self._update_actions)
            session.told.connect(self.tell)
            session.said.connect(self.statusBar().showMessage)
            session.history_changed.connect(self._history_changed)
        return self._session

    @property
    def playing(self) -> bool:
        """A workout is being played (from its start to its end, whatever page shows it)."""
        return self._session is not None and self._session.playing

    @property
    def in_floor_mode(self) -> bool:
        return self._session is not None and self._session.floor_mode

    @property
    def question(self):
        """The question the window asks now (before or after a workout, the offer to resume or
        to import an opened file), or None."""
        if self._session is not None and self._session.question is not None:
            return self._session.question
        return self.file_question

    @property
    def history(self):
        """The history store (None: not opened yet, or this window keeps none)."""
        return self.services.history.store

    def _history_opened(self, history) -> None:
        # Its writes go on a thread of their own: a disk that hangs never freezes the window.
        write_off_the_window(history, self._history_writes_changed, self)
        if history.notice:
            self.tell(history.notice)  # the history file was moved aside: where it is now
        if not history.enabled:
            reason = history.off_reason or "history is off"
            self.tell(f"{reason[0].upper()}{reason[1:]}; workouts will not be recorded.")
        self._update_actions()
        self.history_ready.emit(history)

    def _history_writes_changed(self) -> None:
        if self.closing is not None:  # the workout is over: only the last try listens now
            self.closing.changed()
            return
        if self._session is not None:  # only a workout's session writes to the history
            self._session.check_history_writes()

    def tell(self, message: str) -> None:
        """Tells the user something they should know, once, in the status bar (plain text)."""
        if message in self.notices:
            return
        self.notices.append(message)
        self.statusBar().showMessage(message)

    def _cues_made(self, cues) -> None:
        """The sound and voice player, made with the window or after it (Services.ensure_cues)."""
        cues.problem_found.connect(self.tell_cue_problem)
        if self.mute_action.isChecked():
            cues.set_muted(True)  # muted before they came

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
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even when the menu bar is hidden (floor mode)
        return action

    def _make_actions(self) -> None:
        K = QKeySequence.StandardKey
        # Ctrl+, first: the menu shows the first shortcut, and Preferences has none on most desktops.
        preferences = QKeySequence(K.Preferences)
        settings_keys = ["Ctrl+,"] + ([preferences] if preferences not in (QKeySequence(), QKeySequence("Ctrl+,")) else [])
        self.settings_action = self._action("&Settings…", settings_keys, self.open_settings, name="settings")
        self.quit_action = self._action("&Quit", ["Ctrl+Q"], self.close, name="quit")
        self.start_action = self._action("&Start workout", ["Return", "Enter"], self._start_current, name="start")
        self.pause_action = self._action("&Pause / resume", ["Space"], lambda: self.session.command("toggle_pause"),
                                         name="pause")
        self.next_action = self._action("&Next", ["Right"], lambda: self.session.command("next"), name="next")
        self.previous_action = self._action("P&revious", ["Left"], lambda: self.session.command("previous"),
                                            name="previous")
        self.next_action.setStatusTip(NEXT_TIP)
        self.previous_action.setStatusTip(PREVIOUS_TIP)
        self.done_action = self._action("&Done (end this set)", ["Return", "Enter"], lambda: self.session.command("done"),
                                        name="done")
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

    def _make_routine_menu(self) -> QMenu:
        menu = QMenu("&Routine", self)
        menu.setObjectName("routine_menu")
        # No bare Delete key: deleting a routine is rare and must never come from a stray key.
        self.edit_routine_action = self._action("&Edit / customize…", ["Ctrl+E"], lambda: self.routine_command("customize"),
                                                name="edit_routine")
        self.duplicate_routine_action = self._action("&Duplicate", [], lambda: self.routine_command("duplicate"),
                                                     name="duplicate_routine")
        self.new_routine_action = self._action("&New routine", ["Ctrl+N"], lambda: self.routine_actions.new_routine(),
                                               name="new_routine")
        self.reset_routine_action = self._action("&Reset to built-in…", [], lambda: self.routine_command("reset"),
                                                 name="reset_routine")
        self.delete_routine_action = self._action("De&lete…", [], lambda: self.routine_command("delete"),
                                                  name="delete_routine")
        self.import_routines_action = self._action("&Import…", ["Ctrl+I"], lambda: self.routine_actions.import_files(),
                                                   name="import_routines")
        self.export_routine_action = self._action("E&xport…", [], lambda: self.routine_command("export"),
                                                  name="export_routine")
        for action in (self.edit_routine_action, self.duplicate_routine_action, self.new_routine_action,
                       self.reset_routine_action, self.delete_routine_action, None, self.import_routines_action,
                       self.export_routine_action):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        return menu

    def _update_actions(self) -> None:
        # The workout's keys follow the workout, not the page that shows it (the player or floor
        # mode): from its start to its end, whatever is shown.
        playing = self.playing
        browsing = self.pages.currentWidget() is self.browse
        self.start_action.setEnabled(browsing and self.routine_view.routine is not None)
        for action in (self.pause_action, self.next_action, self.previous_action, self.stop_action,
                       self.floor_action):
            action.setEnabled(playing)
        self.done_action.setEnabled(playing and self.session.waiting_for_done)
        self.history_action.setEnabled(self.services.history.available and not playing and self.editor is None)
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

    # ----- browsing

    def show_entry(self, entry) -> None:
        self.routine_view.show_routine(entry.routine, entry.source, self.library_view.warnings_for(entry))
        self._update_actions()

    def show_broken_file(self, file: str, problems: list) -> None:
        self.routine_view.show_problems(file, problems, watched=watched_by_coach(self, file))
        self._update_actions()

    def show_routine_with_exercise(self, exercise_name: str) -> None:
        """A routine containing the exercise (an answer's "Related exercises" button), scrolled to
        the exercise and with it highlighted; names compare as the FAQ links them (case ignored)."""
        if self.playing or not self.close_editor():
            return
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

    # ----- the workout: the session's chain, shown on the player, floor mode and summary pages

    def request_workout(self, routine) -> None:
        """The user asked to start ``routine`` (the session asks its questions first)."""
        if self.file_question is None:
            self.session.request_workout(routine)

    def offer_resume(self, now: float | None = None) -> QMessageBox | None:
        """At start-up: offers to go on with a session interrupted less than 12 hours ago."""
        if self.file_question is not None or not self.services.history.available:
            return None
        return self.session.offer_resume(now)

    def _workout_started(self, routine, driver) -> None:
        if self.workout_pages is None:
            from coach.gui.workout_pages import WorkoutPages

            pages = self.workout_pages = WorkoutPages(self.session, self.services, self.figure_of, self)
            self.player, self.floor, self.summary = pages.player, pages.floor, pages.summary
            self.player.command_requested.connect(self._player_command)
            self.player.mute_toggled.connect(self.mute_action.trigger)
            self.player.floor_mode_requested.connect(lambda: self.session.set_floor_mode(True))
            self.summary.back_requested.connect(self.show_library)
            for page in pages.pages:
                self.pages.addWidget(page)
            self.apply_figure_settings()
        self.pages.setCurrentWidget(self.player)
        self.player.setFocus()
        self.workout_started.emit(routine, driver)

    def _start_when_shown(self, start) -> None:
        """The workout's first state painted on the page that shows it, then ``start`` (its clock)."""
        start_when_shown(self.workout_pages.shown, start)

    def _player_command(self, name: str) -> None:
        if name == "stop":
            self.session.ask_stop()
        else:
            self.session.command(name)
        # Keep the keys (Space, arrows) with the player, not with the button just clicked.
        self.workout_pages.shown.setFocus()

    def _show_exercise_answers(self, exercise: str | None, linked: tuple, coming: bool = False) -> None:
        """The answers naming the exercise, and those the routine links to it with `faq:` (``coming``:
        the exercise comes next, after get ready or a rest)."""
        if self.faq_panel is not None:
            self.faq_panel.show_exercise(exercise, linked, coming=coming)

    def apply_figure_settings(self) -> None:
        """The "Animate figures" setting, on every figure of the window (at once, mid-workout too)."""
        animate = self.settings.get("figures/animate")
        if self.workout_pages is not None:
            self.workout_pages.animate_figures(animate)
        self.routine_view.set_animate(animate)
        if self.editor is not None:
            self.editor.ex_figure.set_animate(animate)

    def show_figures(self) -> None:
        """From now on the routine view draws each exercise's figure (called after the window's
        first paint and its start-up work: reading figure files never delays the start)."""
        self.routine_view.set_animate(self.settings.get("figures/animate"))
        self.routine_view.set_figure_source(self.figure_of, clock=self.services.clock)
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

    def _workout_ended(self, record, totals) -> None:
        self.workout_pages.show_summary(record, totals)
        self.pages.setCurrentWidget(self.summary)
        self.summary.back.setFocus()
        self._update_actions()
        self.workout_ended.emit(record)

    def escape(self) -> None:
        """Esc leaves floor mode first; otherwise it asks whether to stop the workout."""
        if self.in_floor_mode:
            self.session.set_floor_mode(False)
        elif self.playing:
            self.session.ask_stop()

    def toggle_mute(self) -> None:
        if self.services.cues is not None:
            self.services.cues.set_muted(self.mute_action.isChecked())
        if self.player is not None:
            self.player.show_muted(self.mute_action.isChecked())

    def toggle_floor_mode(self) -> None:
        self.session.set_floor_mode(not self.in_floor_mode)

    def _lay_out_floor_mode(self, on: bool) -> None:
        """Floor mode fills the screen with the floor view; leaving it puts the window back."""
        if on:
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
        else:
            restore = self._floor_restore
            self.menuBar().show()
            self.statusBar().show()
            self.faq_dock.setVisible(restore.get("faq", True))
            if not restore.get("full"):
                self.showMaximized() if restore.get("maximized") else self.showNormal()
                if restore.get("geometry") is not None and not restore.get("maximized"):
                    self.restoreGeometry(restore["geometry"])
            self.floor_action.setChecked(False)
            if self.playing:
                self.pages.setCurrentWidget(self.player)
                self.player.setFocus()
        self._update_actions()

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.full_screen_action.setChecked(self.isFullScreen())

    # ----- dialogs

    def open_settings(self) -> SettingsDialog:
        cues = self.services.ensure_cues()
        voices, voice_problem, sound_problem, loading = [], "", "", False
        if cues is not None:
            cues.load_voices()  # answered later, by voices_ready: the dialog never waits
            voices = cues.voice_names()
            loading = cues.voices_loading()
            voice_problem = cues.voice_problem()
            sound_problem = cues.sound_problem()
        dialog = SettingsDialog(self.settings, voices=voices, voices_loading=loading,
                                sound_problem=sound_problem, voice_problem=voice_problem, parent=self)
        dialog.setObjectName("settings_dialog")
        dialog.save_told.connect(self.tell)  # settings that could not be written: said once
        dialog.accepted.connect(self.apply_figure_settings)
        if cues is not None:
            dialog.accepted.connect(lambda: cues.apply_settings(self.settings))
            if loading:
                cues.voices_ready.connect(dialog.show_voices)
                dialog.finished.connect(lambda: cues.voices_ready.disconnect(dialog.show_voices))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.settings_dialog = dialog
        return dialog

    def show_about(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Information, "About Coach",
                          ABOUT_TEXT.format(version=__version__), QMessageBox.StandardButton.Ok, self)
        box.setObjectName("about")
        box.setIconPixmap(app_icon().pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.finished.connect(box.deleteLater)
        box.open()
        return box

    def add_to_applications_menu(self) -> MenuEntryInstaller:
        """Help > Add Coach to the applications menu: ``coach desktop install``, in the background."""
        self.add_to_menu_action.setEnabled(False)
        installer = MenuEntryInstaller(self)
        self.menu_entry_installer = installer

        def done(ok: bool, message: str) -> None:
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

    def open_routine_file(self, path, routine, problems) -> QMessageBox | None:
        """``coach FILE``: see coach/gui/routine_file.py."""
        return show_routine_file(self, path, routine, problems)

    # ----- the history page

    def show_history(self) -> None:
        """View → History: the sessions, streaks and charts (built on first use)."""
        if not self.services.history.available or self.playing or self.editor is not None:
            return
        history = self.services.history.get()
        if self.history_page is None:
            from coach.gui.history_page import HistoryPage

            self.history_page = HistoryPage(history, tz=self.services.tz, now=self.services.wall_clock)
            self.history_page.back_requested.connect(self.show_library)
            self.history_page.told.connect(self.statusBar().showMessage)
            self.pages.addWidget(self.history_page)
        else:
            self.history_page.refresh()
        self.pages.setCurrentWidget(self.history_page)
        self._update_actions()
        self.history_page.back.setFocus()

    def _history_changed(self) -> None:
        if self.history_page is not None:
            self.history_page.refresh()

    # ----- the user's routines: the Routine menu, the editor, files changed by hand, drops

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
    def routine_actions(self) -> RoutineActions:
        """The routine commands with their questions (built on first use: startup stays light)."""
        if self._routine_actions is None:
            from coach.gui.editor.actions import RoutineActions

            acts = self._routine_actions = RoutineActions(self.user_routines, lambda: self.library, self)
            acts.edit_requested.connect(self.open_editor)
            acts.changed.connect(self.reload_library)
            acts.failed.connect(self.show_routine_failure)
            acts.told.connect(self.statusBar().showMessage)
        return self._routine_actions

    def keep_more_reps(self, changed, suggestion):
        """A routine with a suggestion's new reps (``changed``), kept as the user's copy; returns
        the routine to play."""
        done, message = self.routine_actions.keep_more_reps(changed, suggestion)
        self.tell(message)
        if done is None:
            return changed
        self.reload_library(changed.id)
        return done.routine

    def routine_command(self, name: str) -> None:
        """Runs a Routine menu command on the routine selected in the library."""
        entry = self.library_view.current_entry()
        if entry is None or self.pages.currentWidget() is not self.browse:
            return
        acts = self.routine_actions
        {"customize": acts.customize, "duplicate": acts.duplicate, "reset": acts.reset_to_builtin,
         "delete": acts.delete, "export": acts.export}[name](entry)

    def show_routine_failure(self, message: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, "Coach", message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("routine_failure")
        box.setTextFormat(Qt.TextFormat.PlainText)  # names and paths are the user's, never markup
        box.finished.connect(box.deleteLater)
        box.open()
        return box

    def set_library(self, library) -> None:
        """Shows a reloaded library, keeping the routine that was selected (when it is still there)."""
        selected = self.library_view.current_entry()
        on_opened = opened_file_selected(self)
        asked = self._select_after_reload
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
                                    figures=self.figure_library(), clock=self.services.clock)
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
        if self.pages.currentWidget() is self.browse and yaml_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
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
            self.session.set_floor_mode(False)
        self.narrow_layout.docked_state()  # the FAQ as the user had it, not as it gave way
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.closing is not None:
            if not self.closing.done:  # the history's last try, or the message saying what it lost
                event.ignore()
                return
            super().closeEvent(event)
            return
        if not self.close_editor():
            event.ignore()
            return
        if self.playing:
            self.session.interrupt()  # closing mid-workout keeps what was done, as interrupted
        self.save_layout()
        if self.services.cues is not None:
            self.services.cues.shutdown()  # a voice process stuck in its engine must not outlive Coach
        from coach.gui.closing import LastWrites

        if LastWrites.needed(self.history):  # writes still wait: the window says what it could not save
            self.closing = LastWrites(self.history, self)
            self.closing.over.connect(self.close)
            self.closing.start()
            if not self.closing.done:
                event.ignore()
                return
        super().closeEvent(event)
