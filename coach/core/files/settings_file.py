"""settings.ini read and written by Coach itself: text values only, so nothing in it can run.

Qt's own INI reader (QSettings) turns a value written as ``@Variant(...)`` into an object, and
for ``PySide::PyObjectWrapper`` that means unpickling it: a settings file could run any code.
So Coach reads the file here, where a value can only ever become a string, and writes it here,
atomically. The format stays the one Qt writes (``[group]`` lines, ``key=value``, Qt's quoting and
backslash escapes), so files written by earlier versions read as before. A value in one of Qt's
typed forms (``@Variant(``, ``@ByteArray(``, ``@Rect(``...) is never interpreted: it is reported
as a value Coach cannot use.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: A settings file larger than this is not Coach's (it writes well under 4 KiB).
MAX_BYTES = 64 * 1024

_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
            '"': '"', "'": "'", "\\": "\\", "?": "?", ";": ";", ",": ","}
_WRITTEN_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_GROUP = re.compile(r"\[(?P<name>[^\[\]]*)\]")
_KEY = re.compile(r"[A-Za-z0-9_./%\- ]+")


class SettingsFileError(ValueError):
    """The file is not a settings file Coach can read at all (the message says why)."""


def is_typed(text: str) -> bool:
    """Whether Qt would read ``text`` as one of its typed values (``@Variant(...)`` and the like)
    rather than as text; Coach never writes those and never interprets them."""
    return text.startswith("@") and not text.startswith("@@")


def parse(data: bytes) -> dict[str, str]:
    """The ``group/key`` -> text of a settings file's bytes, in file order.

    Raises :class:`SettingsFileError` when the bytes are not such a file: too large, not UTF-8, a
    NUL byte, or a line that is neither a ``[group]``, a ``key=value``, a comment nor empty.
    """
    if len(data) > MAX_BYTES:
        raise SettingsFileError(f"it is larger than {MAX_BYTES // 1024} KiB")
    if b"\0" in data:
        raise SettingsFileError("it holds a NUL byte")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SettingsFileError(f"it is not UTF-8 text (byte {error.start + 1})") from None
    values: dict[str, str] = {}
    group = ""
    # Lines end at LF or CR only, as Qt reads them (a U+2028 in a voice's name is not a line break).
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
        line = line.strip()
        if not line or line.startswith((";", "#")):
            continue
        found = _GROUP.fullmatch(line)
        if found:
            group = found["name"].strip()
            group = "" if group == "General" else group
            continue
        key, equals, value = line.partition("=")
        key = key.strip()
        if not equals or not key:
            raise SettingsFileError(f"line {number} is not 'key=value' nor a [group]")
        values[f"{group}/{key}" if group else key] = unescape(value)
    return values


def unescape(value: str) -> str:
    """A value's text as Qt writes it: quotes, backslash escapes, ``;`` starting a comment."""
    out: list[str] = []
    i, quoted = 0, False
    value = value.strip()
    while i < len(value):
        ch = value[i]
        if ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            break
        elif ch == "\\" and i + 1 < len(value):
            i += 1
            ch = value[i]
            if ch in "xX":
                digits = re.match(r"[0-9a-fA-F]{1,6}", value[i + 1:])
                if digits:
                    out.append(chr(min(int(digits[0], 16), 0x10FFFF)))
                    i += len(digits[0])
            elif ch in "01234567":
                digits = re.match(r"[0-7]{1,3}", value[i:])
                out.append(chr(int(digits[0], 8)))
                i += len(digits[0]) - 1
            else:
                out.append(_ESCAPES.get(ch, ch))
        else:
            out.append(ch)
        i += 1
    text = "".join(out)
    if text.startswith("@@"):  # Qt's way of writing a text that starts with "@"
        text = text[1:]
    return text


def escape(text: str) -> str:
    """``text`` as a value of the file, readable by :func:`parse` (and by Qt) as the same text."""
    if text.startswith("@"):
        text = "@" + text
    # Other control characters as three octal digits: a digit after them cannot join the escape.
    body = "".join(_WRITTEN_ESCAPES.get(ch, ch) if ch in _WRITTEN_ESCAPES or ch >= " "
                   else f"\\{ord(ch):03o}" for ch in text)
    if any(ch in text for ch in ";,=#") or text != text.strip():
        body = f'"{body}"'
    return body


def format_settings(values: Mapping[str, str]) -> bytes:
    """The file for ``values`` (``group/key`` -> text), groups in name order as Qt writes them."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name, value in values.items():
        group, _, key = name.rpartition("/")
        if not _KEY.fullmatch(key) or not (not group or _KEY.fullmatch(group)):
            continue  # a name that could not be read back the same: only ever an unknown key
        groups.setdefault(group or "General", []).append((key, value))
    parts = []
    for group in sorted(groups):
        lines = [f"[{group}]"] + [f"{key}={escape(value)}" for key, value in groups[group]]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts).encode("utf-8")
