"""The FAQ's related-exercise buttons show the exercise's small figure, once the window hands the
panel its figures (after the start: showing the panel reads no figure file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from coach.core.faq.entries import load_faq
from coach.core.files.paths import DataDir
from coach.core.routines.figure_library import FigureLibrary
from coach.gui.faq_panel import RELATED_FIGURE_SIZE, FaqPanel

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def faq(data_dir: Path):
    return load_faq(DataDir(data_dir))


def _inked(button) -> int:
    """How many pixels of the button's icon are drawn in ink (the figure's body)."""
    image = button.icon().pixmap(RELATED_FIGURE_SIZE).toImage()
    return sum(1 for y in range(image.height()) for x in range(image.width())
               if QColor(image.pixelColor(x, y)).alpha() > 200 and QColor(image.pixelColor(x, y)).lightness() < 120)


def test_related_exercise_buttons_show_the_small_figure(qtbot, faq) -> None:
    panel = FaqPanel(faq)
    qtbot.addWidget(panel)
    panel.resize(480, 800)
    panel.show()
    assert panel.show_answer("strengthen-lower-back")
    assert panel.related_buttons and all(b.icon().isNull() for b in panel.related_buttons)
    asked: list[str] = []
    library = FigureLibrary()

    def figure_for(name: str):
        asked.append(name)
        return library.get(name) if name != "Supermans" else None  # one without a figure

    panel.set_figure_source(figure_for)
    assert asked == [b.text() for b in panel.related_buttons]
    for button in panel.related_buttons:
        if button.text() == "Supermans":
            assert button.icon().isNull()
            continue
        assert not button.icon().isNull() and button.iconSize() == RELATED_FIGURE_SIZE, button.text()
        assert _inked(button) > 40, button.text()
        assert button.accessibleName() == f"Show a routine with {button.text()}"
    # Another answer's buttons get theirs as they are made.
    panel.show_answer("runners-face")  # no related exercises
    panel.show_answer("strengthen-lower-back")
    assert not panel.related_buttons[0].icon().isNull()


def test_the_window_gives_the_panel_its_figures_after_the_start(make_window, faq) -> None:
    window = make_window(faq=faq)
    panel = window.faq_panel
    assert panel.show_answer("strengthen-lower-back")
    assert all(b.icon().isNull() for b in panel.related_buttons)  # no figure file read yet
    assert window.figures is None
    window.show_figures()  # what the app does after its first paint
    assert all(not b.icon().isNull() for b in panel.related_buttons)


def test_switching_answers_leaves_only_the_new_buttons_on_screen_side_by_side(qtbot, faq) -> None:
    """The buttons of the answer shown before are gone from the screen at once (not when Qt gets
    round to deleting them), and the new ones, with their figures, never overlap."""
    from PySide6.QtWidgets import QToolButton

    panel = FaqPanel(faq)
    qtbot.addWidget(panel)
    panel.resize(320, 900)
    panel.show()
    library = FigureLibrary()
    panel.set_figure_source(library.get)
    assert panel.show_answer("strengthen-lower-back")
    panel.show_answer("strengthen-lower-back-for-running")
    panel.show_answer("strengthen-lower-back")
    panel.related_section.layout().activate()
    on_screen = [b for b in panel.related_section.findChildren(QToolButton) if b.isVisible()]
    assert on_screen == panel.related_buttons
    boxes = [b.geometry() for b in panel.related_buttons]
    assert all(box.width() >= b.sizeHint().width() for box, b in zip(boxes, panel.related_buttons))
    for i, box in enumerate(boxes):
        for other in boxes[i + 1:]:
            assert not box.intersects(other), (box, other)


def test_the_small_figures_follow_a_change_of_palette(qtbot, faq) -> None:
    """A theme changed while the panel is open (dark, or floor mode's high contrast) redraws the
    figures in its colours: dark ink drawn on a dark button would vanish."""
    from PySide6.QtGui import QPalette

    panel = FaqPanel(faq)
    qtbot.addWidget(panel)
    panel.resize(480, 800)
    panel.show()
    panel.set_figure_source(FigureLibrary().get)
    assert panel.show_answer("strengthen-lower-back")
    button = panel.related_buttons[0]
    def body_lightness() -> int:
        """The lightness of the colour most of the figure is drawn in (its near-side body)."""
        from collections import Counter

        image = button.icon().pixmap(RELATED_FIGURE_SIZE).toImage()
        drawn = Counter(image.pixel(x, y) for y in range(image.height()) for x in range(image.width())
                        if image.pixelColor(x, y).alpha() == 255)
        return QColor.fromRgba(drawn.most_common(1)[0][0]).lightness()

    assert body_lightness() < 100  # dark ink on the light palette
    dark = QPalette(panel.palette())
    for role, colour in ((QPalette.ColorRole.Window, QColor(30, 30, 30)), (QPalette.ColorRole.Button, QColor(40, 40, 40)),
                         (QPalette.ColorRole.WindowText, QColor(240, 240, 240)),
                         (QPalette.ColorRole.ButtonText, QColor(240, 240, 240))):
        dark.setColor(role, colour)
    panel.setPalette(dark)
    assert body_lightness() > 150, "the figure kept its dark ink on the dark palette"
