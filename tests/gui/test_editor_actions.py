"""The library's routine commands with their questions: customize, reset, duplicate, new, delete,
import (dialog or drop, with the id clash question) and export."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from editor_helpers import load_lib
from PySide6.QtCore import QMimeData, QUrl

from coach.core.routines.library import BUILT_IN, CUSTOMIZED, USER
from coach.core.routines.routine import Exercise, Routine
from coach.core.routines.routine_format import load_routine_file
from coach.core.routines.routine_writer import routine_to_yaml
from coach.core.routines.user_routines import KEEP_BOTH, REPLACE, UserRoutines
from coach.gui.editor.actions import RoutineActions
from coach.gui.routine_file import yaml_paths

OUTSIDE = Routine(id="physio", name="From my physio", exercises=(Exercise(name="Supermans", reps=8),))


@pytest.fixture
def folder(data_dir: Path) -> Path:
    return data_dir / "routines"


@pytest.fixture
def actions(qtbot, folder: Path) -> RoutineActions:
    acts = RoutineActions(UserRoutines(folder), lambda: load_lib(folder))
    acts.confirm = lambda title, question: pytest.fail(f"unexpected question: {question}")
    acts.ask_clash = lambda routine: pytest.fail("unexpected clash question")
    return acts


def test_customize_opens_the_users_copy(qtbot, actions, folder) -> None:
    entry = load_lib(folder).get("runners-core")
    with qtbot.waitSignal(actions.edit_requested) as opened:
        actions.customize(entry)
    routine, path = opened.args
    assert path == folder / "runners-core.yaml" and routine == entry.routine
    assert load_lib(folder).get("runners-core").source == CUSTOMIZED


def test_reset_asks_first(qtbot, actions, folder) -> None:
    actions.customize(load_lib(folder).get("runners-core"))
    entry = load_lib(folder).get("runners-core")
    questions = []
    actions.confirm = lambda title, question: questions.append(question) or False
    assert actions.reset_to_builtin(entry) is False
    assert load_lib(folder).get("runners-core").source == CUSTOMIZED
    actions.confirm = lambda title, question: True
    with qtbot.waitSignal(actions.changed):
        assert actions.reset_to_builtin(entry) is True
    assert load_lib(folder).get("runners-core").source == BUILT_IN
    assert "Delete your version of “Runner" in questions[0]


def test_delete_asks_and_refuses_built_ins(qtbot, actions, folder) -> None:
    with qtbot.waitSignal(actions.failed) as failed:
        assert actions.delete(load_lib(folder).get("runners-core")) is False
    assert "cannot be deleted" in failed.args[0]
    done = actions.user_routines.save(actions.new_routine(), taken={})
    entry = load_lib(folder).get(done.routine.id)
    assert entry.source == USER
    actions.confirm = lambda title, question: True
    assert actions.delete(entry) is True
    assert load_lib(folder).get(done.routine.id) is None


def test_duplicate_and_new_open_the_editor(qtbot, actions, folder) -> None:
    with qtbot.waitSignal(actions.edit_requested) as opened:
        actions.duplicate(load_lib(folder).get("gentle-stretching"))
    assert opened.args[0].id == "gentle-stretching-copy"
    before = sorted(folder.iterdir())
    with qtbot.waitSignal(actions.edit_requested) as opened:
        actions.new_routine()
    assert opened.args[0].id == "my-routine" and opened.args[1] is None
    assert sorted(folder.iterdir()) == before  # nothing written until the editor saves it


def _source(tmp_path: Path, routine: Routine, name: str = "physio.yaml") -> Path:
    path = tmp_path / name
    path.write_text(routine_to_yaml(routine))
    return path


def test_import_from_the_dialog(qtbot, actions, folder, tmp_path) -> None:
    actions.choose_import_files = lambda: [_source(tmp_path, OUTSIDE)]
    with qtbot.waitSignal(actions.changed):
        done = actions.import_files()
    assert [d.routine.id for d in done] == ["physio"]
    assert load_lib(folder).get("physio").source == USER


@pytest.mark.parametrize(("choice", "ids"), [(REPLACE, ["physio"]), (KEEP_BOTH, ["physio", "physio-2"]),
                                             (None, ["physio"])])
def test_import_clash_asks_replace_or_keep_both(qtbot, actions, folder, tmp_path, choice, ids) -> None:
    actions.import_files([_source(tmp_path, OUTSIDE)])
    second = _source(tmp_path, dataclasses.replace(OUTSIDE, name="Newer"), "again.yaml")
    asked = []
    actions.ask_clash = lambda routine: asked.append(routine.name) or choice
    actions.import_files([second])
    assert asked == ["Newer"]
    user_ids = sorted(e.id for e in load_lib(folder).entries if e.source == USER)
    assert user_ids == ids
    expected = "Newer" if choice == REPLACE else "From my physio"
    assert load_lib(folder).get("physio").routine.name == expected


def test_a_broken_import_says_why(qtbot, actions, folder, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Bad\nexercises:\n  - name: X\n    reps: ten\n")
    with qtbot.waitSignal(actions.failed) as failed:
        assert actions.import_files([bad, _source(tmp_path, OUTSIDE)])[0].routine.id == "physio"
    assert "bad.yaml:4:11: error:" in failed.args[0]


def test_dropped_files_are_imported(qtbot, actions, folder, tmp_path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(_source(tmp_path, OUTSIDE))),
                  QUrl.fromLocalFile(str(tmp_path / "picture.png")),
                  QUrl("https://example.org/x.yaml")])
    paths = yaml_paths(mime)
    assert paths == [tmp_path / "physio.yaml"]
    actions.import_files(paths)
    assert load_lib(folder).get("physio").source == USER


def test_export_writes_where_the_user_chose(qtbot, actions, folder, tmp_path) -> None:
    entry = load_lib(folder).get("runners-core")
    actions.choose_export_path = lambda routine: tmp_path / "out.yaml"
    result = actions.export(entry)
    assert result.path == tmp_path / "out.yaml"
    assert load_routine_file(result.path)[0] == entry.routine
    actions.choose_export_path = lambda routine: None  # cancelled
    assert actions.export(entry) is None


def test_export_proposes_the_routine_file_type_and_import_takes_both_names(
        qtbot, actions, folder, tmp_path, monkeypatch) -> None:
    """Export names the file <id>.coach.yaml, the name the desktop's routine file type matches
    (resources/desktop/*.mime.xml), so a shared routine opens in Coach; import takes that and a
    plain .yaml alike."""
    import fnmatch
    import re

    from PySide6.QtWidgets import QFileDialog

    from coach.core.files.paths import resources_dir

    asked = {}

    def save_as(parent, caption, proposed, filters):
        asked.update(proposed=proposed, filters=filters)
        return str(tmp_path / Path(proposed).name), filters  # the user takes the proposed name

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    entry = load_lib(folder).get("runners-core")
    result = actions.export(entry)
    assert Path(asked["proposed"]).name == "runners-core.coach.yaml"
    mime = next((resources_dir() / "desktop").glob("*.mime.xml")).read_text(encoding="utf-8")
    globs = re.findall(r'<glob pattern="([^"]+)"', mime)
    assert any(fnmatch.fnmatch(result.path.name, g) for g in globs), globs
    assert "*.coach.yaml" in asked["filters"]
    # Import takes a file of the routine file type and a plain .yaml one.
    typed = tmp_path / "from-my-physio.coach.yaml"
    typed.write_text(routine_to_yaml(dataclasses.replace(OUTSIDE, id="physio-two")), encoding="utf-8")
    plain = tmp_path / "physio.yaml"
    plain.write_text(routine_to_yaml(OUTSIDE), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda parent, caption, where, filters: (asked.update(open_filters=filters) or
                                                                 [str(typed), str(plain)], filters))
    imported = actions.import_files()
    assert sorted(d.routine.id for d in imported) == ["physio", "physio-two"]
    assert load_lib(folder).get("physio-two").source == USER
    assert all(f in asked["open_filters"] for f in ("*.coach.yaml", "*.yaml", "*.yml"))
