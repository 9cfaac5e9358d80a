"""The user's preferences (kept in settings.ini in the data folder) and the settings dialog."""

from __future__ import annotations

import base64
import binascii
import errno
import os
import re
import time
from pathlib import Path

from coach.core.files import temp_files
from coach.core.files.settings_file import MAX_BYTES, SettingsFileError, format_settings, is_typed, parse
from coach.core.files.user_files import NotAnOrdinaryFile, kind_of, read_ordinary, write_atomically
from PySide6.QtCore import QByteArray, Signal
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget
from PySide6.QtCore import Qt

#: key -> default; the type of the default is the type stored.
DEFAULTS: dict[str, object] = {
    "sound/enabled": True,
    "sound/volume": 80,  # percent
    "voice/enabled": True,
    "voice/name": "",  # empty: the speech engine's default voice
    "voice/rate": 0,  # -10 (slow) .. 10 (fast); QTextToSpeech wants -1.0 .. 1.0
    "voice/count_reps": False,
    "player/floor_mode_by_default": False,
    "checkin/enabled": True,
    # Off: each part shows the pose it ends in, still (for people who prefer reduced motion).
    "figures/animate": True,
}


#: The numbers a setting may take (anything else in the file is replaced by the default).
RANGES: dict[str, tuple[int, int]] = {"sound/volume": (0, 100), "voice/rate": (-10, 10)}
_TRUE, _FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


def _typed(key: str, value: object) -> object | None:
    """``value`` as read from the file, converted to the type of the key's default; None when it
    cannot be used (wrong type, out of range)."""
    default = DEFAULTS[key]
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower() if isinstance(value, (str, int)) else None
        return True if word in _TRUE else False if word in _FALSE else None
    if isinstance(default, int):
        try:
            number = int(str(value).strip()) if isinstance(value, (str, int)) else None
        except ValueError:
            return None
        low, high = RANGES.get(key, (-(2**31), 2**31 - 1))
        return number if number is not None and low <= number <= high else None
    return value if isinstance(value, str) else None


#: Why the settings could not be written, by the error the system gave, in the user's words.
WRITE_FAILURES: dict[int, str] = {
    errno.EROFS: "the disk is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.EFBIG: "a limit on file size stops Coach from writing it",
    errno.ENOTDIR: "a file is where its folder should be",
    errno.EEXIST: "a file is where its folder should be",
    errno.EISDIR: "a folder is where the file should be",
    errno.ENOENT: "its folder cannot be created",
    errno.EIO: "the disk reported an error",
}
NOT_ALLOWED = (errno.EACCES, errno.EPERM)


#: The window's layout, kept as base64 text (Qt gives it as bytes).
LAYOUT_KEYS = ("window/geometry", "window/state")
#: The pattern of the temporary files a save of settings.ini makes (see coach.core.files.temp_files).
_SETTINGS_FILES = re.compile(r"settings\.ini")


def _layout_bytes(text: str) -> bytes | None:
    try:
        return base64.b64decode(text, validate=True) or None
    except (ValueError, binascii.Error):
        return None


