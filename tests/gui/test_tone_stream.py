"""The tone stream: a thread of its own hands the sound server pieces of sound with each tone at
the sample heard at its deadline; the window's thread never waits for the server; the stream is
closed while the workout is paused and once its last tone was heard; a server that stops taking
sound is said; a sound server that does not answer, or tones that are missing, are given up with
a reason."""

from __future__ import annotations

import array
import threading
import time
import wave

import pytest

from coach.gui.pulse_stream import SoundServerError
from coach.gui.tone_stream import PIECE, RATE, STALL_S, START_S, STARTING_PIECES, ToneStream

#: How long a test waits for the stream's thread (it answers in microseconds; a loaded machine).
WAIT_S = 10.0
#: What the fake server adds after the samples it holds (a sound card's own delay).
DEVICE_S = 0.02


class FakeServer:
    """A sound server that plays in step with the test's clock: a stream opened at T plays its
    sample n at T + n / RATE + DEVICE_S, and each write waits until the test lets it through."""

    def __init__(self, clock) -> None:
        self.clock = clock
        self.streams: list[FakeStream] = []
        self.changed = threading.Condition()
        self.broken: Exception | None = None

    def connect(self) -> FakeStream:
        with self.changed:
            self.streams.append(FakeStream(self))
            self.changed.notify_all()
        return self.streams[-1]

    @property
    def stream(self) -> FakeStream:
        return self.streams[-1]

    def written(self) -> int:
        return sum(len(s.pieces) for s in self.streams)

    def wait_for(self, condition) -> None:
        with self.changed:
            assert self.changed.wait_for(condition, WAIT_S), "the stream's thread did not get there"

    def take(self, count: int = 1) -> None:
        """Lets ``count`` pieces through, moving the clock on by a piece for each (the server plays
        in real time), and waits until the thread has handed over the next one (or closed the stream)."""
        for _ in range(count):
            target, stream = self.written() + 1, self.stream
            self.clock.tick(PIECE / RATE)
            stream.room.release()
            self.wait_for(lambda: self.written() >= target or stream.closed)


class FakeStream:
    def __init__(self, server: FakeServer) -> None:
        self.server = server
        self.opened_at = server.clock()
        self.pieces: list[bytes] = []
        self.closed = False
        self.room = threading.Semaphore(0)

    def latency(self) -> float:
        written = sum(len(p) for p in self.pieces) // 2
        return self.opened_at + written / RATE + DEVICE_S - self.server.clock()

    def write(self, data: bytes) -> None:
        with self.server.changed:
            self.pieces.append(data)
            self.server.changed.notify_all()
        if self.server.broken is not None:
            raise self.server.broken
        assert self.room.acquire(timeout=WAIT_S) or self.closed, "the test never let the piece through"

    def close(self) -> None:
        with self.server.changed:
            self.closed = True
            self.server.changed.notify_all()
        self.room.release()  # a write waiting is given up

    def frames(self) -> array.array:
        return array.array("h", b"".join(self.pieces))


def write_wav(path, samples) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(array.array("h", samples).tobytes())


@pytest.fixture
def tones(tmp_path):
    from coach.gui.cues import SOUND_NAMES

    for name in SOUND_NAMES:
        write_wav(tmp_path / f"{name}.wav", [1000] * 441)  # 10 ms of a flat tone
    write_wav(tmp_path / "rest.wav", [2000] * 4410)  # 100 ms
    return tmp_path


@pytest.fixture
def server(clock):
    return FakeServer(clock)


@pytest.fixture
def stream(qtbot, tones, clock, server):
    made = ToneStream(tones, clock=clock, connect=server.connect, ask_server=lambda: "")
    made.open()  # asked for before the tones are read (the workout started at once): opens when they are
    assert server.streams == []
    with qtbot.waitSignal(made.ready):
        made.prepare()
    server.wait_for(lambda: server.written() == 1)  # the first piece, handed over at once
    yield made
    made.shutdown()
    for s in server.streams:
        s.close()


def test_tones_told_before_the_sound_server_answered_are_played(qtbot, tones, clock, server) -> None:
    # `coach run`: the workout starts, and its first tones are told, before the server has answered.
    made = ToneStream(tones, clock=clock, connect=server.connect, ask_server=lambda: "")
    made.open()
    due = clock.now + 0.3
    made.schedule([(due, "tick")], 1.0)
    with qtbot.waitSignal(made.ready):
        made.prepare()
    server.wait_for(lambda: server.written() == 1)
    server.take(round(0.4 * RATE / PIECE))
    assert made.started == [(pytest.approx(due, abs=1 / RATE), "tick")]
    made.shutdown()
    for s in server.streams:
        s.close()


def heard_at(stream: FakeStream, frame: int) -> float:
    return stream.opened_at + frame / RATE + DEVICE_S


