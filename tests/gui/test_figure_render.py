"""Drawing a figure into an image, an SVG document or a file (coach.gui.figure_render): what the
window shows, `coach figure` writes and the galleries use."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QByteArray, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from coach.core.routines.figure_library import FigureLibrary
from coach.gui.figure_render import body_for, figure_image, figure_svg, frame_of, light_palette, paint_body, placement, \
    save_figure

LIBRARY = FigureLibrary()


def _ink_box(image: QImage, step: int = 1) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the pixels darker than the mat: the body."""
    xs, ys = [], []
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colour = QColor(image.pixel(x, y))
            if colour.alpha() > 128 and colour.lightness() < 160:
                xs.append(x)
                ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


@pytest.mark.parametrize("name", LIBRARY.names())
def test_an_image_of_each_figure_holds_its_body_where_the_kinematics_put_it(qapp, name) -> None:
    figure = LIBRARY.get(name)
    image = figure_image(figure, figure.hold, QSize(400, 250))
    assert image.size() == QSize(400, 250)
    box = _ink_box(image, 2)
    assert box is not None, "nothing drawn"
    frame = frame_of(figure)
    scale = min(400 / (frame[2] - frame[0]), 250 / (frame[3] - frame[1]))
    left, bottom, right, top = body_for(figure, figure.pose(figure.hold), None).bounds()
    assert box[2] - box[0] == pytest.approx((right - left) * scale, abs=5)
    assert box[3] - box[1] == pytest.approx((top - bottom) * scale, abs=5)


def test_the_round_ends_stamped_in_a_window_look_like_true_circles(qapp) -> None:
    """Round ends are stamped images on a raster device drawn 1:1 and circles elsewhere (here a
    painter scaled by 2): both drawings are the same but for antialiasing at the edges."""
    figure = LIBRARY.get("bridges")
    body = body_for(figure, figure.pose(figure.hold), None)
    images = []
    for scaled in (False, True):
        image = QImage(800, 500, QImage.Format.Format_RGB32)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        if scaled:
            painter.scale(2, 2)
        paint_body(painter, QRectF(0, 0, 400, 250) if scaled else QRectF(0, 0, 800, 500), body, frame_of(figure),
                   light_palette(), figure.view)
        painter.end()
        images.append(image)
    stamped, circles = images
    differing = sum(1 for y in range(0, 500, 2) for x in range(0, 800, 2)
                    if abs(QColor(stamped.pixel(x, y)).lightness() - QColor(circles.pixel(x, y)).lightness()) > 96)
    inked = sum(1 for y in range(0, 500, 2) for x in range(0, 800, 2) if QColor(circles.pixel(x, y)).lightness() < 128)
    assert inked > 2000
    assert differing < inked * 0.01


def test_a_transparent_image_has_nothing_around_the_figure(qapp) -> None:
    figure = LIBRARY.get("supermans")
    image = figure_image(figure, None, QSize(300, 200), transparent=True)
    assert QColor.fromRgba(image.pixel(0, 0)).alpha() == 0
    assert QColor.fromRgba(image.pixel(299, 0)).alpha() == 0
    assert _ink_box(image, 2) is not None


def test_the_svg_draws_the_same_figure_in_vector_shapes(qapp) -> None:
    figure = LIBRARY.get("bridges")
    data = figure_svg(figure, "top", QSize(400, 250))
    text = data.decode("utf-8")
    assert text.startswith("<?xml") and "<svg" in text and "<image" not in text
    assert "<title>Bridges</title>" in text
    renderer = QSvgRenderer(QByteArray(data))
    assert renderer.isValid()
    drawn = QImage(400, 250, QImage.Format.Format_ARGB32)
    drawn.fill(QColor("#ffffff"))
    painter = QPainter(drawn)
    renderer.render(painter, QRectF(0, 0, 400, 250))
    painter.end()
    raster = figure_image(figure, "top", QSize(400, 250))
    svg_box, image_box = _ink_box(drawn), _ink_box(raster)
    assert svg_box is not None
    assert all(abs(a - b) <= 2 for a, b in zip(svg_box, image_box)), (svg_box, image_box)


def test_a_figure_is_saved_as_png_or_svg_by_its_name_and_atomically(qapp, tmp_path) -> None:
    figure = LIBRARY.get("cat-stretches")
    png, svg = tmp_path / "cat.png", tmp_path / "cat.svg"
    png.write_bytes(b"old")
    save_figure(png, figure, "round", QSize(320, 200))
    saved = QImage(str(png))
    assert saved.size() == QSize(320, 200)
    save_figure(svg, figure, "round", QSize(320, 200))
    assert QSvgRenderer(str(svg)).isValid()
    assert sorted(os.listdir(tmp_path)) == ["cat.png", "cat.svg"]  # no temporary file left
    with pytest.raises(OSError):
        save_figure(tmp_path / "missing" / "cat.png", figure)
    assert sorted(os.listdir(tmp_path)) == ["cat.png", "cat.svg"]


