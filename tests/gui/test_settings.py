"""Preferences and the window layout are kept in settings.ini in the data folder, across restarts."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from coach.core.files.paths import DataDir
from coach.gui.settings import Settings

def test_settings_and_layout_are_kept_across_a_restart(make_window, data_dir, qtbot) -> None:
    window = make_window()
    dialog = window.open_settings()
    assert dialog.isVisible()
    dialog.sound.setChecked(False)
    dialog.volume.setValue(35)
    dialog.voice_name.setCurrentIndex(dialog.voice_name.findData("Bob"))
    dialog.rate.setValue(-4)
    dialog.count_reps.setChecked(True)
    dialog.floor_mode.setChecked(True)
    dialog.accept()
    window.resize(700, 550)  # within the offscreen screen's 800 x 800
    window.faq_action.trigger()  # F1: hide the FAQ panel
    assert not window.faq_dock.isVisible()
    window.close()
    assert DataDir(data_dir).settings_file.is_file()

    # A new start: a fresh Settings object reading the same file.
    again = make_window(settings=Settings(DataDir(data_dir).settings_file))
    s = again.settings
    assert (s.get("sound/enabled"), s.get("sound/volume"), s.get("voice/name"), s.get("voice/rate"),
            s.get("voice/count_reps"), s.get("player/floor_mode_by_default")) == (False, 35, "Bob", -4, True, True)
    assert (again.width(), again.height()) == (700, 550)
    assert not again.faq_dock.isVisible()
    assert again.services.cues.sound_on is False and again.services.cues.count_reps is True


def test_cancel_keeps_the_old_settings(make_window) -> None:
    window = make_window()
    dialog = window.open_settings()
    dialog.sound.setChecked(False)
    dialog.reject()
    assert window.settings.get("sound/enabled") is True


def test_the_dialog_says_why_there_is_no_sound_or_voice(make_window, sound, speaker) -> None:
    sound.problem = lambda: "no sound: no audio output device was found"
    speaker.problem = lambda: "no voice: Qt found no speech engine; install 'speech-dispatcher'"
    window = make_window()
    dialog = window.open_settings()
    assert "no audio output device" in dialog.findChild(QLabel, "sound_problem").text()
    assert "speech-dispatcher" in dialog.findChild(QLabel, "voice_problem").text()


def test_a_damaged_settings_file_falls_back_to_the_defaults(data_dir) -> None:
    path = DataDir(data_dir).settings_file
    path.parent.mkdir(parents=True)
    path.write_text("[sound]\nvolume=loud\nenabled=maybe\n", encoding="utf-8")
    settings = Settings(path)
    assert settings.get("sound/volume") == 80
    assert settings.get("sound/enabled") is True  # not a yes or a no: the default (issue 9)