class Settings:
    """Typed access to the preferences kept in ``settings.ini`` (``DataDir.settings_file``).

    The file is read and written by :mod:`coach.core.files.settings_file`, never by QSettings: every
    value is text checked against its setting. A damaged file, or values Coach cannot use, never
    stop Coach: the defaults are used for what cannot be read, the file is moved aside as
    ``settings.ini.bad-<time>`` (the good values are written anew), and :attr:`problem` says so.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        #: What was wrong with the file at opening, in the user's words (None when nothing was).
        self.problem: str | None = None
        #: Where the file was moved when it was damaged or held values Coach cannot use.
        self.backup: Path | None = None
        #: ``group/key`` -> text, as in the file (unknown keys are kept and written back).
        self._values: dict[str, str] = {}
        #: Changes not yet on disk.
        self._unsaved = False
        #: Why the last save failed (None when it did not), so that a later success can be told.
        self.save_problem: str | None = None
        #: Why the last write failed, in the user's words (None when it did not, or it was not tried).
        self._write_failure: str | None = None
        #: A folder, a pipe or a device in the file's place: never read nor written over.
        self._in_the_way: str | None = None
        self._read_file()

    def _read_file(self) -> None:
        try:
            data = read_ordinary(self.path, MAX_BYTES)
        except (FileNotFoundError, NotADirectoryError):
            return  # no file yet (a file in the folder's place is said when saving fails)
        except (IsADirectoryError, NotAnOrdinaryFile):
            self._in_the_way = kind_of(self.path) or "not a file"
            what = "a folder" if self._in_the_way == "a folder" else "a pipe or a device"
            self.problem = (f"Your settings file {self.path} is not a file ({what} is in its place), "
                            "so Coach uses the default settings and cannot save changes to them.")
            return
        except OSError as exc:
            self.problem = (f"Your settings file {self.path} could not be read ({exc.strerror or exc}), "
                            "so Coach uses the default settings.")
            return
        try:
            values = parse(data)
        except SettingsFileError as error:
            kept = self._move_aside()
            self.problem = (f"Your settings file {self.path} could not be read ({error}), so Coach "
                            f"uses the default settings. {kept}")
            return
        bad = {key: text for key, text in values.items() if not self._usable(key, text)}
        # A layout from before Coach wrote it as text (Qt's @ByteArray): left out, said nowhere.
        old_layout = [key for key in LAYOUT_KEYS if key in bad and bad[key].startswith("@ByteArray(")]
        for key in old_layout:
            del bad[key]
        self._values = {key: text for key, text in values.items() if key not in bad and key not in old_layout}
        if old_layout:
            self._unsaved = True
        if not bad:
            return
        kept = self._move_aside()
        shown = ", ".join(f"{key}: a stored object, which Coach never reads" if is_typed(text)
                          else f"{key} = {text!r}"[:80] for key, text in bad.items())
        self.problem = (f"Some of your settings had values Coach cannot use ({shown}); their "
                        f"defaults are used instead. {kept}")
        self._unsaved = True
        if self.backup is not None:
            self.sync()  # the good values, in a file of their own

    @staticmethod
    def _usable(key: str, text: str) -> bool:
        if is_typed(text):
            return False  # Qt's typed values (a pickled object...): never interpreted
        if key in DEFAULTS:
            return _typed(key, text) is not None
        if key in LAYOUT_KEYS:
            return _layout_bytes(text) is not None
        return True

    def _move_aside(self) -> str:
        """Moves the file to ``settings.ini.bad-<time>``; says where, or why it is left."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.bad-{stamp}")
        for number in range(2, 100):
            if not os.path.lexists(backup):
                break
            backup = self.path.with_name(f"{self.path.name}.bad-{stamp}-{number}")
        try:
            os.rename(self.path, backup)
        except OSError as exc:
            return f"The old file could not be moved aside ({exc.strerror or exc}) and is left as it is."
        self.backup = backup
        return f"The old file is kept as {backup}."

    def get(self, key: str):
        default = DEFAULTS[key]
        text = self._values.get(key)
        value = None if text is None else _typed(key, text)
        return default if value is None else value

    def set(self, key: str, value) -> None:
        if key not in DEFAULTS:
            raise KeyError(key)
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        if _typed(key, text) is None:
            raise ValueError(f"{key} cannot be {value!r}")
        self._values[key] = text
        self._unsaved = True

    # Window layout is bytes from Qt; kept apart from the typed preferences.
    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        geometry, state = (_layout_bytes(self._values.get(key, "")) for key in LAYOUT_KEYS)
        return (QByteArray(geometry) if geometry else None, QByteArray(state) if state else None)

    def save_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        for key, data in zip(LAYOUT_KEYS, (geometry, state)):
            text = base64.b64encode(bytes(data)).decode("ascii")
            if self._values.get(key) != text:
                self._values[key] = text
                self._unsaved = True

    def sync(self) -> bool:
        """Writes the settings to the file when they changed; False when they are not on disk
        (never raises: a data folder that cannot be created must not stop the window from closing)."""
        if not self._unsaved:
            return True
        if self._in_the_way:
            self._write_failure = (WRITE_FAILURES[errno.EISDIR] if self._in_the_way == "a folder"
                                   else f"{self._in_the_way} is where the file should be")
            return False
        self._write_failure = self._write()
        if self._write_failure is None:
            self._unsaved = False
        return not self._unsaved

    def _write(self) -> str | None:
        """Replaces the file with the settings (atomically); why it failed, or None."""
        # Through a symbolic link (a dotfiles folder): the file it points to is replaced.
        target = Path(os.path.realpath(self.path))
        folder = target.parent
        try:
            if folder.exists() and not folder.is_dir():
                return WRITE_FAILURES[errno.ENOTDIR]
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return self._cause(exc, folder, "folder")
        in_the_way = kind_of(target)  # checked again: what is there may have changed since
        if in_the_way == "a folder":
            return WRITE_FAILURES[errno.EISDIR]
        if in_the_way:  # a device or a pipe is never replaced (through a link, it could be /dev/zero)
            return f"{in_the_way} is where the file should be"
        if target.exists():
            try:
                # A read-only file is left alone, though a rename in its folder could replace it.
                os.close(os.open(target, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0)))
            except OSError as exc:
                return self._cause(exc, target, "file")
        try:
            write_atomically(target, format_settings(self._values))
        except OSError as exc:
            return self._cause(exc, folder, "folder")
        temp_files.remove_stale(folder, _SETTINGS_FILES)
        return None

    def save(self) -> str | None:
        """Writes the settings now and returns what the user should be told about it: why they
        could not be written (they still apply until Coach is closed), that they are written again
        after such a failure, or None when there is nothing to say. Never raises."""
        if self.sync():
            told, self.save_problem = self.save_problem, None
            return f"Your settings are saved to {self.path} again." if told else None
        because = f" ({self._write_failure})" if self._write_failure else ""
        self.save_problem = (f"Your settings could not be saved to {self.path}{because}: they apply "
                             "until Coach is closed.")
        return self.save_problem

    @staticmethod
    def _cause(exc: OSError, where: Path, what: str) -> str:
        if exc.errno in NOT_ALLOWED:
            try:
                read_only = not os.stat(where).st_mode & 0o222
            except OSError:
                read_only = False
            return f"the {what} is read-only" if read_only else f"Coach is not allowed to write to the {what}"
        return WRITE_FAILURES.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()

    @property
    def speech_rate(self) -> float:
        return max(-1.0, min(1.0, self.get("voice/rate") / 10))


