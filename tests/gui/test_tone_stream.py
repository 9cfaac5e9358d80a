"""The tone stream: each tone written at the sample that is played at its deadline, whole, with
nothing of it in the next; the stream open only around tones; a server that stops taking sound is
said; a sound server that does not answer, or tones that are missing, are given up with a reason."""

from __future__ import annotations

import array
import threading
import time
import wave

import pytest

from coach.gui.tone_stream import (
    AHEAD_S, CUT_FADE, KEEP_OPEN_S, OPEN_AHEAD_S, OUTPUT_LATENCY_S, RATE, STALL_S, TAIL, ToneStream,
)


class FakeSink:
    """A sound server that plays ``played_us`` and takes up to ``free`` bytes."""

    def __init__(self, opened_at: float = 0.0) -> None:
        self.opened_at = opened_at
        self.played_us = 0
        self.free = 1 << 20
        self.data = bytearray()
        self.suspended = False
        self.stopped = False

    def processedUSecs(self) -> int:
        return self.played_us

    def bytesFree(self) -> int:
        return self.free

    def write(self, data: bytes) -> int:
        self.data += data
        return len(data)

    def suspend(self) -> None:
        self.suspended = True

    def resume(self) -> None:
        self.suspended = False

    def stop(self) -> None:
        self.stopped = True

    def reset(self) -> None:  # stop, dropping what is not played yet
        self.stopped = True

    def deleteLater(self) -> None:
        pass

    def frames(self) -> array.array:
        return array.array("h", bytes(self.data))


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


def play_for(stream, clock, seconds: float) -> None:
    """The server plays on in real time; the stream's timer feeds it every 10 ms, and its opener
    opens it when due."""
    for _ in range(round(seconds / 0.01)):
        clock.tick(0.01)
        if stream._sink is not None:
            stream.sink.played_us = round((clock.now - stream.sink.opened_at) * 1e6)
            stream.feed()
        elif stream.opener.isActive() and stream.upcoming and clock.now >= stream.upcoming[0][0] - OPEN_AHEAD_S:
            stream.opener.stop()
            stream._open_for_next()


class Stream(ToneStream):
    @property
    def sink(self) -> FakeSink:
        """The sink opened last."""
        return self.sinks[-1]


@pytest.fixture
def stream(qtbot, tones, clock):
    sinks = []

    def open_sink(parent):
        sinks.append(FakeSink(clock.now))
        return sinks[-1], sinks[-1]

    made = Stream(tones, clock=clock, open_sink=open_sink, ask_server=lambda: "")
    made.sinks = sinks
    made.open()  # asked for before the tones are read (the workout started at once): opens when they are
    assert made.timer.isActive() is False
    with qtbot.waitSignal(made.ready):
        made.prepare()
    yield made
    made.close()


def test_a_tone_told_ahead_is_written_at_the_sample_played_at_its_deadline(stream, clock) -> None:
    sink = stream.sink
    assert len(sink.frames()) == round(AHEAD_S * RATE)  # silence, written ahead
    due = clock.now + 0.5372
    stream.schedule([(due, "tick")], 1.0)
    play_for(stream, clock, 0.7)
    frames = sink.frames()
    first = next(i for i, v in enumerate(frames) if v)
    # Frame 0 was played at the start; the server adds OUTPUT_LATENCY_S after the frame Qt reports.
    assert first == round((0.5372 - OUTPUT_LATENCY_S) * RATE)
    assert frames[first:first + 441] == array.array("h", [1000] * 441) and not any(frames[first + 441:])
    assert stream.started == [(pytest.approx(due, abs=1 / RATE), "tick")]


def test_the_same_tone_handed_over_when_due_is_not_played_twice(stream, clock) -> None:
    due = clock.now + 0.5
    stream.schedule([(due, "tick")], 1.0)
    play_for(stream, clock, 0.51)
    stream.play("tick", 1.0, due=due)  # the engine's event, handled 10 ms late
    play_for(stream, clock, 0.1)
    assert [name for _, name in stream.started] == ["tick"]


