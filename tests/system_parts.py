"""The optional system parts some tests need: how a test finds one missing, and the package that brings it.

`pytest` passes on a machine with only what the README lists for the tests; a test that needs more
(the sound library, the X11 libraries, Xvfb) calls one of the ``need_*`` functions below and skips,
naming the Debian/Ubuntu package to install. Under CI (the environment variable ``CI`` set, as
``.ci/run`` and CI services do) it fails instead: ``.ci/run`` installs every package of
``PACKAGES``, so there a missing part is a broken CI, never a quietly skipped test
(tests/test_ci.py checks the list against ``.ci/run``).
"""

from __future__ import annotations

import ctypes.util
import importlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

#: Every file a test may find missing, and the Debian/Ubuntu package that has it.
PACKAGES = {
    "libpulse.so.0": "libpulse0",
    "libpulse-simple.so.0": "libpulse0",
    "libspeechd.so.2": "libspeechd2",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "Xvfb": "xvfb",
    # The freedesktop validators and tools the desktop integration is checked with.
    "desktop-file-validate": "desktop-file-utils",
    "desktop-file-install": "desktop-file-utils",
    "update-desktop-database": "desktop-file-utils",
    "appstreamcli": "appstream",
    "xmllint": "libxml2-utils",
    "update-mime-database": "shared-mime-info",
    "xdg-mime": "xdg-utils",
    # The screen reader test (tests/gui/test_screen_reader.py).
    "dbus-launch": "dbus-x11",
    "at-spi-bus-launcher": "at-spi2-core",
    "pyatspi": "python3-pyatspi",
    "xdotool": "xdotool",
    # The cue timing test (tests/test_cue_timing.py): a private sound server, recorded.
    "pulseaudio": "pulseaudio",
    "parec": "pulseaudio-utils",
    "pacat": "pulseaudio-utils",
    "pactl": "pulseaudio-utils",
}


def need(part: str, packages: list[str]) -> None:
    """Skips the calling test because ``part`` is missing, or fails it under CI (see above)."""
    message = f"missing here: {part}; install {' '.join(packages)} (Debian/Ubuntu: apt-get install)"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; .ci/run installs it, so under CI this test must run", pytrace=False)
    pytest.skip(message)


def _package(file: str) -> str:
    if file not in PACKAGES:  # a new dependency of Qt's: add it here and to .ci/run
        pytest.fail(f"{file} is missing and tests/system_parts.py does not know its package", pytrace=False)
    return PACKAGES[file]


def need_qt_module(name: str) -> None:
    """The test needs ``PySide6.<name>`` (Qt Multimedia and Qt TextToSpeech need libpulse.so.0)."""
    try:
        importlib.import_module(f"PySide6.{name}")
        return
    except ImportError as exc:
        missing = re.search(r"([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file", str(exc))
        if missing is None:
            raise
    need(f"{missing.group(1)} (Qt's {name} needs it)", [_package(missing.group(1))])


def need_library(file: str, why: str) -> None:
    """The test needs the shared library ``file`` (for example ``libspeechd.so.2``)."""
    name = file.removeprefix("lib").split(".so")[0]
    if ctypes.util.find_library(name) is None:
        need(f"{file} ({why})", [_package(file)])


def missing_x11_libraries() -> list[str]:
    """The libraries Qt's X11 platform plugin needs that this machine does not have."""
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    listed = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True).stdout
    return sorted(set(re.findall(r"^\s*(\S+) => not found", listed, re.MULTILINE)))


def need_x11_windows() -> str:
    """The test shows real windows under Xvfb: the Xvfb program and Qt's X11 libraries. Gives Xvfb's path."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        need("the program Xvfb", [_package("Xvfb")])
    missing = missing_x11_libraries()
    if missing:
        need(f"{', '.join(missing)} (Qt needs them for X11 windows)", [_package(file) for file in missing])
    return xvfb


def need_program(name: str) -> str:
    """The test runs the program ``name`` (a validator, a desktop tool). Gives its path."""
    path = shutil.which(name)
    if path is None:
        need(f"the program {name}", [_package(name)])
    return path


def need_pulseaudio() -> None:
    """The test starts its own PulseAudio server (a null sink) and records it: the programs
    pulseaudio, parec, pacat and pactl."""
    for program in ("pulseaudio", "parec", "pacat", "pactl"):
        if shutil.which(program) is None:
            need(f"the program {program}", [_package(program)])