def test_a_tone_told_ahead_is_written_at_the_sample_heard_at_its_deadline(stream, server, clock) -> None:
    due = clock.now + 0.5372
    stream.schedule([(due, "tick")], 1.0)
    server.take(round(0.7 * RATE / PIECE))
    frames = server.stream.frames()
    first = next(i for i, v in enumerate(frames) if v)
    assert heard_at(server.stream, first) == pytest.approx(due, abs=1 / RATE)
    assert frames[first:first + 441] == array.array("h", [1000] * 441) and not any(frames[first + 441:])
    assert stream.started == [(pytest.approx(due, abs=1 / RATE), "tick")]


def test_the_same_tone_handed_over_when_due_is_not_played_twice(stream, server, clock) -> None:
    due = clock.now + 0.5
    stream.schedule([(due, "tick")], 1.0)
    server.take(round(0.51 * RATE / PIECE))
    stream.play("tick", 1.0, due=due)  # the engine's event, handled 10 ms late
    server.take(4)
    assert [name for _, name in stream.started] == ["tick"]


def test_a_tone_known_only_when_due_starts_in_the_next_piece(stream, server, clock) -> None:
    server.take(12)
    handed = len(server.stream.frames())  # what the thread handed over (its last piece waits in the server)
    stream.play("tick", 1.0)  # "next" pressed: the new part's tone
    server.take(2)
    frames = server.stream.frames()
    assert next(i for i, v in enumerate(frames) if v) == handed
    assert heard_at(server.stream, handed) - clock.now < 0.15  # heard about 100 ms after the key


def test_the_window_never_waits_for_the_server(stream, server, clock) -> None:
    # The thread waits in a write the server does not take: telling tones returns at once.
    started = time.perf_counter()
    for i in range(100):
        stream.schedule([(clock.now + 0.5 + i / 100, "tick")], 1.0)
        stream.play("go", 1.0)
    assert time.perf_counter() - started < 0.5


def test_the_window_is_never_woken_for_the_sound(stream, server, clock) -> None:
    from PySide6.QtCore import QTimer

    stream.schedule([(clock.now + 0.2, "tick"), (clock.now + 0.5, "rest")], 1.0)
    server.take(round(0.4 * RATE / PIECE))
    assert [timer for timer in stream.findChildren(QTimer) if timer.isActive()] == []
    assert [name for _, name in stream.started] == ["tick"]


def test_a_paused_workout_closes_the_stream_and_forgets_what_was_told(stream, server, clock) -> None:
    stream.schedule([(clock.now + 1, "tick")], 1.0)
    server.take(2)
    stream.pause()
    server.take(1)  # the piece being written goes through; then the stream closes
    assert server.stream.closed and server.written() == 3
    clock.tick(STALL_S * 5)  # a long pause: nothing written, and that is no stall
    stream.resume()  # a new stream, and the driver tells what comes
    server.wait_for(lambda: len(server.streams) == 2 and server.stream.pieces)
    due = clock.now + 0.5
    stream.schedule([(due, "tick")], 1.0)
    server.take(round(0.6 * RATE / PIECE))
    assert not any(server.streams[0].frames())  # the tick told before the pause never came
    frames = server.stream.frames()
    first = next(i for i, v in enumerate(frames) if v)
    assert heard_at(server.stream, first) == pytest.approx(due, abs=1 / RATE)
    assert stream.started == [(pytest.approx(due, abs=1 / RATE), "tick")] and stream.problem() == ""
    assert stream.openings == 2


def test_the_stream_closes_once_the_last_tone_is_heard_and_a_tone_told_after_the_end_still_plays(
        stream, server, clock) -> None:
    end = clock.now + 0.4
    stream.schedule([(clock.now + 0.3, "rest")], 1.0)  # 100 ms long
    stream.finish()
    while clock.now < end - PIECE / RATE:
        assert not server.stream.closed  # the end of the last tone is not heard yet
        server.take(1)
    server.take(2)
    assert server.stream.closed
    stream.play("complete", 1.0)  # the workout's own last cue, handled after its end was said
    server.wait_for(lambda: len(server.streams) == 2 and server.stream.pieces)
    server.take(2)
    assert [name for _, name in stream.started] == ["rest", "complete"]
    assert any(server.stream.frames())


def test_a_new_stream_has_longer_to_start_playing(stream, server, clock, qtbot) -> None:
    # An idle sink, or a device waking from its power saving, starts a new stream late: the
    # thread waits in its first write while the server takes nothing.
    clock.tick(STALL_S + 0.5)
    stream.schedule([(clock.now + 0.5, "tick")], 1.0)
    assert stream.problem() == ""
    server.take(STARTING_PIECES)  # it plays: then a write that waits as long is a stall
    clock.tick(STALL_S + PIECE / RATE + 0.01)  # a write may wait as long as its piece lasts, and 1 s more
    with qtbot.waitSignal(stream.problem_found):
        stream.schedule([(clock.now + 0.5, "tick")], 1.0)


def test_a_stream_that_never_starts_is_given_up_after_its_time_limit(stream, server, clock, qtbot) -> None:
    clock.tick(START_S + PIECE / RATE + 0.01)
    with qtbot.waitSignal(stream.problem_found) as told:
        stream.schedule([(clock.now + 0.5, "tick")], 1.0)
    assert "stopped playing" in told.args[0]