def test_an_image_at_twice_the_pixels_is_sharp_and_the_same_drawing(qapp) -> None:
    figure = LIBRARY.get("bridges")
    once = figure_image(figure, "top", QSize(200, 125))
    twice = figure_image(figure, "top", QSize(200, 125), device_pixel_ratio=2.0)
    assert twice.size() == QSize(400, 250) and twice.devicePixelRatio() == 2.0
    a, b = _ink_box(once), _ink_box(twice)
    assert all(abs(2 * x - y) <= 3 for x, y in zip(a, b)), (a, b)


def test_a_far_limb_is_drawn_unless_a_near_one_hides_it_exactly(qapp) -> None:
    """The far limbs are lighter. One exactly behind its near twin (both knees bent alike, seen
    from the side) is left out of the drawing, as it would not show; one anywhere else is drawn."""
    from coach.gui.figure_render import _colours

    far = _colours(light_palette(), False)[1].rgb()

    def far_pixels(name: str, pose: str) -> int:
        """Pixels of exactly the far limbs' colour (inside a far limb; its edges are blends)."""
        figure = LIBRARY.get(name)
        image = figure_image(figure, pose, QSize(400, 250))
        return sum(1 for y in range(0, 250, 2) for x in range(0, 400, 2) if image.pixel(x, y) == far)

    knee = LIBRARY.get("knee-to-chest-stretches")
    assert knee.pose("stretch").angle("near_hip") != knee.pose("stretch").angle("far_hip")
    assert far_pixels("knee-to-chest-stretches", "stretch") > 200  # the leg left on the floor
    bridges = LIBRARY.get("bridges")
    assert all(bridges.pose("rest").angle(f"near_{j}") == bridges.pose("rest").angle(f"far_{j}")
               for j in ("shoulder", "elbow", "hip", "knee", "ankle"))
    assert far_pixels("bridges", "rest") == 0


def _edge_pixels(figure, pose: str, part: str) -> list[QColor]:
    """The pixels just outside both long edges of the near ``part`` (its middle), drawn at 800x500."""
    body = body_for(figure, figure.pose(pose), None)
    frame = frame_of(figure)
    rect = QRectF(0, 0, 800, 500)
    image = QImage(800, 500, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    paint_body(painter, rect, body, frame, light_palette(), figure.view)
    painter.end()
    x0, y0, scale = placement(rect, frame)
    segment = next(s for s in body.segments if s.part == part and s.side == "near")
    (x1, y1), (x2, y2) = segment.start, segment.end
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    normal = (-(y2 - y1) / length, (x2 - x1) / length)
    middle = ((x1 + x2) / 2, (y1 + y2) / 2)
    reach = segment.thickness / 2 + 1.5 / scale  # 1.5 pixels outside the edge
    pixels = []
    for sign in (1, -1):
        x = middle[0] + sign * normal[0] * reach
        y = middle[1] + sign * normal[1] * reach
        pixels.append(QColor(image.pixel(round(x0 + x * scale), round(y0 - y * scale))))
    return pixels


@pytest.mark.parametrize(("name", "pose", "part"), [
    ("pelvic-tilts", None, "upper_arm"),  # lying on the back, the arm along the body
    ("draw-in-maneuvers", None, "upper_arm"),
    ("knee-to-chest-stretches", "hold", "forearm"),  # the hands on the knee, over the thigh
    ("bridges", None, "upper_arm"),
])
def test_a_near_limb_over_the_body_keeps_its_edges(qapp, name, pose, part) -> None:
    """A near arm lying along the torso (or a hand on the knee) was drawn in the torso's own colour
    and merged into it: the arm could not be seen. Each near limb has a thin outline in the
    background's colour, so its edges show wherever it lies over the rest of the body."""
    figure = LIBRARY.get(name)
    for colour in _edge_pixels(figure, figure.hold if pose == "hold" else figure.start, part):
        assert colour.lightness() > 200, f"the {part}'s edge merges into the body: {colour.name()}"


@pytest.mark.parametrize("name", ["pelvic-tilts", "bridges", "cat-stretches"])
def test_the_outlines_leave_the_mat_whole(qapp, name) -> None:
    """The near limbs' background-coloured outlines stop at the mat: a foot resting on it cut a
    notch of the background's colour into the mat's top edge."""
    from coach.gui.figure_render import MAT_THICKNESS, _colours

    figure = LIBRARY.get(name)
    rect = QRectF(0, 0, 800, 500)
    image = QImage(800, 500, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    paint_body(painter, rect, body_for(figure, figure.pose(figure.start), None), frame_of(figure), light_palette(),
               figure.view)
    painter.end()
    x0, y0, scale = placement(rect, frame_of(figure))
    mat = _colours(light_palette(), False)[2].rgb()
    row = round(y0 + 1)
    assert MAT_THICKNESS * scale > 4
    notches = [x for x in range(800) if image.pixel(x, row) != mat and QColor(image.pixel(x, row)).lightness() > 220]
    assert not notches, f"the mat's top row is background-coloured at x = {notches[:5]}..."
