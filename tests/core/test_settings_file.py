"""settings.ini's own reader and writer: any text reads back as written; nothing else is interpreted."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.core.files.settings_file import SettingsFileError, format_settings, is_typed, parse


@given(st.text())
def test_any_text_reads_back_as_written(text: str) -> None:
    assert parse(format_settings({"voice/name": text})) == {"voice/name": text}


def test_files_written_by_qt_read_as_qt_reads_them() -> None:
    written = (b'[General]\nloose=1\n\n[sound]\nenabled=true\nvolume=80\n\n[voice]\nname="Anna; the voice"\n'
               b'other=@@at\nquoted="a\\\\b\\"c\\td"\n; a comment\n# another\n')
    assert parse(written) == {"loose": "1", "sound/enabled": "true", "sound/volume": "80",
                              "voice/name": "Anna; the voice", "voice/other": "@at", "voice/quoted": 'a\\b"c\td'}


def test_qt_typed_values_stay_text_and_are_recognised() -> None:
    values = parse(b"[sound]\nvolume=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x18PySide::PyObjectWrapper)\n"
                   b"[window]\ngeometry=@ByteArray(\\x1\\xd9)\n")
    assert all(isinstance(v, str) and is_typed(v) for v in values.values())
    assert not is_typed("@@plain")


@pytest.mark.parametrize(("data", "why"), [
    (b"x" * 70_000, "larger than 64 KiB"), (b"[a]\nb=\0\n", "NUL"), (b"\xff\xfe[", "not UTF-8"),
    (b"[a]\njust words\n", "line 2"), (b"[voice\nrate=1\n", "line 1"),
])
def test_what_is_not_a_settings_file_is_refused_with_the_reason(data: bytes, why: str) -> None:
    with pytest.raises(SettingsFileError, match=why):
        parse(data)