def test_the_end_of_a_workout_is_written_at_once(stream, server, clock) -> None:
    # The thread then needs no wake-up: nothing holds the last tone up, whatever the window does.
    server.take(STARTING_PIECES)
    end = clock.now + 0.3 + 0.1
    stream.schedule([(clock.now + 0.3, "rest")], 1.0)  # 100 ms long
    stream.finish()
    server.take(1)
    last = server.stream.pieces[-1]
    assert len(last) > 2 * PIECE
    assert heard_at(server.stream, len(server.stream.frames()) // 1) >= end  # the rest's end is in it
    assert array.array("h", last).count(2000) == 4410  # whole


def test_a_server_that_stops_taking_sound_stops_the_tones_and_says_so(stream, server, clock, qtbot) -> None:
    server.take(STARTING_PIECES + 2)  # then it takes nothing more: the thread waits in its write
    stream.schedule([(clock.now + 0.5, "tick")], 1.0)
    assert stream.problem() == ""
    clock.tick(STALL_S + PIECE / RATE + 0.01)  # a write may wait as long as its piece lasts, and 1 s more
    with qtbot.waitSignal(stream.problem_found) as told:
        stream.schedule([(clock.now + 0.5, "tick")], 1.0)  # the driver's next wake-up
    assert "stopped playing" in told.args[0] and stream.problem() == told.args[0]
    assert stream.active is False


def test_a_stream_the_server_breaks_stops_the_tones_and_says_so(stream, server, qtbot) -> None:
    server.broken = SoundServerError("Connection terminated")
    with qtbot.waitSignal(stream.problem_found, timeout=round(WAIT_S * 1000)) as told:
        server.take(1)
    assert "stopped playing" in told.args[0]
    server.wait_for(lambda: server.stream.closed)


def test_no_stream_is_opened_before_the_sound_server_has_answered(qtbot, tones, clock) -> None:
    def connect():
        raise AssertionError("a stream opened before the server answered")

    made = ToneStream(tones, clock=clock, connect=connect, ask_server=lambda: "")
    made.open()  # the workout starts; the server has not answered yet (prepare not even called)
    made.schedule([(clock.now + 0.1, "tick")], 1.0)
    made.play("tick", 1.0)
    assert made._writer is None
    made.shutdown()


def never_connect():
    raise AssertionError("a stream opened before the sound server answered")


def test_no_sound_files_degrade_with_a_reason(tmp_path, qtbot) -> None:
    sink = ToneStream(folder=tmp_path, connect=never_connect)
    with qtbot.waitSignal(sink.problem_found, timeout=1000):
        sink.prepare()
    sink.open()
    sink.play("tick", 0.5)  # nothing to play, nothing breaks
    assert sink.problem() == f"No sound: the sound file {tmp_path / 'tick.wav'} is missing; reinstall Coach."
    sink.shutdown()


def test_a_sound_server_that_never_answers_is_given_up_after_its_time_limit(
        qtbot, sound_server_that_never_answers) -> None:
    sink = ToneStream(ask_server=sound_server_that_never_answers, start_limit_s=0.2, connect=never_connect)
    started = time.perf_counter()
    sink.prepare()
    sink.open()
    sink.play("go", 0.8)  # not read yet: not heard, and nothing waits
    assert time.perf_counter() - started < 0.2
    with qtbot.waitSignal(sink.problem_found, timeout=5000) as told:
        pass
    assert told.args == ["No sound: the sound server did not answer within 0.2 s; restart it, then Coach."]
    sink.play("go", 0.8)
    sink.shutdown()


def test_a_sound_server_that_answers_late_is_not_used_after_its_time_limit(qtbot) -> None:
    answer = threading.Event()
    sink = ToneStream(ask_server=lambda: answer.wait() and "", start_limit_s=0.1, connect=never_connect)
    with qtbot.waitSignal(sink.problem_found, timeout=5000):
        sink.prepare()
    sink.open()
    with qtbot.assertNotEmitted(sink.ready), qtbot.waitSignal(sink._answered, timeout=5000):
        answer.set()  # the answer comes after sound was given up for the session
    assert sink.problem().startswith("No sound: the sound server did not answer")
    assert sink._mixer.tones == {} and sink._writer is None  # the tones were not read, and no stream opened
    sink.shutdown()


def test_a_missing_sound_library_names_the_package(monkeypatch) -> None:
    from coach.gui import pulse_stream
    from coach.gui.tone_stream import ask_the_sound_server

    monkeypatch.setattr(pulse_stream, "LIBRARY", "libpulse-simple-not-installed.so.0")
    monkeypatch.setattr(pulse_stream, "_library", None)
    assert ask_the_sound_server() == "No sound: install the package libpulse0, then restart Coach."


def test_shutdown_ends_the_streams_thread(stream, server) -> None:
    writer = stream._writer
    stream.shutdown()
    server.take(1)
    assert server.stream.closed
    writer.join(WAIT_S)
    assert not writer.is_alive()