def test_a_tone_known_only_when_due_starts_at_the_first_free_sample(stream, clock) -> None:
    play_for(stream, clock, 0.3)
    stream.play("tick", 1.0)  # "next" pressed: the new part's tone
    written = len(stream.sink.frames())
    play_for(stream, clock, 0.1)
    frames = stream.sink.frames()
    assert next(i for i, v in enumerate(frames) if v) == written  # right after what was written
    assert written == round((0.3 + AHEAD_S) * RATE)


def test_each_tone_plays_whole_and_a_new_one_ends_the_last_with_a_short_fade(stream, clock) -> None:
    start = clock.now
    stream.schedule([(start + 0.4, "rest"), (start + 0.44, "tick")], 1.0)  # rest lasts 100 ms: cut
    play_for(stream, clock, 0.7)
    frames = stream.sink.frames()
    rest_at, tick_at = round((0.4 - OUTPUT_LATENCY_S) * RATE), round((0.44 - OUTPUT_LATENCY_S) * RATE)
    assert not any(frames[:rest_at]) and set(frames[rest_at:tick_at]) == {2000}
    # Under the new tone, the old one fades out within CUT_FADE samples, then nothing of it is left.
    assert frames[tick_at] == 1000 + 2000 and frames[tick_at + CUT_FADE - 1] < 1000 + 2000 // 100
    assert set(frames[tick_at + CUT_FADE:tick_at + 441]) == {1000}
    assert not any(frames[tick_at + 441:])


def test_a_paused_workout_closes_the_stream_and_forgets_what_was_told(stream, clock) -> None:
    stream.schedule([(clock.now + 1, "tick")], 1.0)
    stream.pause()
    assert not stream.timer.isActive() and stream.sink.stopped and stream.upcoming == []
    assert not stream.opener.isActive()
    clock.tick(STALL_S * 5)  # a long pause: the server played nothing, and that is no stall
    stream.resume()
    assert stream._sink is None  # nothing is due yet: it stays closed
    due = clock.now + 1.0
    stream.schedule([(due, "tick")], 1.0)  # the driver tells what comes, after resuming
    play_for(stream, clock, 1.1)
    assert len(stream.sinks) == 2 and stream.started == [(pytest.approx(due, abs=1 / RATE), "tick")]


def test_the_stream_is_open_only_around_tones(stream, clock) -> None:
    start = clock.now
    near, far = start + 0.3, start + 0.3 + KEEP_OPEN_S * 0.9
    later = far + KEEP_OPEN_S + 2.0
    stream.schedule([(near, "rest"), (far, "tick"), (later, "tick")], 1.0)
    play_for(stream, clock, far - start + 0.2)
    assert len(stream.sinks) == 1  # the next tone was always near: one stream
    tail_heard = far + 441 / RATE + TAIL / RATE - OUTPUT_LATENCY_S
    assert stream._sink is None and stream.sink.stopped
    assert stream.opener.isActive()  # closed until the next tone is OPEN_AHEAD_S away
    assert clock.now >= tail_heard
    play_for(stream, clock, later - clock.now - OPEN_AHEAD_S - 0.05)
    assert stream._sink is None
    play_for(stream, clock, 0.3)
    assert len(stream.sinks) == 2 and stream._sink is not None  # opened again before the tone
    play_for(stream, clock, 0.5)
    # The tone in the new stream is written at the sample played at its deadline, as in the first.
    frames = stream.sink.frames()
    first = next(i for i, v in enumerate(frames) if v)
    opened = stream.sinks[-1].opened_at
    assert first == round((later - opened - OUTPUT_LATENCY_S) * RATE)
    assert [at for at, _ in stream.started] == [pytest.approx(t, abs=1 / RATE) for t in (near, far, later)]
    assert stream.openings == 2 and 0 < stream.open_seconds < later - start - 1.5


