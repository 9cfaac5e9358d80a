"""The library on the left and the routine in the centre, around a library loaded from files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from helpers import SHORT_YAML

from coach.core.routines.library import load_library

BROKEN = """\
name: Broken one
exercises:
  - name: Bridges
    reps: ten
"""


@pytest.fixture
def files_library(tmp_path: Path):
    builtin = tmp_path / "builtin"
    user = tmp_path / "user"
    builtin.mkdir()
    user.mkdir()
    (builtin / "short.yaml").write_text(SHORT_YAML, encoding="utf-8")
    (builtin / "stretch.yaml").write_text(
        "name: Gentle stretching\ntags: [stretch]\nexercises:\n  - name: Cat stretches\n    hold: 20s\n",
        encoding="utf-8")
    # The user's copy of a built-in (same id) customizes it.
    (user / "short.yaml").write_text(SHORT_YAML.replace("name: Short test routine", "name: My short routine"),
                                     encoding="utf-8")
    (user / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return load_library(builtin, user)


def test_a_broken_file_is_listed_with_its_problems_and_never_hides_the_others(make_window, files_library, qtbot) -> None:
    window = make_window(library=files_library)
    view = window.library_view
    names = view.visible_names()
    assert names[:2] == ["Gentle stretching", "✎ My short routine"]  # customized is marked
    assert "Files with problems (1)" in names and "⚠ broken.yaml" in names
    row = next(r for r in range(view.list.count()) if view.list.item(r).text().startswith("⚠ broken.yaml"))
    view.list.setCurrentRow(row)  # selecting it shows its messages in the centre
    text = window.routine_view.problems.text()
    assert window.routine_view.problems.isVisible()
    assert "broken.yaml:4:11: error:" in text and "'ten'" in text
    assert not window.routine_view.start.isVisible()
    assert not window.start_action.isEnabled()  # Enter starts nothing here


def test_search_filters_by_name_tag_and_exercise(make_window, files_library, qtbot) -> None:
    window = make_window(library=files_library)
    view = window.library_view
    qtbot.keyClicks(view.search, "cat")
    assert [n for n in view.visible_names() if not n.startswith(("⚠", "Files"))] == ["Gentle stretching"]
    view.search.clear()
    qtbot.keyClicks(view.search, "pelvic BRIDGES")
    assert view.visible_names() == ["✎ My short routine"]
    view.search.clear()
    qtbot.keyClicks(view.search, "zzz mf")  # letters that are shortcuts elsewhere still type
    assert view.search.text() == "zzz mf" and not window.mute_action.isChecked()
    assert view.visible_names() == [] and view.empty.isVisible()
    qtbot.keyClick(view.search, Qt.Key.Key_Space)
    assert view.search.text() == "zzz mf "


def test_the_routine_view_shows_what_the_routine_holds(make_window, files_library) -> None:
    window = make_window(library=files_library)
    window.library_view.select_routine("short")
    view = window.routine_view
    assert view.title.text() == "My short routine"
    assert "3 exercises" in view.meta.text() and "about 48 s in all" in view.meta.text()
    assert "Customized" in view.meta.text()
    assert view.description.text() == "A tiny routine for the tests."
    assert view.exercise_texts() == [
        "1. Bridges | 2 sets × 2 reps (up 1 s · down 1 s) | Lift your hips slowly.",
        "2. Pelvic tilts | 5 reps at your own pace | Flatten your back.",
        "3. Knee-to-chest stretches | hold 6 s, each side | Hug one knee.",
    ]
    assert view.start.isVisible() and view.start.accessibleName() == "Start workout"


def test_enter_on_a_routine_starts_it(make_window, files_library, qtbot) -> None:
    window = make_window(library=files_library)
    window.library_view.select_routine("stretch")
    window.library_view.list.setFocus()
    qtbot.keyClick(window.library_view.list, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.player
    assert window.session.workout.timeline.routine.name == "Gentle stretching"


def test_routine_text_is_shown_as_plain_text(make_window, tmp_path) -> None:
    from coach.core.routines.library import Library, LibraryEntry
    from coach.core.routines.routine import Exercise, Routine

    routine = Routine(id="x", name="<b>bold</b>", description="<img src=x>",
                      exercises=(Exercise(name="<i>Bridges</i>", reps=3),))
    window = make_window(library=Library(entries=[LibraryEntry(routine, "user", tmp_path / "x.yaml")]))
    assert window.routine_view.title.textFormat() == Qt.TextFormat.PlainText
    assert window.routine_view.title.text() == "<b>bold</b>"


def test_a_routine_of_one_exercise_says_1_exercise(make_window, files_library) -> None:
    window = make_window(library=files_library)
    window.library_view.select_routine("stretch")
    assert "1 exercise ·" in window.routine_view.meta.text()
    items = [window.library_view.list.item(r).text() for r in range(window.library_view.list.count())]
    assert any("· 1 exercise ·" in text for text in items) and not any("1 exercises" in t for t in items)
    broken = next(text for text in items if text.startswith("⚠"))
    assert "1 error —" in broken
