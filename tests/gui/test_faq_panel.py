"""The FAQ panel: searching as you type, plain-text answers, and the answers about the exercise."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLineEdit, QWidget

from coach.core.workout.engine import Workout
from coach.core.faq.entries import MAX_QUERY_LENGTH, SAFETY_NOTE, Faq, FaqEntry, load_faq
from coach.core.files.paths import DataDir
from coach.core.routines.routine import Exercise, Routine, TempoPart
from coach.core.workout.timeline import build_timeline
from coach.gui.faq_panel import HIGHLIGHT_BACKGROUND, MAX_ROWS, SPANS_ROLE, FaqDock, FaqPanel

# The offscreen platform says so whenever a window's minimum size is set, i.e. for any layout.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

EIGHT = ["Bridges", "Knee-to-chest stretches", "Lower back rotational stretches", "Draw-in maneuvers",
         "Pelvic tilts", "Lying lateral leg lifts", "Cat stretches", "Supermans"]


@pytest.fixture
def faq(data_dir: Path):
    return load_faq(DataDir(data_dir))


@pytest.fixture
def panel(qtbot, faq) -> FaqPanel:
    widget = FaqPanel(faq)
    qtbot.addWidget(widget)
    widget.resize(480, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def beside_player(qtbot, faq):
    """The panel in a window next to a player that has the keyboard focus."""
    window = QWidget()
    qtbot.addWidget(window)
    player = QLineEdit()
    player.setAccessibleName("Player")
    panel = FaqPanel(faq)
    layout = QHBoxLayout(window)
    layout.addWidget(player)
    layout.addWidget(panel)
    window.resize(1000, 800)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    player.setFocus()
    qtbot.waitUntil(player.hasFocus)
    return panel, player, window


def highlighted_words(document: QTextDocument) -> list[str]:
    found = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().background().color() == HIGHLIGHT_BACKGROUND:
                found.append(fragment.text())
            iterator += 1
        block = block.next()
    return found


def formats(document: QTextDocument) -> list[QTextCharFormat]:
    found = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            found.append(iterator.fragment().charFormat())
            iterator += 1
        block = block.next()
    return found


def test_everything_is_listed_at_first_with_the_safety_note(panel: FaqPanel, faq) -> None:
    assert panel.listed_ids() == faq.ids()
    assert panel.current_id() == faq.ids()[0]
    assert panel.safety_note.text() == SAFETY_NOTE
    assert panel.safety_note.isVisible()
    for words in ("not medical advice", "sharp pain", "down a leg", "numbness or weakness", "worse"):
        assert words in SAFETY_NOTE
    assert not panel.about_section.isVisible()
    assert not panel.problems_label.isVisible()


def test_typing_filters_with_every_keystroke(qtbot, panel: FaqPanel, faq) -> None:
    seen = []
    panel.search_field.setFocus()
    for char in "strengthen":
        qtbot.keyClick(panel.search_field, char)
        seen.append(panel.listed_ids())
        assert panel.listed_ids() == faq.search(panel.query()).ids()
    assert len(seen[0]) > len(seen[-1]) == 4
    assert panel.current_id() == "strengthen-lower-back-for-running"
    assert panel.list_stack.currentWidget() is panel.list_page


def test_matches_are_highlighted_in_the_list_and_the_answer(qtbot, panel: FaqPanel) -> None:
    qtbot.keyClicks(panel.search_field, "stren low")
    item = panel.question_list.item(0)
    assert item.text() == "How do you strengthen your lower back for running?"
    assert [item.text()[s:e] for s, e in item.data(SPANS_ROLE)] == ["stren", "low"]
    assert highlighted_words(panel.answer_view.document()) == ["stren", "low", "low", "low", "low"]
    panel.set_query("")
    assert highlighted_words(panel.answer_view.document()) == []


def test_esc_clears_the_search(qtbot, panel: FaqPanel, faq) -> None:
    panel.search_field.setFocus()
    qtbot.keyClicks(panel.search_field, "jog")
    assert panel.listed_ids() == ["running-strengthens-back"]
    qtbot.keyClick(panel.search_field, Qt.Key.Key_Escape)
    assert panel.query() == ""
    assert panel.listed_ids() == faq.ids()
    # the answer that was being read stays selected
    assert panel.current_id() == "running-strengthens-back"


def test_no_answers_match(qtbot, panel: FaqPanel) -> None:
    qtbot.keyClicks(panel.search_field, "zebra")
    assert panel.listed_ids() == []
    assert panel.list_stack.currentWidget() is panel.no_match_label
    assert panel.no_match_label.isVisible()
    assert panel.no_match_label.text().startswith("No answers match")
    assert "zebra" in panel.no_match_label.text()
    assert panel.current_id() == ""
    assert panel.answer_view.toPlainText() == ""
    assert not panel.answer_pane.isVisible()
    assert "Esc" in panel.no_match_label.text()
    qtbot.keyClick(panel.search_field, Qt.Key.Key_Escape)
    assert panel.list_stack.currentWidget() is panel.list_page
    assert panel.answer_pane.isVisible()


def test_a_pasted_page_is_cut_with_a_notice_and_not_repeated_whole(qtbot, panel: FaqPanel) -> None:
    assert not panel.cut_label.isVisible()
    pasted = "zebra " * 5_000 + "strengthen"  # 30,010 characters: the field holds up to 32,767
    panel.search_field.setFocus()
    panel.search_field.insert(pasted)  # as a paste (Ctrl+V) puts it in: one change
    assert panel.query() == pasted
    assert panel.cut_label.isVisible()
    assert panel.cut_label.text() == (f"Your search is long: only its first {MAX_QUERY_LENGTH} "
                                      "characters are searched.")
    assert panel.list_stack.currentWidget() is panel.no_match_label
    shown = panel.no_match_label.text()
    assert shown.startswith("No answers match “zebra zebra") and "…”" in shown
    assert len(shown) < 200
    panel.set_query("strengthen")
    assert not panel.cut_label.isVisible()
    assert panel.listed_ids()


def test_accents_and_case_in_the_search_field(qtbot, panel: FaqPanel) -> None:
    qtbot.keyClicks(panel.search_field, "RÚNNER")
    assert panel.listed_ids()[0] == "runners-face"


def test_markup_shows_literally_and_loads_nothing(qtbot, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    question = "<img src=http://example.com/tracker.png> Is <b>this</b> bold?"
    answer = "<a href=file:///etc/passwd>Open me</a> &amp; <script>alert(1)</script>"
    (data_dir / "faq.yaml").write_text(
        f"- id: markup\n  question: '{question}'\n  answer: '{answer}'\n  tags: [markup]\n", encoding="utf-8")
    faq = load_faq(DataDir(data_dir))
    assert faq.problems == []
    panel = FaqPanel(faq)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.keyClicks(panel.search_field, "img passwd")
    assert panel.listed_ids() == ["markup"]
    assert panel.question_list.item(0).text() == question
    shown = panel.answer_view.toPlainText()
    assert question in shown and answer in shown
    document = panel.answer_view.document()
    assert not any(f.isImageFormat() or f.isAnchor() or f.anchorHref() for f in formats(document))
    assert highlighted_words(document) == ["img", "passwd", "passwd"] or \
        highlighted_words(document) == ["img", "passwd"]
    assert document.resource(QTextDocument.ResourceType.ImageResource, "http://example.com/tracker.png") is None


def test_show_exercise_lists_the_answers_about_it(panel: FaqPanel) -> None:
    panel.show_exercise("Bridges")
    assert panel.about_section.isVisible()
    assert panel.about_title.text() == "About this exercise: Bridges"
    assert panel.about_ids() == ["strengthen-lower-back"]
    assert panel.about_list.item(0).text() == "How can I strengthen my lower back?"
    panel.show_exercise("Leg lowers")
    assert panel.about_ids() == ["strengthen-lower-back-for-running"]
    panel.show_exercise("Jumping jacks")
    assert panel.about_ids() == []
    assert panel.about_empty.isVisible()
    assert panel.about_empty.text() == "No answers are about Jumping jacks."
    panel.show_exercise(None)
    assert not panel.about_section.isVisible()
    assert panel.about_ids() == []


def test_show_exercise_adds_the_answers_the_routine_links(panel: FaqPanel) -> None:
    panel.show_exercise("Draw-in maneuvers", ["running-strengthens-core"])
    assert panel.about_ids() == ["strengthen-lower-back", "running-strengthens-core"]
    panel.show_exercise("Side plank", ("runners-face",))
    assert panel.about_ids() == ["runners-face"]
    assert not panel.about_empty.isVisible()


def test_a_huge_faq_lists_the_best_rows_and_says_how_many_more(qtbot) -> None:
    entries = [FaqEntry(id=f"e{n}", question=f"Question {n} about stretching?", answer="Slowly.")
               for n in range(MAX_ROWS + 50)]
    panel = FaqPanel(Faq(entries))
    qtbot.addWidget(panel)
    panel.show()
    assert len(panel.listed_ids()) == MAX_ROWS
    assert panel.more_label.isVisible()
    assert panel.more_label.text().startswith("50 more answers match")
    panel.set_query("question 7")
    assert panel.listed_ids()[0] == "e7"
    assert not panel.more_label.isVisible()


def test_choosing_an_answer_about_the_exercise_shows_it_without_taking_focus(qtbot, beside_player) -> None:
    panel, player, _window = beside_player
    panel.set_query("jog")
    panel.show_exercise("Pelvic tilts")
    rect = panel.about_list.visualItemRect(panel.about_list.item(0))
    qtbot.mouseClick(panel.about_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.current_id() == "strengthen-lower-back"
    assert panel.query() == "", "the search hid the answer, so it was cleared"
    assert player.hasFocus()


def test_the_panel_follows_a_workout_without_taking_focus(qtbot, beside_player, clock) -> None:
    panel, player, _window = beside_player
    rep = (TempoPart("up", 1.0), TempoPart("down", 1.0))
    routine = Routine(id="test", name="Test", get_ready=5, rest_between_exercises=10, exercises=(
        Exercise("Bridges", reps=2, tempo=rep),
        Exercise("Leg lowers", reps=2, tempo=rep),
        Exercise("Side plank", hold=10.0),
    ))
    workout = Workout(build_timeline(routine), clock)
    followed = []

    def follow() -> None:
        panel.show_exercise(workout.snapshot(clock()).exercise_name)
        followed.append((workout.snapshot(clock()).exercise_name, tuple(panel.about_ids())))

    workout.start()
    follow()
    while not workout.is_over:
        clock.now = workout.next_deadline()
        workout.advance(clock.now)
        follow()
        assert player.hasFocus()
    about = dict(followed)
    assert about["Bridges"] == ("strengthen-lower-back",)
    assert about["Leg lowers"] == ("strengthen-lower-back-for-running",)
    assert about["Side plank"] == ()
    names = [name for name, _ in followed if name]
    assert names.index("Bridges") < names.index("Leg lowers") < names.index("Side plank")
    assert player.hasFocus()


def test_related_exercises_are_buttons_that_emit_exercise_activated(qtbot, panel: FaqPanel) -> None:
    assert panel.show_answer("strengthen-lower-back")
    assert [b.text() for b in panel.related_buttons] == EIGHT
    assert panel.related_section.isVisible()
    with qtbot.waitSignal(panel.exercise_activated) as blocker:
        qtbot.mouseClick(panel.related_buttons[4], Qt.MouseButton.LeftButton)
    assert blocker.args == ["Pelvic tilts"]
    panel.show_answer("runners-face")
    assert panel.related_buttons == []
    assert not panel.related_section.isVisible()
    assert not panel.show_answer("no-such-answer")


def test_keyboard_reaches_everything(qtbot, panel: FaqPanel) -> None:
    panel.focus_search()
    assert panel.search_field.hasFocus()
    qtbot.keyClick(panel.search_field, Qt.Key.Key_Down)
    assert panel.question_list.hasFocus()
    qtbot.keyClick(panel.question_list, Qt.Key.Key_Down)
    assert panel.current_id() == panel.listed_ids()[1]
    panel.show_answer("strengthen-lower-back")
    reached = set()
    widget = panel.search_field
    for _ in range(60):
        widget = widget.nextInFocusChain()
        if widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value and widget.isVisible() and panel.isAncestorOf(widget):
            reached.add(widget)
    assert {panel.search_field, panel.question_list, panel.answer_view, *panel.related_buttons} <= reached
    for widget in reached:
        assert widget.accessibleName(), widget


def test_the_type_is_large(panel: FaqPanel) -> None:
    assert panel.font().pointSizeF() >= QApplication.font().pointSizeF() * 1.25
    assert panel.question_list.font().pointSizeF() == panel.font().pointSizeF()
    assert panel.styleSheet() == ""


def test_set_faq_shows_another_faq_and_its_problems(qtbot, panel: FaqPanel, data_dir: Path) -> None:
    panel.show_exercise("Bridges")
    panel.set_query("stretch")
    data_dir.mkdir(parents=True)
    (data_dir / "faq.yaml").write_text(
        "- id: stretch-daily\n  question: Should I stretch daily?\n  answer: Gently.\n"
        "  exercises: [Bridges]\n- id: broken\n", encoding="utf-8")
    panel.set_faq(load_faq(DataDir(data_dir)))
    assert "stretch-daily" in panel.listed_ids()
    assert panel.about_ids() == ["strengthen-lower-back", "stretch-daily"]
    assert panel.problems_label.isVisible()
    assert "faq.yaml:5:3" in panel.problems_label.text()


def test_the_dock_is_named_for_saved_state(qtbot, faq) -> None:
    panel = FaqPanel(faq)
    dock = FaqDock(panel)
    qtbot.addWidget(dock)
    assert dock.objectName() == "faq-dock"
    assert dock.widget() is panel
    assert dock.windowTitle() == "FAQ"


def _colour_counts(image, rect, near) -> int:
    """How many pixels of ``rect`` in ``image`` are within 40 of the colour ``near`` (r, g, b)."""
    count = 0
    for y in range(rect.top(), rect.bottom() + 1, 2):
        for x in range(rect.left(), rect.right() + 1, 2):
            c = image.pixelColor(x, y)
            if abs(c.red() - near[0]) + abs(c.green() - near[1]) + abs(c.blue() - near[2]) < 40:
                count += 1
    return count


def test_the_selected_question_is_drawn_highlighted_with_readable_text(panel) -> None:
    from PySide6.QtGui import QColor, QPalette

    palette = panel.question_list.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Base, QColor(255, 255, 255))
        palette.setColor(group, QPalette.ColorRole.Text, QColor(0, 0, 0))
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor(0, 0, 200))
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor(255, 255, 0))
    panel.question_list.setPalette(palette)
    panel.question_list.setCurrentRow(1)
    image = panel.question_list.viewport().grab().toImage()
    selected = panel.question_list.visualItemRect(panel.question_list.item(1))
    other = panel.question_list.visualItemRect(panel.question_list.item(2))
    # The selected row: the highlight behind, its text in the highlighted-text colour.
    assert _colour_counts(image, selected, (0, 0, 200)) > selected.width() * selected.height() // 8
    assert _colour_counts(image, selected, (255, 255, 0)) > 10
    assert _colour_counts(image, selected, (0, 0, 0)) == 0
    # Another row: no highlight, its text in the text colour.
    assert _colour_counts(image, other, (0, 0, 200)) == 0
    assert _colour_counts(image, other, (0, 0, 0)) > 10
    assert _colour_counts(image, other, (255, 255, 0)) == 0