class SettingsDialog(QDialog):
    """Sound and voice preferences; says why sound or voice is unavailable when it is."""

    #: After OK, something the user should be told about saving (see :meth:`Settings.save`).
    save_told = Signal(str)

    def __init__(self, settings: Settings, *, voices: list[str], voices_loading: bool = False,
                 sound_problem: str = "", voice_problem: str = "", parent: QWidget | None = None) -> None:
        # Imported when the dialog opens: PySide6 builds a widget class's Python type and enums
        # the first time it is imported, and the main window (which imports this module) uses none.
        from PySide6.QtWidgets import QCheckBox, QComboBox, QDialogButtonBox, QFormLayout, QSlider

        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")

        self.sound = QCheckBox("Play &sound cues")
        self.sound.setChecked(settings.get("sound/enabled"))
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(settings.get("sound/volume"))
        self.volume.setAccessibleName("Volume")
        self.voice = QCheckBox("Speak &announcements")
        self.voice.setChecked(settings.get("voice/enabled"))
        self.voice_name = QComboBox()
        self.voice_name.setAccessibleName("Voice")
        self._chosen_voice = settings.get("voice/name")
        self._fill_voices(voices, voices_loading)
        self.rate = QSlider(Qt.Orientation.Horizontal)
        self.rate.setRange(-10, 10)
        self.rate.setValue(settings.get("voice/rate"))
        self.rate.setAccessibleName("Speaking rate")
        self.count_reps = QCheckBox("&Count reps aloud")
        self.count_reps.setChecked(settings.get("voice/count_reps"))
        self.floor_mode = QCheckBox("Start workouts in &floor mode (large, full screen)")
        self.floor_mode.setChecked(settings.get("player/floor_mode_by_default"))
        self.checkin = QCheckBox("As&k how my back is before and after a workout")
        self.checkin.setChecked(settings.get("checkin/enabled"))
        self.animate_figures = QCheckBox("Ani&mate figures (off: each part shows the pose it ends in)")
        self.animate_figures.setChecked(settings.get("figures/animate"))

        form = QFormLayout()
        form.addRow(self.sound)
        form.addRow("&Volume:", self.volume)
        if sound_problem:
            form.addRow(self._problem_label(sound_problem, "sound_problem"))
        form.addRow(self.voice)
        form.addRow("V&oice:", self.voice_name)
        form.addRow("&Rate:", self.rate)
        form.addRow(self.count_reps)
        self.voice_problem = self._problem_label(voice_problem, "voice_problem")
        self.voice_problem.setVisible(bool(voice_problem))
        form.addRow(self.voice_problem)
        form.addRow(self.floor_mode)
        form.addRow(self.animate_figures)
        form.addRow(self.checkin)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.accepted.connect(self.save)

    def _fill_voices(self, voices: list[str], loading: bool) -> None:
        chosen = self.voice_name.currentData() if self.voice_name.count() > 1 else self._chosen_voice
        self.voice_name.clear()
        self.voice_name.addItem("Default voice", "")
        if loading and self._chosen_voice:
            # Kept while the list loads, so that OK now does not forget the voice chosen before.
            self.voice_name.addItem(self._chosen_voice, self._chosen_voice)
        for name in voices:
            if self.voice_name.findData(name) < 0:
                self.voice_name.addItem(name, name)
        self.voice_name.setCurrentIndex(max(0, self.voice_name.findData(chosen)))
        self.voice_name.setToolTip("The voices are loading…" if loading else "")
        if loading:
            self.voice_name.addItem("The voices are loading…", None)
            item = self.voice_name.model().item(self.voice_name.count() - 1)
            item.setEnabled(False)

    def show_voices(self, voices: list[str], problem: str = "") -> None:
        """The speech engine answered (the dialog never waits for it): its voices, or why there are none."""
        self._fill_voices(voices, loading=False)
        if problem:
            self.voice_problem.setText(problem)
            self.voice_problem.setVisible(True)
            self.adjustSize()  # room for the sentence, which came after the dialog was laid out

    def _problem_label(self, text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def save(self) -> None:
        s = self.settings
        s.set("sound/enabled", self.sound.isChecked())
        s.set("sound/volume", self.volume.value())
        s.set("voice/enabled", self.voice.isChecked())
        s.set("voice/name", self.voice_name.currentData() or "")
        s.set("voice/rate", self.rate.value())
        s.set("voice/count_reps", self.count_reps.isChecked())
        s.set("player/floor_mode_by_default", self.floor_mode.isChecked())
        s.set("checkin/enabled", self.checkin.isChecked())
        s.set("figures/animate", self.animate_figures.isChecked())
        message = s.save()
        if message:
            self.save_told.emit(message)
