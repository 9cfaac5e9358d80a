"""The user's preferences (kept in settings.ini in the data folder) and the settings dialog."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Signal
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
#: Bytes the test write puts in the folder: enough to notice a disk with no room for the file.
PROBE_SIZE = 4096


def _ini_line(line: str) -> bool:
    """Whether a line is one Qt writes (or a person would): a [group], key=value, a comment."""
    line = line.strip()
    return (not line or line.startswith((";", "#")) or "=" in line
            or (line.startswith("[") and line.endswith("]")))


class Settings:
    """Typed access to QSettings in IniFormat at ``DataDir.settings_file``.

    A damaged file, or values of the wrong type, never stop Coach: the defaults are used for
    what cannot be read, a copy of the file is kept beside it, and :attr:`problem` says so.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        #: What was wrong with the file at opening, in the user's words (None when nothing was).
        self.problem: str | None = None
        #: The copy of the file kept when it was damaged or held values Coach cannot use.
        self.backup: Path | None = None
        self.qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)
        #: Changes not yet on disk (QSettings keeps them in memory until a sync writes them).
        self._unsaved = False
        #: Why the last save failed (None when it did not), so that a later success can be told.
        self.save_problem: str | None = None
        self._check_file()

    def _check_file(self) -> None:
        if self.path.exists() and not self.path.is_file():
            self.problem = (f"Your settings file {self.path} is not a file (a folder is in its place), "
                            "so Coach uses the default settings and cannot save changes to them.")
            return
        if not self.path.is_file():
            return
        status = self.qsettings.status()
        try:
            # Qt reads some binary garbage without complaint; Coach writes UTF-8 text only.
            data = self.path.read_bytes()
            damaged = (status != QSettings.Status.NoError or b"\0" in data
                       or not all(_ini_line(line) for line in data.decode("utf-8").splitlines()))
        except UnicodeDecodeError:
            damaged = True
        except OSError:
            damaged = status != QSettings.Status.NoError
        bad = [key for key in DEFAULTS
               if self.qsettings.contains(key) and _typed(key, self.qsettings.value(key)) is None]
        if not damaged and not bad:
            return
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.bad-{stamp}")
        try:
            shutil.copyfile(self.path, backup)
            self.backup = backup
            kept = f"The old file is kept as {backup}."
        except OSError as exc:
            kept = f"The old file could not be copied aside ({exc.strerror or exc}) and is left as it is."
        if damaged:
            self.problem = (f"Your settings file {self.path} could not be read, so Coach uses the "
                            f"default settings. {kept}")
            if self.backup is not None:
                # Qt will not write over a file it could not parse: start a new one.
                self.path.unlink(missing_ok=True)
                self.qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)
            return
        shown = ", ".join(f"{key} = {self.qsettings.value(key)!r}"[:80] for key in bad)
        self.problem = (f"Some of your settings had values Coach cannot use ({shown}); their "
                        f"defaults are used instead. {kept}")
        for key in bad:
            self.qsettings.remove(key)
        self._unsaved = True

    def get(self, key: str):
        default = DEFAULTS[key]
        value = _typed(key, self.qsettings.value(key, default))
        return default if value is None else value

    def set(self, key: str, value) -> None:
        if key not in DEFAULTS:
            raise KeyError(key)
        self.qsettings.setValue(key, value)
        self._unsaved = True

    # Window layout is bytes from Qt; kept apart from the typed preferences.
    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        geometry = self.qsettings.value("window/geometry")
        state = self.qsettings.value("window/state")
        return (geometry if isinstance(geometry, QByteArray) else None,
                state if isinstance(state, QByteArray) else None)

    def save_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)
        self._unsaved = True

    def sync(self) -> bool:
        """Writes the settings to the file; False when they are not on disk (never raises: a data
        folder that cannot be created must not stop the window from closing)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return not self._unsaved
        before = self._file_state()
        self.qsettings.sync()
        # QSettings keeps the first error it met for good, and says only AccessError for any
        # failed write: whether the file was replaced on disk is the answer that holds.
        if self._unsaved and self._file_state() not in (before, None):
            self._unsaved = False
        return not self._unsaved

    def save(self) -> str | None:
        """Writes the settings now and returns what the user should be told about it: why they
        could not be written (they still apply until Coach is closed), that they are written again
        after such a failure, or None when there is nothing to say. Never raises."""
        if self.sync():
            told, self.save_problem = self.save_problem, None
            return f"Your settings are saved to {self.path} again." if told else None
        cause = self._why_not_written()
        because = f" ({cause})" if cause else ""
        self.save_problem = (f"Your settings could not be saved to {self.path}{because}: they apply "
                             "until Coach is closed.")
        return self.save_problem

    def _file_state(self) -> tuple[int, ...] | None:
        """What tells one version of the file from the next (Qt replaces it by a rename)."""
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)

    def _why_not_written(self) -> str | None:
        """Asks the system why the file cannot be written, by trying what Qt does: open the file
        for writing (without changing it) and write a new file beside it. None when both work."""
        folder = self.path.parent
        try:
            if self.path.is_dir():
                return WRITE_FAILURES[errno.EISDIR]
            if folder.exists() and not folder.is_dir():
                return WRITE_FAILURES[errno.ENOTDIR]
            folder.mkdir(parents=True, exist_ok=True)
            if self.path.exists():
                try:
                    os.close(os.open(self.path, os.O_WRONLY))
                except OSError as exc:
                    return self._cause(exc, self.path, "file")
            handle, probe = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".probe", dir=folder)
        except OSError as exc:
            return self._cause(exc, folder, "folder")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(b"\0" * PROBE_SIZE)
                file.flush()
                os.fsync(file.fileno())  # some file systems say a disk is full only here
        except OSError as exc:
            return self._cause(exc, folder, "folder")
        finally:
            try:
                os.unlink(probe)
            except OSError:
                pass
        return None

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

    def __init__(self, settings: Settings, *, voices: list[str], sound_problem: str = "",
                 voice_problem: str = "", parent: QWidget | None = None) -> None:
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
        self.voice_name.addItem("Default voice", "")
        for name in voices:
            self.voice_name.addItem(name, name)
        index = self.voice_name.findData(settings.get("voice/name"))
        self.voice_name.setCurrentIndex(max(0, index))
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

        form = QFormLayout()
        form.addRow(self.sound)
        form.addRow("&Volume:", self.volume)
        if sound_problem:
            form.addRow(self._problem_label(sound_problem, "sound_problem"))
        form.addRow(self.voice)
        form.addRow("V&oice:", self.voice_name)
        form.addRow("&Rate:", self.rate)
        form.addRow(self.count_reps)
        if voice_problem:
            form.addRow(self._problem_label(voice_problem, "voice_problem"))
        form.addRow(self.floor_mode)
        form.addRow(self.checkin)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.accepted.connect(self.save)

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
        message = s.save()
        if message:
            self.save_told.emit(message)
