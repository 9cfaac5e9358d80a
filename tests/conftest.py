"""Test set-up shared by every test: no display needed, never the real user folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

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
