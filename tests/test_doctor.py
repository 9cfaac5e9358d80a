"""``coach doctor``: one line per check, the fix in plain words, exit 0 unless something FAILs."""

from __future__ import annotations

import argparse
import ctypes.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach.commands import doctor
from coach.gui import probe

CHECK_NAMES = ["window", "routines", "faq", "data folder", "sound", "voice"]


def run_doctor(data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env}
    return subprocess.run([sys.executable, "-m", "coach", "--data-dir", str(data_dir), "doctor"],
                          capture_output=True, text=True, env=environment, timeout=300)


def lines_by_check(output: str) -> dict[str, tuple[str, str]]:
    found = {}
    for line in output.splitlines():
        status, _, rest = line.partition("  ")
        for name in CHECK_NAMES:
            if rest.strip().startswith(name + " "):
                found[name] = (status.strip(), rest.strip()[len(name):].strip())
    return found


@pytest.mark.slow
def test_doctor_prints_every_check_and_passes_without_sound(data_dir: Path) -> None:
    done = run_doctor(data_dir)
    found = lines_by_check(done.stdout)
    assert list(found) == CHECK_NAMES, done.stdout + done.stderr
    for name in ["window", "routines", "faq", "data folder"]:
        assert found[name][0] == "OK", done.stdout
    # This machine may or may not have a sound server; either way missing sound is only a warning
    # that says what is missing.
    for name in ["sound", "voice"]:
        status, detail = found[name]
        assert status in ("OK", "WARN"), done.stdout
        if status == "WARN":
            assert "no sound" in detail or "no voice" in detail
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_doctor_fails_on_a_data_folder_that_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    done = run_doctor(blocker / "data")
    status, detail = lines_by_check(done.stdout)["data folder"]
    assert status == "FAIL"
    assert "--data-dir" in detail
    assert done.returncode == 1
    assert "cannot work until the failures above are fixed" in done.stdout


def test_sound_check_names_the_missing_package(monkeypatch: pytest.MonkeyPatch) -> None:
    real = ctypes.util.find_library
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None if name == "pulse" else real(name))
    status, detail = probe.check_sound()
    assert status == "WARN"
    assert "libpulse.so.0" in detail and "libpulse0" in detail


def test_voice_check_without_the_sound_library_names_the_missing_package(monkeypatch: pytest.MonkeyPatch) -> None:
    # Qt's speech module links libpulse.so.0 too: on a machine without libpulse0 it cannot load.
    real = ctypes.util.find_library
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None if name == "pulse" else real(name))
    status, detail = probe.check_speech()
    assert status == "WARN"
    assert detail.startswith("no voice") and "libpulse0" in detail


def test_a_crashing_probe_is_a_failure_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    def crashed(*args, **kwargs):
        return subprocess.CompletedProcess(args, -6, stdout="", stderr="qt.qpa.plugin: Could not load the Qt platform plugin \"xcb\"\n")

    monkeypatch.setattr(doctor.subprocess, "run", crashed)
    status, detail = doctor.probe("window")
    assert status == "FAIL"
    assert "Could not load the Qt platform plugin" in detail


def test_window_failure_without_a_display_says_how_to_check_headless(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor, "probe", lambda name: ("FAIL", "Qt could not start"))
    for variable in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(variable, raising=False)
    status, detail = doctor.check_window()
    assert status == "FAIL"
    assert "QT_QPA_PLATFORM=offscreen" in detail


def test_data_folder_check_creates_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "new" / "data"
    status, _ = doctor.check_data_folder(argparse.Namespace(data_dir=target))
    assert status == "OK"
    assert target.is_dir()
    assert list(target.iterdir()) == []  # the probe file is cleaned up
