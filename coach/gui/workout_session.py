"""The chain around a workout in the window: the "more reps?" suggestions, the check-in before,
starting or resuming, the stop question, floor mode, the end, the check-in after, and recording.

What comes after what is ``SessionFlow``'s (coach/core/workout/session_flow.py, without Qt); this
QObject asks the questions (non-blocking dialogs), plays the workout through a ``WorkoutDriver``,
records it, and emits what the views show. The main window lays the views out; it never touches
the driver, the workout or the recorder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QWidget

from coach.core.history import progression
from coach.core.history.recorder import ALL_WRITTEN, preview_notice, waiting_text, workout_to_play
from coach.core.history.writer import HistoryNotAnswering, not_answering_text
from coach.core.workout.checkin import REST_FAQ_ID
from coach.core.workout.kinds import WorkoutState
from coach.core.workout.presentation import Display, exercise_in_mind
from coach.core.workout.session_flow import (
    AskCheckinAfter, AskCheckinBefore, AskResume, AskSuggestion, Idle, Play, Rest, SessionFlow, StopQuestion,
)
from coach.gui.checkin_dialog import AFTER, BEFORE, CheckinDialog, progression_question, resume_question
from coach.gui.cue_messages import GETTING_VOICE_READY, VOICE_NOT_READY_IN_TIME
from coach.gui.driver import WorkoutDriver
from coach.gui.services import Services
from coach.gui.settings import Settings
from coach.gui.voice_wait import TIME_LIMIT, WAIT_LIMIT_S, VoiceWait

#: How often writes waiting for the history are tried again (milliseconds).
HISTORY_RETRY_MS = 2000


class WorkoutSession(QObject):
    """One per window, for every workout played in it, one after another.

    ``request_workout(routine)`` goes through the questions before a workout and plays it;
    ``start_workout`` plays at once; ``offer_resume`` offers an interrupted session. While it
    plays: ``command`` (the engine's commands by name), ``ask_stop``, ``set_floor_mode``.
    """

    #: A workout starts (routine, driver), just before its first events: a listener can connect
    #: to ``driver.events_handled`` and miss nothing.
    started = Signal(object, object)
    #: What the player (or floor mode) shows now: the Display, and the Snapshot it was made from.
    showing = Signal(object, object)
    #: The bars moved between two of those: how far the part and the whole workout are (0..1).
    progressing = Signal(float, float)
    #: Each list of events of the workout, as it happens (the cues are played already).
    events = Signal(list)
    #: The exercise the user has in mind (its name, the FAQ ids the routine links to it, and True
    #: when it is the next one, during get ready or a rest before it); None when there is none.
    exercise_changed = Signal(object, tuple, bool)
    #: Floor mode on or off (the window lays it out).
    floor_mode_changed = Signal(bool)
    #: The workout has ended (finished, stopped): its record, and what the summary counts (the
    #: whole session when it was resumed; None: the record's own).
    ended = Signal(object, object)
    #: The workout ended because the window closes: its record (kept as interrupted).
    interrupted = Signal(object)
    #: A resumed session's routine: the library shows it.
    resuming = Signal(object)
    #: What the window's actions depend on changed (a workout plays or not, a set at one's own pace).
    changed = Signal()
    #: Something the user should know (said once: the window's ``tell``).
    told = Signal(str)
    #: A status message said each time it happens.
    said = Signal(str)
    #: The history has something new to show (a workout recorded, a check-in, writes that waited).
    history_changed = Signal()

    def __init__(self, services: Services, settings: Settings, *, faq=None,
                 keep_routine: Callable[[object, object], object] | None = None,
                 dialog_parent: QWidget | None = None,
                 start_when_shown: Callable[[Callable[[], None]], None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: Shows the workout's first state on screen, then starts its clock (the callable it is
        #: given): the window paints first (coach/gui/start_when_shown.py); without one, at once.
        self.start_when_shown = start_when_shown or (lambda start: start())
        self.services = services
        self.settings = settings
        self.faq = faq
        #: Keeps a routine with a suggestion's new reps (routine, suggestion) for next time (the
        #: window saves it as the user's copy); returns the routine to play.
        self.keep_routine = keep_routine or (lambda routine, suggestion: routine)
        self.dialog_parent = dialog_parent
        self.flow = SessionFlow()
        self.stop = StopQuestion()
        self.workout = None
        self.driver: WorkoutDriver | None = None
        #: Writes the running workout into the history (kept until the check-in after it).
        self.recorder = None
        #: The question open now (a suggestion, a check-in, the resume offer), or None.
        self.question = None
        #: "Stop the workout?" while it is open.
        self.stop_question: QMessageBox | None = None
        self.floor_mode = False
        self.waiting_for_done = False
        self._routine = None
        self._exercise_shown: object = False
        self._history_retry: QTimer | None = None
        self._history_waiting = False
        #: The workout's clock waits for the coach's voice, still loading (coach/gui/voice_wait.py);
        #: None: it does not wait.
        self.voice_wait: VoiceWait | None = None
        self.voice_wait_limit_s = WAIT_LIMIT_S

    # ----- what the window asks

    @property
    def playing(self) -> bool:
        return self.workout is not None

    @property
    def history(self):
        """The history store (None: not opened yet, or none)."""
        return self.services.history.store

    @property
    def routine(self):
        """The routine being played (or last played)."""
        return self._routine

    def checkins_on(self) -> bool:
        """Check-ins are asked when there is a history to keep them, the setting is on and
        ``--no-checkin`` was not given."""
        s = self.services
        return (s.history.available and s.checkin and not s.preview
                and bool(self.settings.get("checkin/enabled")))

    # ----- before a workout

    def request_workout(self, routine) -> None:
        """The user asked to start ``routine``: first any "more reps?" suggestion, then the
        check-in, then the workout. Every question is a non-blocking dialog (``self.question``)."""
        if self.flow.busy or self.question is not None:
            return
        cues = self.services.ensure_cues()
        if cues is not None:
            cues.prepare()  # sound and voice get ready while the questions are answered
        history = None if self.services.preview else self.services.history.get()
        suggestions = progression.suggestions_for(routine, history) if history is not None and history.enabled else []
        self._take(self.flow.request(routine, suggestions, checkins=self.checkins_on()))

    def offer_resume(self, now: float | None = None) -> QMessageBox | None:
        """At start-up: offers to go on with a session interrupted less than 12 hours ago."""
        if not self.services.history.available or self.flow.busy or self.question is not None:
            return None
        history = self.services.history.get()
        now = self.services.wall_clock() if now is None else now
        try:
            point = history.interrupted_session_to_resume(now)
            if point is None:
                history.settle_resume_hint(now)  # nothing to offer: the next start-up need not ask
                return None
        except HistoryNotAnswering as error:
            self.told.emit(not_answering_text(error.seconds))
            return None
        self._take(self.flow.offer_resume(point))
        return self.question

    def _take(self, step) -> None:
        """Does what the flow says comes next."""
        if isinstance(step, AskSuggestion):
            self._ask(progression_question(step.suggestion, self.dialog_parent), self._suggestion_answered)
        elif isinstance(step, AskCheckinBefore):
            rest = self.faq.get(REST_FAQ_ID) if self.faq is not None else None
            dialog = CheckinDialog(BEFORE, routine_name=step.routine.name, rest_answer=rest, parent=self.dialog_parent)
            self._ask_checkin(dialog, self._checkin_before_answered)
        elif isinstance(step, AskResume):
            self._ask(resume_question(step.point, self.services.tz, self.dialog_parent), self._resume_answered)
        elif isinstance(step, AskCheckinAfter):
            dialog = CheckinDialog(AFTER, routine_name=step.record.routine_name, parent=self.dialog_parent)
            self._ask_checkin(dialog, self._checkin_after_answered)
        elif isinstance(step, Play):
            self._play(step)
        elif isinstance(step, Rest):
            self.told.emit(step.message)
        elif isinstance(step, Idle):
            self.history_changed.emit()

    def _ask(self, box: QMessageBox, answered: Callable[[int], None]) -> None:
        self.question = box

        def finished(result: int) -> None:
            self.question = None
            box.deleteLater()
            answered(result)

        box.finished.connect(finished)
        box.open()

    def _ask_checkin(self, dialog: CheckinDialog, answered: Callable) -> None:
        self.question = dialog

        def finished(answer) -> None:
            self.question = None
            answered(answer)

        dialog.answered.connect(finished)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _suggestion_answered(self, result: int) -> None:
        step = self.flow.step
        if not isinstance(step, AskSuggestion):
            return  # the flow moved on meanwhile
        if result == QMessageBox.StandardButton.Yes:
            routine = self.keep_routine(progression.accept(step.routine, [step.suggestion]), step.suggestion)
        else:
            progression.decline(self.history, step.suggestion, self.services.wall_clock())
            routine = step.routine
        self._take(self.flow.suggestion_answered(routine))

    def _checkin_before_answered(self, answer) -> None:
        self._take(self.flow.checkin_before_answered(answer))

    def _resume_answered(self, result: int) -> None:
        if not isinstance(self.flow.step, AskResume):
            return  # the flow moved on meanwhile
        point = self.flow.step.point
        step = self.flow.resume_answered(result == QMessageBox.StandardButton.Yes)
        if isinstance(step, Play):
            self.resuming.emit(point.routine)
        else:
            self.history.decline_resume(point.session.id, self.services.wall_clock())
        self._take(step)

    # ----- the workout

    def start_workout(self, routine, *, pain_before: int | None = None, resume=None) -> None:
        """Plays ``routine`` now (the get-ready countdown first); with ``resume`` (a ResumePoint
        of the history), from the set where that session stopped."""
        step = self.flow.play(routine, pain_before=pain_before, resume=resume)
        if step is not None:
            self._play(step)

    def _play(self, step: Play) -> None:
        s = self.services
        if s.ensure_cues() is not None:
            s.cues.prepare()  # loaded before the clock starts, not on the first cue
        if s.preview:
            self.told.emit(preview_notice(s.speed))
            history = None
        else:
            history = s.history.get()
        played = workout_to_play(step.routine, s.clock, history, pain_before=step.pain_before,
                                 resume=step.resume, wall_clock=s.wall_clock)
        if played.notice:
            self.told.emit(played.notice)
        self.workout, self.recorder = played.workout, played.recorder
        self.driver = WorkoutDriver(self.workout, s.clock, event_log=s.event_log, sleep_check=s.sleep_check,
                                    parent=self)
        self.driver.refreshed.connect(self._show_snapshot)
        self.driver.progressed.connect(self.progressing)  # signal to signal: no Python in between
        self.driver.events_handled.connect(self._on_events)
        if self.recorder is not None:
            self.driver.events_handled.connect(self.recorder.handle)
            self.driver.events_handled.connect(self.check_history_writes)
        self.driver.ended.connect(self._on_ended)
        if s.cues is not None and s.cues.plans_ahead and s.cues.sound_on:
            # Tones written into the sound stream ahead, at their deadlines (coach/gui/tone_stream.py);
            # only with sound on: it costs a copy of the engine at each wake-up.
            self.driver.look_ahead = True
            self.driver.ahead.connect(s.cues.plan)
        if s.cues is not None:
            s.cues.follow(self.workout.timeline, self.driver.clock, s.event_log)  # what is said, and when
        self._exercise_shown = False
        self.waiting_for_done = False
        self._routine = step.routine
        self.started.emit(step.routine, self.driver)
        self.changed.emit()
        if self.settings.get("player/floor_mode_by_default"):
            self.set_floor_mode(True)
        self._start_when_the_voice_is_ready()

    def _start_when_the_voice_is_ready(self) -> None:
        """Starts the workout's clock now or, while the voice still loads, once it is ready (a few
        seconds at most; Space starts it sooner): its first sentence is then said at its cue."""
        if not VoiceWait.needed(self.services.cues):
            self._start_when_shown()
            return
        self.voice_wait = VoiceWait(self.services.cues, self.voice_wait_limit_s, clock=self.services.clock,
                                    parent=self)
        self.voice_wait.over.connect(self._voice_wait_over)
        self.refresh()  # the workout as it will start, and what it waits for

    def _voice_wait_over(self, why: str) -> None:
        if why == TIME_LIMIT:
            self.said.emit(VOICE_NOT_READY_IN_TIME.format(limit=self.voice_wait_limit_s))
        if self.stop_question is None:  # else once it is answered
            self._start_now()

    def _stop_waiting(self) -> Callable[[], None]:
        """Ends the wait; returns what writes it into the event log, after the workout's start."""
        wait, self.voice_wait = self.voice_wait, None
        if wait is None:
            return lambda: None
        wait.close()
        log, started = self.services.event_log, self.services.clock()
        if log is None:
            return lambda: None
        return lambda: log.write_line("voice_waited", wait.began, started, why=wait.why)

    def _start_now(self) -> None:
        log_the_wait = self._stop_waiting()
        self._start_when_shown(then=log_the_wait)

    def _start_when_shown(self, then: Callable[[], None] = lambda: None) -> None:
        """Shows the workout's first state and starts its clock once the window has painted it, so
        that its first number is seen when its second begins (coach/gui/start_when_shown.py);
        ``then`` right after the start."""
        self._show_snapshot(self.driver.first_snapshot())
        driver = self.driver

        def start() -> None:
            if self.driver is driver and driver.state() == WorkoutState.NOT_STARTED:
                driver.start()
                then()

        self.start_when_shown(start)

    def _end_before_the_start(self, end: Callable[[], object]) -> None:
        """Stopped (or the window closed) while the clock waited for the voice or for the window's
        first paint: started and ended at once, as a stop during get ready would, with nothing
        heard of it."""
        self._stop_waiting()
        cues = self.services.cues
        if cues is None:
            self.driver.start()
            end()
            return
        muted = cues.muted
        cues.set_muted(True)
        try:
            self.driver.start()
            end()
        finally:
            cues.set_muted(muted)

    def _on_events(self, events: list) -> None:
        if self.services.cues is not None:
            self.services.cues.handle(events)  # never waits: see coach/gui/cues.py
        self.events.emit(events)

    def _show_snapshot(self, snapshot) -> None:
        display = Display.of(snapshot)
        if self.voice_wait is not None:
            display = replace(display, status=GETTING_VOICE_READY, starting=True)
        self.showing.emit(display, snapshot)
        if snapshot.waiting_for_done != self.waiting_for_done:
            self.waiting_for_done = snapshot.waiting_for_done
            self.changed.emit()
        # Which exercise, by its place too: two exercises of one name may link different answers.
        shown = exercise_in_mind(snapshot)
        if shown != self._exercise_shown:
            self._exercise_shown = shown
            if shown is None or self.workout is None:
                self.exercise_changed.emit(None, (), False)
                return
            index, name, coming = shown
            # The answers the routine links to the exercise with `faq:` (the panel adds those naming it).
            linked = self.workout.timeline.routine.exercises[index].faq
            self.exercise_changed.emit(name, tuple(linked), coming)

    def snapshot_now(self):  # noqa: ANN201 - a Snapshot or None
        """The workout as it is now (None: no workout)."""
        return self.workout.snapshot(self.services.clock()) if self.workout is not None else None

    def command(self, name: str) -> None:
        """An engine command by name (pause, resume, toggle_pause, next, previous, done, stop)."""
        if self.voice_wait is not None:  # the clock waits for the voice
            if name in ("toggle_pause", "resume"):
                self.voice_wait.skip()  # "Start now"
            elif name == "stop":
                self._end_before_the_start(lambda: self.driver.command("stop"))
            return
        if self.driver is not None:
            self.driver.command(name)

    def refresh(self) -> None:
        """Shows the workout as it is now (after the page showing it changed)."""
        if self.driver is not None:
            self.driver.refresh()

    def ask_stop(self) -> QMessageBox | None:
        """Asks before stopping; answered through the returned box (never a blocking exec).

        The workout pauses while the user thinks (coach/core/workout/session_flow.py's StopQuestion)."""
        if self.stop_question is not None or self.driver is None:
            return self.stop_question
        box = QMessageBox(QMessageBox.Icon.Question, "Stop the workout?",
                          "Stop this workout? What you have done so far is kept.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.dialog_parent)
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
        pause = self.stop.ask(self.driver.state())
        if pause:
            self.driver.command(pause)
        box.open()
        return box

    def _stop_answered(self, result: int) -> None:
        box, self.stop_question = self.stop_question, None
        if box is not None:
            box.deleteLater()
        state = self.driver.state() if self.driver is not None else None
        command = self.stop.answered(result == QMessageBox.StandardButton.Yes, state)
        if self.voice_wait is not None:  # asked while the clock waited for the voice
            if command == "stop":
                self._end_before_the_start(lambda: self.driver.command("stop"))
            elif not self.voice_wait.waiting:  # the voice came (or the time limit) meanwhile
                self._start_now()
        elif command is not None:
            self.driver.command(command)

    def set_floor_mode(self, on: bool) -> None:
        """Floor mode on or off; only while a workout plays."""
        if on == self.floor_mode or (on and self.workout is None):
            return
        self.floor_mode = on
        self.floor_mode_changed.emit(on)
        self.refresh()

    def _on_ended(self, record) -> None:
        s = self.services
        if s.event_log is not None and s.cues is not None:
            ended_at = s.clock()  # due when it is written: a report, not an engine event
            s.event_log.write_line("cues", ended_at, ended_at, **s.cues.in_effect())
        driver, self.driver = self.driver, None
        self.workout = None
        if self.stop_question is not None:
            self.stop_question.done(QMessageBox.StandardButton.No)
        self.set_floor_mode(False)
        self.exercise_changed.emit(None, (), False)
        self._exercise_shown = False
        driver.shutdown()
        driver.deleteLater()
        # A resumed session is summed up whole, as the history counts it.
        self.ended.emit(record, self.recorder.totals() if self.recorder is not None else None)
        self.changed.emit()
        self.check_history_writes()
        recorded = self.recorder is not None and self.recorder.recording
        self._take(self.flow.ended(record, recorded=recorded, checkins=self.checkins_on()))

    def _checkin_after_answered(self, answer) -> None:
        if not isinstance(self.flow.step, AskCheckinAfter):
            return  # the flow moved on meanwhile
        if answer.pain is not None or answer.note:
            self.recorder.checkin_after(answer.pain, answer.note)
        self._take(self.flow.checkin_after_answered())

    def interrupt(self) -> None:
        """The window closes mid-workout: what was done is kept, marked as interrupted."""
        driver = self.driver
        if driver is None:
            return
        driver.ended.disconnect(self._on_ended)
        if driver.state() == WorkoutState.NOT_STARTED:  # waiting for the voice, or for the first paint
            self._end_before_the_start(driver.interrupt)
        else:
            driver.interrupt()
        driver.shutdown()
        self.interrupted.emit(self.workout.record)

    # ----- the history's writes

    def check_history_writes(self, _events=None) -> None:
        """Says why sets wait to be written to the history (another program has it, the disk is
        full...), keeps trying them every HISTORY_RETRY_MS while they wait, and says when they
        are written. The workout never waits for the history (coach/core/history/writer.py)."""
        history = self.history
        if history is None or not history.enabled:
            return
        writer = history.writer
        if writer.pending:
            if writer.problem is not None:  # None while the writes are only under way (on their thread)
                self.told.emit(waiting_text(writer))
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
            self.said.emit(ALL_WRITTEN)  # not told once: this can happen again, and is said each time
            self.history_changed.emit()

    def retry_history_writes(self) -> None:
        """The timer's slot: write what waits for the history, then say how it stands."""
        history = self.history
        if history is not None and history.enabled and history.writer.pending:
            history.writer.retry()
        self.check_history_writes()
