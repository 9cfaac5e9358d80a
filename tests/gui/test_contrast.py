"""WCAG AA contrast of the colours Coach uses: 4.5:1 for text, 3:1 for large text and the focus ring."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QStyleFactory

from coach.gui.contrast import LARGE_TEXT, NON_TEXT, TEXT, TEXT_PAIRS, contrast, readable_palette
from coach.gui.floor_mode import FLOOR_COLOURS
from coach.gui.focus_ring import ring_colour
from coach.gui.player import WINDOW_PART_COLOURS

R = QPalette.ColorRole


def dark_palette() -> QPalette:
    """A dark desktop theme as people use them (Breeze Dark's main colours)."""
    palette = QPalette()
    for role, colour in ((R.Window, "#2a2e32"), (R.WindowText, "#fcfcfc"), (R.Base, "#1b1e20"),
                         (R.AlternateBase, "#232629"), (R.Text, "#fcfcfc"), (R.Button, "#31363b"),
                         (R.ButtonText, "#fcfcfc"), (R.Highlight, "#3daee9"), (R.HighlightedText, "#fcfcfc"),
                         (R.ToolTipBase, "#31363b"), (R.ToolTipText, "#fcfcfc")):
        palette.setColor(role, QColor(colour))
    return palette


def palettes() -> dict[str, QPalette]:
    return {"light (Qt's Fusion)": QStyleFactory.create("Fusion").standardPalette(), "dark": dark_palette()}


@pytest.mark.parametrize("name", ["light (Qt's Fusion)", "dark"])
def test_the_window_text_reaches_aa_in_light_and_dark_palettes(qapp, name: str) -> None:
    palette = readable_palette(palettes()[name])
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for text, background in TEXT_PAIRS:
            ratio = contrast(palette.color(group, text), palette.color(group, background))
            assert ratio >= TEXT, (name, group.name, text.name, background.name, round(ratio, 2))


def test_the_selection_is_made_readable_only_where_it_falls_short(qapp) -> None:
    light = QStyleFactory.create("Fusion").standardPalette()
    assert contrast(light.color(R.HighlightedText), light.color(R.Highlight)) < TEXT  # 3.7:1 as shipped
    fixed = readable_palette(light)
    assert contrast(fixed.color(R.HighlightedText), fixed.color(R.Highlight)) >= TEXT
    assert fixed.color(R.Window) == light.color(R.Window) and fixed.color(R.Text) == light.color(R.Text)
    readable = dark_palette()
    readable.setColor(R.Highlight, QColor("#1d4f91"))
    assert readable_palette(readable).color(R.Highlight) == QColor("#1d4f91")  # already fine: unchanged


@pytest.mark.parametrize("name", ["light (Qt's Fusion)", "dark"])
def test_the_focus_ring_stands_out_from_the_window(qapp, name: str) -> None:
    palette = readable_palette(palettes()[name])
    ring = ring_colour(palette)
    for around in (R.Window, R.Base, R.Button):
        assert contrast(ring, palette.color(around)) >= NON_TEXT, (name, around.name)


def test_floor_mode_colours_reach_aa_and_its_ring_shows() -> None:
    for family, (background, text) in FLOOR_COLOURS.items():
        assert contrast(QColor(background), QColor(text)) >= TEXT, family
        # Floor mode's palette makes the ring its text colour (see FloorView._colour).
        assert contrast(QColor(text), QColor(background)) >= NON_TEXT, family


@pytest.mark.parametrize("name", ["light (Qt's Fusion)", "dark"])
def test_the_part_words_in_the_window_are_large_text_that_reaches_aa(qapp, name: str) -> None:
    window = palettes()[name].color(R.Window)
    for family, colour in WINDOW_PART_COLOURS.items():
        assert contrast(QColor(colour), window) >= LARGE_TEXT, (name, family)


def test_coach_uses_the_readable_palette(make_window) -> None:
    from PySide6.QtWidgets import QApplication

    window = make_window()
    palette = window.palette()
    assert contrast(palette.color(R.HighlightedText), palette.color(R.Highlight)) >= TEXT
    assert QApplication.palette().color(R.Highlight) == palette.color(R.Highlight)
