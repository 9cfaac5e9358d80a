"""``coach FILE`` (the menu entry's ``Exec=coach %f``): a good routine file is shown and Coach
offers to import it; a file with problems shows them as file:line:column; Help > Add Coach to the
applications menu runs ``coach desktop install`` without making the window wait."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from coach.cli import _file_to_open, build_parser
from coach.core.files.paths import DataDir
from coach.gui.app import open_window

REPO = Path(__file__).resolve().parents[2]

GOOD = """\
name: Evening back
exercises:
  - name: Bridges
    reps: 3
    tempo: 1s
"""
BROKEN = """\
name: Evening back
exercises:
  - name: Bridges
    reps: ten
"""


@pytest.fixture
def opened(qtbot):
    windows = []

    def add(window) -> None:
        qtbot.addWidget(window)
        windows.append(window)

    yield add
    for window in windows:
        if window.question is not None:
            window.question.done(QMessageBox.StandardButton.No)
        window.close()
        if window.history is not None:
            window.history.close()


def open_file(data_dir: Path, file: Path, opened):
    window = open_window(argparse.Namespace(command=None, data_dir=data_dir, open_file=str(file)))
    opened(window)
    return window


@pytest.mark.parametrize(("argv", "found"), [
    (["/home/me/evening.coach.yaml"], ("/home/me/evening.coach.yaml", None)),
    (["evening.yaml"], ("evening.yaml", None)),
    (["--data-dir", "/d", "/x/r.yml"], ("/x/r.yml", "/d")),
    (["--data-dir=/d", "./r"], ("./r", "/d")),
    (["list"], None), (["doctor"], None), (["--version"], None), (["lsit"], None),
    (["run", "x.yaml"], None), ([], None),
])
def test_coach_file_is_told_from_a_command(argv, found) -> None:
    assert _file_to_open(argv) == found


def test_a_mistyped_command_is_still_refused_by_name(capsys) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["lsit"])
    assert "invalid choice: 'lsit'" in capsys.readouterr().err


def test_a_good_routine_file_is_shown_and_imported_when_the_user_says_so(data_dir, tmp_path, qtbot, opened) -> None:
    file = tmp_path / "downloads" / "evening-back.coach.yaml"
    file.parent.mkdir()
    file.write_text(GOOD, encoding="utf-8")
    window = open_file(data_dir, file, opened)
    assert window.routine_view.routine.name == "Evening back"
    assert window.routine_view.title.text() == "Evening back"
    box = window.question
    assert box is not None and box.objectName() == "import_opened_file" and box.isVisible()
    assert "Import “Evening back” into your routines?" == box.text()
    entry = window.library_view.current_entry()
    assert (entry.routine.name, entry.source) == ("Evening back", "opened file")
    assert "Evening back" in window.library_view.visible_names()
    assert not window.edit_routine_action.isEnabled()  # imported first, never edited where it is
    [imported] = [b for b in box.buttons() if b.text() == "Import"]
    imported.click()
    # In the library now, selected, under the id its name... its file name gives: no ".coach" in it.
    qtbot.waitUntil(lambda: window.library_view.current_entry() is not None
                    and window.library_view.current_entry().routine.id == "evening-back", timeout=10000)
    assert (DataDir(data_dir).routines / "evening-back.yaml").read_text(encoding="utf-8") == GOOD
    assert window.library_view.current_entry().source == "user"


def test_not_now_imports_nothing_and_the_routine_can_still_be_played(data_dir, tmp_path, opened) -> None:
    file = tmp_path / "evening.coach.yaml"
    file.write_text(GOOD, encoding="utf-8")
    window = open_file(data_dir, file, opened)
    [not_now] = [b for b in window.question.buttons() if b.text() == "Not now"]
    not_now.click()
    assert window.question is None
    assert not DataDir(data_dir).routines.exists() or list(DataDir(data_dir).routines.glob("*.yaml")) == []
    assert window.routine_view.routine.name == "Evening back"
    assert window.start_action.isEnabled()


def test_the_opened_file_stays_shown_when_the_library_is_read_again(data_dir, tmp_path, qtbot, opened) -> None:
    """A file added to the routines folder reloads the library: the opened file stays selected."""
    file = tmp_path / "evening.coach.yaml"
    file.write_text(GOOD, encoding="utf-8")
    broken = tmp_path / "broken.coach.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    for path, shown in ((file, lambda w: w.routine_view.routine is not None
                         and w.routine_view.routine.name == "Evening back"),
                        (broken, lambda w: "broken.coach.yaml:4:11: error:" in w.routine_view.problems.text())):
        window = open_file(data_dir, path, opened)
        if window.question is not None:
            window.question.done(QMessageBox.StandardButton.No)
        assert shown(window)
        routines = DataDir(data_dir).routines
        routines.mkdir(parents=True, exist_ok=True)
        (routines / f"another-{path.stem.split('.')[0]}.yaml").write_text(GOOD.replace("Evening", "Morning"),
                                                                          encoding="utf-8")
        with qtbot.waitSignal(window.library_sync.library_changed, timeout=10000):
            window.reload_library()
        assert any("Morning back" in n for n in window.library_view.visible_names())
        assert shown(window)


def test_a_broken_routine_file_shows_its_problems_with_line_and_column(data_dir, tmp_path, opened) -> None:
    file = tmp_path / "broken.coach.yaml"
    file.write_text(BROKEN, encoding="utf-8")
    window = open_file(data_dir, file, opened)
    assert window.question is None
    assert window.routine_view.routine is None
    # Listed with the library's files with problems, and selected there.
    assert window.library_view.broken_file_at(window.library_view.list.currentRow()).endswith("broken.coach.yaml")
    shown = window.routine_view.problems.text()
    assert "broken.coach.yaml:4:11: error:" in shown and "'reps'" in shown
    assert "broken.coach.yaml has problems" in window.statusBar().currentMessage()
    assert not window.start_action.isEnabled()


def test_a_broken_file_from_elsewhere_is_not_said_to_be_picked_up_by_itself(data_dir, tmp_path, opened) -> None:
    """Coach watches only the routines folder: for a file opened from elsewhere it says how to
    show the fixed file, not that Coach picks up the change by itself."""
    file = tmp_path / "broken.coach.yaml"
    file.write_text(BROKEN, encoding="utf-8")
    window = open_file(data_dir, file, opened)
    said = window.routine_view.meta.text()
    assert "picks up the change by itself" not in said
    assert "does not watch" in said and "open it again" in said, said


def test_a_broken_file_in_the_routines_folder_is_picked_up_by_itself(data_dir, opened) -> None:
    routines = Path(data_dir) / "routines"
    routines.mkdir(parents=True, exist_ok=True)
    file = routines / "broken.yaml"
    file.write_text(BROKEN, encoding="utf-8")
    window = open_file(data_dir, file, opened)
    view = window.library_view
    assert view.broken_file_at(view.list.currentRow()).endswith("broken.yaml")
    assert "Coach picks up the change by itself" in window.routine_view.meta.text()


def test_a_missing_file_says_so(data_dir, tmp_path, opened) -> None:
    window = open_file(data_dir, tmp_path / "gone.coach.yaml", opened)
    assert "the file does not exist" in window.routine_view.problems.text()


def test_a_file_already_in_the_library_is_selected_there(data_dir, opened) -> None:
    builtin = REPO / "routines" / "runners-core.yaml"
    window = open_file(data_dir, builtin, opened)
    assert window.question is None
    assert window.library_view.current_entry().routine.id == "runners-core"


def test_help_adds_coach_to_the_applications_menu_in_the_background(data_dir, tmp_path, qtbot, opened,
                                                                    monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    window = open_window(argparse.Namespace(command=None, data_dir=data_dir))
    opened(window)
    assert window.add_to_menu_action in window.menuBar().actions()[-1].menu().actions()
    with qtbot.waitSignal(window.add_to_menu_action.triggered, timeout=1000):
        window.add_to_menu_action.trigger()
    assert not window.add_to_menu_action.isEnabled()  # running, in a child process
    qtbot.waitUntil(lambda: getattr(window, "menu_entry_result", None) is not None, timeout=60000)
    assert "Coach is in the applications menu" in window.menu_entry_result.text()
    assert (tmp_path / "share" / "applications" / "example.coach.Coach.desktop").is_file()
    assert window.add_to_menu_action.isEnabled()


def test_an_install_that_never_ends_is_stopped_and_said(qtbot) -> None:
    from coach.gui.menu_entry import MenuEntryInstaller

    sleep = shutil.which("sleep")
    installer = MenuEntryInstaller(command=[sleep, "600"], time_limit_ms=300)
    with qtbot.waitSignal(installer.finished, timeout=10000) as told:
        installer.start()
    assert told.args[0] is False and "did not finish within" in told.args[1]


def test_an_install_that_fails_says_why(qtbot) -> None:
    from coach.gui.menu_entry import MenuEntryInstaller

    installer = MenuEntryInstaller(command=[sys.executable, "-c",
                                            "import sys; sys.exit('coach: could not install the menu entry: disk full')"])
    with qtbot.waitSignal(installer.finished, timeout=30000) as told:
        installer.start()
    assert told.args == [False, "could not install the menu entry: disk full"]
