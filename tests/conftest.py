"""Test set-up shared by every test: no display needed, never the real user folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import speech_daemons

# Property tests without their own max_examples run this many examples each: "ci" (the default)
# keeps the whole suite quick; COACH_FUZZ=thorough runs twenty times more (docs/RELIABILITY.md).
_FUZZ_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("ci", max_examples=100, **_FUZZ_COMMON)
settings.register_profile("thorough", max_examples=2000, **_FUZZ_COMMON)
settings.load_profile(os.environ.get("COACH_FUZZ", "ci"))

# Before anything creates a QApplication: render offscreen, so a plain `pytest` needs no display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Keep the tests away from the real speech-dispatcher and sound server of a developer's desktop.
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
# Speak through Qt's mock engine (coach/gui/voice_process.py's ENGINE_ENV), in this process and in
# every Coach a test starts: the real one starts a speech-dispatcher daemon that outlives the test.
# A test of the real speech service asks for the speech_service fixture.
os.environ.setdefault("COACH_VOICE_ENGINE", "mock")

REPO = Path(__file__).resolve().parents[1]
#: What the tests read that is not part of Coach: the FAQ's source text, the yaml-test-suite corpus.
TEST_DATA = REPO / "tests" / "data"


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty data folder and home, so nothing touches the real ones."""
    root = tmp_path_factory.mktemp("user")
    data = root / "data"
    monkeypatch.setenv("COACH_DATA_DIR", str(data))
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / "xdg-cache"))
    return data


@pytest.fixture(autouse=True)
def _no_speech_daemon_left_behind(_isolated_user_folders: Path, request: pytest.FixtureRequest):
    """A test that started speech-dispatcher (Qt's speech engine does, when none runs) and did not
    stop it fails here, and the daemon is stopped. A test that speaks through the real service asks
    for ``speech_service``, which stops it."""
    yield
    left = speech_daemons.daemons_under(_isolated_user_folders.parent)
    if left:
        speech_daemons.stop(left)
        pytest.fail(f"{request.node.nodeid} left speech-dispatcher running (PIDs {left}, stopped now): "
                    "was COACH_VOICE_ENGINE=mock taken away? (a test of the real service asks for speech_service)",
                    pytrace=False)


@pytest.fixture
def speech_service(_isolated_user_folders: Path, monkeypatch: pytest.MonkeyPatch):
    """For a test that speaks through the real speech service (not Qt's mock engine): the
    speech-dispatcher started for it (under the test's own XDG_CACHE_HOME) is stopped when the test ends."""
    monkeypatch.delenv("COACH_VOICE_ENGINE", raising=False)
    yield
    speech_daemons.stop(speech_daemons.daemons_under(_isolated_user_folders.parent))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """No speech-dispatcher started under this run's folders outlives the run (one a test's
    subprocess started after the test ended): stopped, and the run fails."""
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None or getattr(factory, "_basetemp", None) is None:
        return
    left = speech_daemons.daemons_under(factory.getbasetemp())
    if left:
        speech_daemons.stop(left)
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"speech-dispatcher left running under {factory.getbasetemp()} "
                                f"after the tests (PIDs {left}), stopped now", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def data_dir(_isolated_user_folders: Path) -> Path:
    """The test's own data folder (the one COACH_DATA_DIR points to); not created yet."""
    return _isolated_user_folders


class FakeClock:
    """A monotonic clock that moves only when the test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> float:
        self.now += seconds
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
