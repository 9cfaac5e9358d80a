"""The user's preferences (kept in settings.ini in the data folder) and the settings dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSlider, QVBoxLayout, QWidget,
)
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
}


class Settings:
    """Typed access to QSettings in IniFormat at ``DataDir.settings_file``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get(self, key: str):
        default = DEFAULTS[key]
        value = self.qsettings.value(key, default)
        # The ini format gives strings back; convert to the type of the default.
        if isinstance(default, bool):
            if isinstance(value, str):
                return value.strip().lower() in ("true", "1", "yes", "on")
            return bool(value)
        if isinstance(default, int):
            try:
                return int(value)
            except (TypeError, ValueError):
                return default
        return "" if value is None else str(value)

    def set(self, key: str, value) -> None:
        if key not in DEFAULTS:
            raise KeyError(key)
        self.qsettings.setValue(key, value)

    # Window layout is bytes from Qt; kept apart from the typed preferences.
    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        geometry = self.qsettings.value("window/geometry")
        state = self.qsettings.value("window/state")
        return (geometry if isinstance(geometry, QByteArray) else None,
                state if isinstance(state, QByteArray) else None)

    def save_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)

    def sync(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.qsettings.sync()

    @property
    def speech_rate(self) -> float:
        return max(-1.0, min(1.0, self.get("voice/rate") / 10))


class SettingsDialog(QDialog):
    """Sound and voice preferences; says why sound or voice is unavailable when it is."""

    def __init__(self, settings: Settings, *, voices: list[str], sound_problem: str = "",
                 voice_problem: str = "", parent: QWidget | None = None) -> None:
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
        s.sync()