def test_the_stream_closes_only_after_the_end_of_its_last_tone_is_heard(stream, clock) -> None:
    start = clock.now
    stream.schedule([(start + 0.6, "rest")], 1.0)  # 100 ms long; nothing after it
    play_for(stream, clock, 0.6 + 0.1 - OUTPUT_LATENCY_S + TAIL / RATE - 0.02)
    assert stream._sink is not None and not stream.sink.stopped  # its end is still in the server
    play_for(stream, clock, 0.05)
    assert stream._sink is None and stream.sinks[0].stopped


def test_a_server_that_stops_playing_stops_the_tones_and_says_so(stream, clock, qtbot) -> None:
    play_for(stream, clock, 0.2)
    said = []
    stream.problem_found.connect(said.append)
    stream.schedule([(clock.now + 0.5, "tick")], 1.0)
    stream.sink.free = 0  # it takes nothing more and plays nothing more; writing must not wait
    for _ in range(round(STALL_S / 0.01) + 2):
        clock.tick(0.01)
        stream.feed()
    assert said and "stopped playing" in said[0]
    assert stream.sink.stopped and not stream.timer.isActive()
    assert stream.problem() == said[0]


def test_the_stream_closes_when_the_workout_has_ended_and_its_last_tone_played_out(stream, clock) -> None:
    stream.schedule([(clock.now + 0.3, "rest")], 1.0)
    stream.finish()
    play_for(stream, clock, 0.35)
    assert not stream.sink.stopped  # the last tone is still playing
    play_for(stream, clock, 0.2)
    assert stream.sink.stopped and not stream.timer.isActive()
    assert [name for _, name in stream.started] == ["rest"]


def test_no_stream_is_opened_before_the_sound_server_has_answered(qtbot, tones, clock) -> None:
    def open_sink(parent):
        raise AssertionError("a sink opened on the window's thread waits for a server that never answers")

    made = ToneStream(tones, clock=clock, open_sink=open_sink, ask_server=lambda: "")
    made.open()  # the workout starts; the server has not answered yet (prepare not even called)
    made.schedule([(clock.now + 0.1, "tick")], 1.0)  # tones told, due within OPEN_AHEAD_S
    made.play("tick", 1.0)
    made._open_for_next()
    assert made._sink is None
    made.close()



def never_open(parent):
    raise AssertionError("a sink opened before the sound server answered waits for it on the window's thread")


def test_no_sound_files_degrade_with_a_reason(tmp_path, qtbot) -> None:
    sink = ToneStream(folder=tmp_path, open_sink=never_open)
    with qtbot.waitSignal(sink.problem_found, timeout=1000):
        sink.prepare()
    sink.open()
    sink.play("tick", 0.5)  # nothing to play, nothing breaks
    assert sink.problem() == f"No sound: the sound file {tmp_path / 'tick.wav'} is missing; reinstall Coach."
    sink.close()


def test_a_sound_server_that_never_answers_is_given_up_after_its_time_limit(
        qtbot, sound_server_that_never_answers) -> None:
    sink = ToneStream(ask_server=sound_server_that_never_answers, start_limit_s=0.2, open_sink=never_open)
    started = time.perf_counter()
    sink.prepare()
    sink.open()
    sink.play("go", 0.8)  # not read yet: not heard, and nothing waits
    assert time.perf_counter() - started < 0.2
    with qtbot.waitSignal(sink.problem_found, timeout=5000) as told:
        pass
    assert told.args == ["No sound: the sound server did not answer within 0.2 s; restart it, then Coach."]
    sink.play("go", 0.8)
    sink.close()


def test_a_sound_server_that_answers_late_is_not_used_after_its_time_limit(qtbot) -> None:
    answer = threading.Event()
    sink = ToneStream(ask_server=lambda: answer.wait() and "", start_limit_s=0.1, open_sink=never_open)
    with qtbot.waitSignal(sink.problem_found, timeout=5000):
        sink.prepare()
    sink.open()
    with qtbot.assertNotEmitted(sink.ready), qtbot.waitSignal(sink._answered, timeout=5000):
        answer.set()  # the answer comes after sound was given up for the session
    assert sink.problem().startswith("No sound: the sound server did not answer")
    assert sink._tones is None  # the tones were not read, and no stream opened
    sink.close()
