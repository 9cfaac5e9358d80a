"""The mixer: each tone placed at the sample heard at its deadline, whole, with nothing of it in
the next; a tone already due starts at once; the same tone told twice is played once."""

from __future__ import annotations

import array

import pytest

from coach.gui.tone_mixer import CUT_FADE, RATE, ToneMixer

TICK = array.array("h", [1000] * 441)  # 10 ms of a flat tone
REST = array.array("h", [2000] * 4410)  # 100 ms


def samples(data: bytes) -> array.array:
    return array.array("h", data)


def pieces(mixer: ToneMixer, start: float, seconds: float, size: int = 1102) -> array.array:
    """What the stream hands the server from ``start`` on, in pieces of ``size`` samples."""
    out = array.array("h")
    while len(out) < round(seconds * RATE):
        out += samples(mixer.fill(start + len(out) / RATE, size))
    return out


def test_a_tone_starts_at_the_sample_heard_at_its_deadline_whatever_the_pieces() -> None:
    for size in (1, 441, 1102, 4410):
        mixer = ToneMixer({"tick": TICK})
        mixer.tell([(100.5372, "tick")], 1.0)
        heard = pieces(mixer, 100.0, 0.7, size)
        first = next(i for i, v in enumerate(heard) if v)
        assert first == round(0.5372 * RATE)
        assert heard[first:first + 441] == TICK and not any(heard[first + 441:])
        assert mixer.started == [(pytest.approx(100.5372, abs=1 / RATE), "tick")]


def test_a_tone_already_due_starts_at_the_first_sample() -> None:
    mixer = ToneMixer({"tick": TICK})
    mixer.add(99.9, "tick", 1.0)  # "next" pressed: due now, heard as soon as can be
    heard = samples(mixer.fill(100.0, 1102))
    assert heard[:441] == TICK and not any(heard[441:])
    assert mixer.started == [(100.0, "tick")]


def test_the_same_tone_told_ahead_and_handed_over_when_due_is_played_once() -> None:
    mixer = ToneMixer({"tick": TICK})
    mixer.tell([(100.5, "tick")], 1.0)
    assert mixer.add(100.501, "tick", 1.0) is False  # still to come: the same one
    pieces(mixer, 100.0, 0.6)
    assert mixer.add(100.5, "tick", 1.0) is False  # begun already
    mixer.tell([(100.5, "tick")], 1.0)  # told again by the driver: its deadline is not past yet
    pieces(mixer, 100.6, 0.1)
    assert mixer.add(100.6, "tick", 1.0) is True  # another moment: another tone
    assert [name for _, name in mixer.started] == ["tick"]


def test_each_tone_plays_whole_and_a_new_one_ends_the_last_with_a_short_fade() -> None:
    mixer = ToneMixer({"tick": TICK, "rest": REST})
    mixer.tell([(100.4, "rest"), (100.44, "tick")], 1.0)  # rest lasts 100 ms: cut by the tick
    heard = pieces(mixer, 100.0, 0.7)
    rest_at, tick_at = round(0.4 * RATE), round(0.44 * RATE)
    assert not any(heard[:rest_at]) and set(heard[rest_at:tick_at]) == {2000}
    # Under the new tone, the old one fades out within CUT_FADE samples, then nothing of it is left.
    assert heard[tick_at] == 1000 + 2000 and heard[tick_at + CUT_FADE - 1] < 1000 + 2000 // 100
    assert set(heard[tick_at + CUT_FADE:tick_at + 441]) == {1000}
    assert not any(heard[tick_at + 441:])


def test_a_tone_with_room_plays_to_its_last_sample() -> None:
    mixer = ToneMixer({"tick": TICK, "rest": REST})
    mixer.tell([(100.1, "rest"), (100.3, "tick")], 1.0)
    heard = pieces(mixer, 100.0, 0.5)
    assert heard[round(0.1 * RATE):round(0.1 * RATE) + 4410] == REST
    assert mixer.sound_until == pytest.approx(100.3 + 441 / RATE, abs=1 / RATE)


def test_told_tones_replace_those_told_before_and_forget_drops_everything() -> None:
    mixer = ToneMixer({"tick": TICK, "rest": REST})
    mixer.tell([(100.2, "rest")], 1.0)
    mixer.tell([(100.3, "tick")], 0.5)  # a command changed what comes
    heard = pieces(mixer, 100.0, 0.4)
    assert set(heard) == {0, 500}
    mixer.tell([(100.5, "rest")], 1.0)
    mixer.fill(100.49, 882)  # the rest begun
    mixer.forget()
    assert not any(samples(mixer.fill(100.51, 1102))) and mixer.done(100.51)


def test_done_only_once_the_last_tone_is_heard_whole() -> None:
    mixer = ToneMixer({"rest": REST})
    mixer.tell([(100.1, "rest")], 1.0)
    assert not mixer.done(100.0)
    pieces(mixer, 100.0, 0.3)
    assert not mixer.done(100.19) and mixer.done(100.2 + 1 / RATE)


def test_the_end_is_filled_until_every_tone_told_is_written_whole() -> None:
    mixer = ToneMixer({"tick": TICK, "rest": REST})
    mixer.tell([(100.1, "tick"), (100.3, "rest")], 1.0)
    heard = samples(mixer.fill_to_end(100.0, 1102, 3.0))
    assert len(heard) % 1102 == 0 and len(heard) >= round(0.4 * RATE)
    assert heard[round(0.3 * RATE):round(0.3 * RATE) + 4410] == REST and mixer.done(100.0 + len(heard) / RATE)
    mixer.tell([(200.0, "rest")], 1.0)  # told far ahead: no more than the limit is written
    assert len(mixer.fill_to_end(100.0, 1102, 1.0)) <= 2 * (RATE + 1102)
