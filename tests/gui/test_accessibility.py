"""Keyboard, screen readers, the system palette and 200% font scaling."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from helpers import run_until

from coach.core.faq.entries import load_faq
from coach.core.history.store import History
from coach.core.files.paths import DataDir


@pytest.fixture
def faq(data_dir):
    return load_faq(DataDir(data_dir))


def focus_chain(window) -> list[QWidget]:
    widget = window.focusWidget() or window
    chain, start = [widget], widget
    for _ in range(200):
        widget = widget.nextInFocusChain()
        if widget is start:
            break
        if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(widget)
    return chain


def test_every_control_has_a_name_and_takes_the_keyboard(make_window) -> None:
    window = make_window()
    browse = focus_chain(window)
    assert window.library_view.search in browse and window.library_view.list in browse
    assert window.routine_view.start in browse
    window.session.start_workout(window.routine_view.routine)
    for button in window.player.findChildren(QAbstractButton):
        assert button.accessibleName(), button.objectName()
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus, button.objectName()
    # The number is in the countdown's name, where a screen reader reads it (not only its description).
    assert window.player.countdown.accessibleName() == f"Time left: {window.player.countdown.text()}"
    for bar in (window.player.phase_bar, window.player.workout_bar):
        assert bar.accessibleName()


def test_the_window_follows_the_system_palette(make_window, qtbot) -> None:
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    app = QApplication.instance()
    old = app.palette()
    app.setPalette(dark)
    try:
        window = make_window()
        window.session.start_workout(window.routine_view.routine)
        picture = window.player.grab().toImage()
        assert picture.pixelColor(3, 3).name() == "#202020"
        colour = window.player.countdown.palette().color(window.player.countdown.foregroundRole())
        assert colour.name() == "#f0f0f0"
    finally:
        app.setPalette(old)


def test_usable_at_200_percent_font_scaling(make_window, big_font) -> None:
    window = make_window()
    window.resize(1280, 800)
    fits = QSize(1280, 800)
    assert window.centralWidget().minimumSizeHint().width() <= fits.width()
    window.session.start_workout(window.routine_view.routine)
    needed = window.player.minimumSizeHint()
    assert needed.width() <= window.player.width() and needed.height() <= window.player.height()
    # No text on the player is ever smaller than the user's own (doubled) font.
    smallest = min(label.font().pixelSize() if label.font().pixelSize() > 0 else 10**6
                   for label in (window.player.exercise, window.player.countdown, window.player.rep))
    assert smallest * 72 / window.player.logicalDpiY() >= big_font.pointSizeF() - 1
    for button in window.player.buttons.values():
        assert button.width() >= button.minimumSizeHint().width()


def test_tab_goes_library_routine_faq(make_window, faq, qtbot) -> None:
    window = make_window(faq=faq)
    window.resize(1280, 800)  # room for the FAQ beside the routine
    window.narrow_layout.arrange(1280)
    library, routine, panel = window.library_view, window.routine_view, window.faq_panel
    library.search.setFocus()
    qtbot.waitUntil(library.search.hasFocus)
    chain = focus_chain(window)
    wanted = [library.search, library.list, routine.scroll, routine.start]
    if window.faq_dock.isVisible() and not window.faq_dock.isFloating():
        wanted.append(panel.search_field)
    assert [w for w in chain if w in wanted] == wanted, [w.accessibleName() for w in chain]


def test_f1_that_shows_the_faq_takes_the_keyboard_there(make_window, faq, qtbot) -> None:
    window = make_window(faq=faq)
    window.resize(1280, 800)  # room for the FAQ beside the routine
    window.narrow_layout.arrange(1280)
    if window.faq_dock.isVisible():
        window.faq_action.trigger()  # hidden
    assert not window.faq_dock.isVisible()
    window.faq_action.trigger()  # shown, as F1 does
    assert window.faq_dock.isVisible()
    qtbot.waitUntil(window.faq_panel.search_field.hasFocus)


def test_the_pause_button_is_named_what_it_says(make_window, qtbot) -> None:
    window = make_window()
    window.session.start_workout(window.routine_view.routine)
    button = window.player.buttons["toggle_pause"]
    window.session.command("toggle_pause")
    assert button.text() == "Resume" and button.accessibleName() == "Resume"
    window.session.command("toggle_pause")
    assert button.accessibleName() == "Pause"


def test_a_screen_reader_hears_the_parts_and_the_countdown(make_window, clock, monkeypatch) -> None:
    import coach.gui.accessible as accessible

    heard: list[tuple[QWidget, str]] = []
    monkeypatch.setattr(accessible, "announce", lambda widget, text: text and heard.append((widget, text)))
    window = make_window()
    window.session.start_workout(window.routine_view.routine)  # get ready 3 s, then bridges: up 1 s, down 1 s
    run_until(window, clock, 4.5)
    said = [text for _widget, text in heard]
    assert said[0].startswith("Get ready.")
    assert "Up" in said and "Down" in said
    assert said.index("Up") < said.index("Down")
    assert {widget for widget, _text in heard} == {window.player}
    # At the cues (one sentence, the tempo parts), not at every refresh of the countdown.
    assert len(said) <= 6, said
    window.session.set_floor_mode(True)
    run_until(window, clock, 1.0)
    assert heard[-1][0] is window.floor


def test_the_pain_scale_is_one_group_of_radio_buttons_with_one_tab_stop(qtbot) -> None:
    from coach.gui.checkin_dialog import BEFORE, CheckinDialog

    dialog = CheckinDialog(BEFORE, routine_name="Bridges")
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    buttons = dialog.scale.group.buttons()
    assert dialog.scale.group.exclusive()
    for button in buttons:
        assert QAccessible.queryAccessibleInterface(button).role() == QAccessible.Role.RadioButton
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_8)
    assert dialog.scale.value() == 8
    assert QApplication.focusWidget() is dialog.scale.group.button(8)
    stops = [b for b in buttons if b.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert stops == [dialog.scale.group.button(8)]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() not in buttons


def test_the_history_table_does_not_keep_tab(make_window, data_dir) -> None:
    history = History.open(DataDir(data_dir))
    window = make_window(history=history)
    window.show_history()
    table = window.history_page.view.table
    assert table.accessibleName() == "Sessions"
    assert not table.tabKeyNavigation()
    history.close()


def test_on_the_history_page_back_comes_first_then_the_page_top_to_bottom(make_window, faq, data_dir,
                                                                           qtbot) -> None:
    """Coming to the History page with Tab (from the questions and answers beside it), the first
    stop is Back, then the routine filter, Export and the sessions: reading order, with the way
    back first (it was the last stop, after the whole table)."""
    history = History.open(DataDir(data_dir))
    try:
        window = make_window(history=history, faq=faq)
        window.resize(1280, 800)  # room for the FAQ beside the page
        window.narrow_layout.arrange(1280)
        window.show_history()
        page, view = window.history_page, window.history_page.view
        window.faq_panel.search_field.setFocus()
        qtbot.waitUntil(window.faq_panel.search_field.hasFocus)
        on_page = [w for w in focus_chain(window) if page.isAncestorOf(w)]
        assert on_page[:4] == [page.back, view.routine_filter, view.export_button, view.table], \
            [w.objectName() or w.accessibleName() for w in on_page]
    finally:
        history.close()


def test_the_focus_ring_follows_the_focus(make_window, qtbot) -> None:
    from coach.gui.focus_ring import RING_CONTRAST, RING_WIDTH, contrast, ring_colour

    window = make_window()
    window.routine_view.start.setFocus()
    qtbot.waitUntil(lambda: window.routine_view.start.hasFocus())
    ring = QApplication.instance()._coach_focus_rings.ring
    assert ring.widget() is window.routine_view.start and ring.isVisible()
    assert RING_WIDTH >= 2
    palette = window.palette()
    assert contrast(ring_colour(palette), palette.color(QPalette.ColorRole.Window)) >= RING_CONTRAST
    picture = ring.grab().toImage()
    # The ring is painted: its top edge has the ring colour.
    assert picture.pixelColor(picture.width() // 2, 0) == ring_colour(window.routine_view.start.palette())
