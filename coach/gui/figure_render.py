"""Drawing a figure: one pose painted with QPainter into a widget, a QImage, a PNG or an SVG file.

Every figure Coach shows or writes goes through :func:`draw_figure`. Limbs are thick lines with
round ends. Qt strokes a thick antialiased line with flat ends quickly, but its round caps go
through the general path filler, which costs about a millisecond a frame at floor-mode size; so on
a raster device the round ends are discs stamped from small images made once per size and colour
(the lines keep their exact positions; a disc may sit up to half a pixel off). Anything else (an
SVG file, a printer, a scaled painter) gets true vector circles.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QBuffer, QIODevice, QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPaintEngine, QPainter, QPainterPath, QPalette, QPen

from coach.core.routines.figure import Figure
from coach.core.routines.figure_pose import Body, Pose, body_of

#: Centimetres of mat drawn under a side view, and around the figure.
MAT_THICKNESS = 5.0
MARGIN = 8.0
#: Centimetres of background-coloured outline around each near limb (at least a pixel).
OUTLINE = 1.0
#: The size ``coach figure`` draws at when none is asked for (pixels).
DEFAULT_SIZE = QSize(800, 500)


def body_for(figure: Figure, pose: Pose, side: str | None) -> Body:
    """The body to draw for ``pose`` on ``side`` ("left", "right" or None): the poses are written
    for the first side; the right is seen from the other side, or done with the other limbs."""
    mirror = False
    if side == "right":
        if figure.sides == "swap":
            pose = pose.mirrored_limbs()
        else:
            mirror = True
    return body_of(pose, figure.view, mirror)


def frame_of(figure: Figure) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) holding every pose on both sides: the drawing never rescales."""
    boxes = [body_for(figure, pose, side).bounds()
             for pose in figure.poses.values() for side in (None, "right")]
    left = min(b[0] for b in boxes)
    right = max(b[2] for b in boxes)
    bottom = min(b[1] for b in boxes)
    top = max(b[3] for b in boxes)
    half = max(abs(left), abs(right))  # centred on the pelvis: mirroring keeps it in place
    return -half - MARGIN, bottom - MAT_THICKNESS - MARGIN, half + MARGIN, top + MARGIN


def light_palette() -> QPalette:
    """The colours of a figure drawn outside the window (``coach figure``): ink on white."""
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#1b1b1b"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#1a5fb4"))
    return palette


def draw_figure(painter: QPainter, rect: QRectF, figure: Figure, body: Body, palette: QPalette, *,
                frame: tuple[float, float, float, float] | None = None, dimmed: bool = False,
                caption: str = "") -> None:
    """Draws ``body`` (a pose of ``figure``, see :func:`body_for`) fitted into ``rect``, with its
    mat and ``caption`` ("Left side", "Next") at the top left. ``frame`` is :func:`frame_of`
    the figure, passed in by callers that draw many frames of one figure."""
    paint_body(painter, rect, body, frame or frame_of(figure), palette, figure.view, dimmed)
    if caption:  # over the figure: the mat of a view from above must not hide it
        font = QFont(painter.font())
        font.setBold(True)
        font.setPixelSize(max(10, int(rect.height() * 0.07)))
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        painter.drawText(rect, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft, caption)


def figure_image(figure: Figure, pose: Pose | str | None = None, size: QSize = DEFAULT_SIZE, *,
                 side: str | None = None, palette: QPalette | None = None, dimmed: bool = False,
                 caption: str = "", transparent: bool = False, device_pixel_ratio: float = 1.0) -> QImage:
    """``figure`` in ``pose`` (a Pose, a pose's name, or None: its start pose) as an image of
    ``size`` logical pixels, on the palette's window colour (or on nothing: ``transparent``)."""
    palette = palette or light_palette()
    width, height = max(1, size.width()), max(1, size.height())
    image = QImage(max(1, round(width * device_pixel_ratio)), max(1, round(height * device_pixel_ratio)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(device_pixel_ratio)
    image.fill(Qt.GlobalColor.transparent if transparent else palette.color(QPalette.ColorRole.Window))
    painter = QPainter(image)
    draw_figure(painter, QRectF(0, 0, width, height), figure, body_for(figure, _pose(figure, pose), side),
                palette, dimmed=dimmed, caption=caption)
    painter.end()
    return image


def figure_svg(figure: Figure, pose: Pose | str | None = None, size: QSize = DEFAULT_SIZE, *,
               side: str | None = None, palette: QPalette | None = None, caption: str = "",
               transparent: bool = False) -> bytes:
    """The same drawing as :func:`figure_image`, as an SVG document (vector shapes)."""
    from PySide6.QtSvg import QSvgGenerator

    palette = palette or light_palette()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setResolution(96)  # a pixel of the window is a CSS pixel
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setTitle(figure.name)
    generator.setDescription(f"Coach figure: {figure.name}")
    painter = QPainter(generator)
    rect = QRectF(0, 0, size.width(), size.height())
    if not transparent:
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Window))
    draw_figure(painter, rect, figure, body_for(figure, _pose(figure, pose), side), palette, caption=caption)
    painter.end()
    buffer.close()
    return bytes(data.data())


def save_figure(path: Path, figure: Figure, pose: Pose | str | None = None, size: QSize = DEFAULT_SIZE,
                **options) -> None:
    """Writes ``figure`` to ``path``: SVG for a ``.svg`` name, else PNG; atomically (a file that
    was there stays whole until the new one is complete). Raises OSError when it cannot be written."""
    path = Path(path)
    if path.suffix.lower() == ".svg":
        data = figure_svg(figure, pose, size, **options)
    else:
        image = figure_image(figure, pose, size, **options)
        array = QByteArray()
        buffer = QBuffer(array)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.save(buffer, "PNG"):
            raise OSError(f"{path}: the image could not be encoded")
        buffer.close()
        data = bytes(array.data())
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _pose(figure: Figure, pose: Pose | str | None) -> Pose:
    if isinstance(pose, Pose):
        return pose
    return figure.pose(pose or figure.start)


# ----- the painting itself


def placement(rect: QRectF, frame: tuple[float, float, float, float]) -> tuple[float, float, float]:
    """(x0, y0, scale): where a figure's point (0, 0) lands in ``rect`` and the pixels per
    centimetre, for the whole ``frame`` fitted into ``rect`` and centred."""
    left, bottom, right, top = frame
    scale = min(rect.width() / (right - left), rect.height() / (top - bottom))
    width, height = (right - left) * scale, (top - bottom) * scale
    x0 = rect.x() + (rect.width() - width) / 2 - left * scale
    y0 = rect.y() + (rect.height() + height) / 2 + bottom * scale  # y of the figure's 0 (the mat)
    return x0, y0, scale


#: How far (cm) an arrow reaches out from the place it points at.
ARROW_REACH = 32.0


def body_rect(rect: QRectF, body: Body, frame: tuple[float, float, float, float]) -> QRectF:
    """Where :func:`paint_body` draws ``body`` in ``rect`` (its arrows included; not the mat)."""
    x0, y0, scale = placement(rect, frame)
    left, bottom, right, top = body.bounds()
    if body.highlight:
        left, bottom, right, top = left - ARROW_REACH, bottom - ARROW_REACH, right + ARROW_REACH, top + ARROW_REACH
    return QRectF(QPointF(x0 + left * scale, y0 - top * scale), QPointF(x0 + right * scale, y0 - bottom * scale))


def paint_body(painter: QPainter, rect: QRectF, body: Body, frame: tuple[float, float, float, float],
               palette: QPalette, view: str = "side", dimmed: bool = False) -> None:
    """Draws ``body`` fitted into ``rect`` (the whole ``frame`` of its figure fits there)."""
    x0, y0, scale = placement(rect, frame)
    if scale <= 0:
        return
    left, bottom, right, top = frame

    def at(p: tuple[float, float]) -> QPointF:
        return QPointF(x0 + p[0] * scale, y0 - p[1] * scale)

    near, far, mat = _colours(palette, dimmed)
    painter.save()
    painter.setRenderHint(_ANTIALIASING, True)
    if view != "top":
        painter.fillRect(QRectF(rect.x(), y0, rect.width(), MAT_THICKNESS * scale), mat)
    else:
        box = QRectF(at((left + MARGIN / 2, top - MARGIN / 2)), at((right - MARGIN / 2, bottom + MARGIN / 2)))
        painter.fillRect(box, mat)
    stamps = _stamps_discs(painter)
    # The far limbs, then the torso, head and near limbs: drawn as two groups of one colour each,
    # lines first and then one disc per joint (the largest of the ends meeting there), which looks
    # the same as each line with its own round caps.
    segments = body.segments
    split = next((i for i, segment in enumerate(segments) if segment.side != "far"), len(segments))
    if any(segment.side == "far" for segment in segments[split:]):  # not in drawing order: one by one
        for segment in segments:
            _paint_group(painter, (segment,), far if segment.side == "far" else near, x0, y0, scale, stamps)
    else:
        # A far limb exactly behind a near one (both legs bent alike, seen from the side) is hidden
        # by it, round ends and all: not drawn.
        front = {(part, start, end, thickness) for part, side, start, end, thickness in segments[split:]}
        behind = [segment for segment in segments[:split]
                  if (segment.part, segment.start, segment.end, segment.thickness) not in front]
        _paint_group(painter, behind, far, x0, y0, scale, stamps)
        body_parts = [segment for segment in segments[split:] if segment.side != "near"]
        _paint_group(painter, body_parts, near, x0, y0, scale, stamps)
        # Each near limb with a thin outline in the background's colour, so that an arm lying
        # along the torso or a hand on a knee keeps its edges instead of merging into the body.
        outline = max(1.0, OUTLINE * scale) * 2
        back = palette.color(_WINDOW)
        # Seen from the side or the front the outlines stop at the mat (a foot resting on it would
        # cut a notch into it).
        above_mat = QRectF(rect.x(), rect.y(), rect.width(), y0 - rect.y()) if view != "top" else None
        for limb in _near_limbs(segments[split:]):
            if above_mat is not None:
                painter.save()
                painter.setClipRect(above_mat, _INTERSECT)
            _paint_group(painter, limb, back, x0, y0, scale, stamps, grow=outline, root=limb[0].start)
            if above_mat is not None:
                painter.restore()
            _paint_group(painter, limb, near, x0, y0, scale, stamps)
    if body.highlight and not dimmed:
        _paint_arrows(painter, body, at, scale, palette)
    painter.restore()


# Looked up once: reading a Qt enum's member from Python is slow enough to show in a frame.
_NO_PEN = Qt.PenStyle.NoPen
_NO_BRUSH = Qt.BrushStyle.NoBrush
_SOLID = Qt.PenStyle.SolidLine
_FLAT = Qt.PenCapStyle.FlatCap
_TRANSPARENT = Qt.GlobalColor.transparent
_ARGB = QImage.Format.Format_ARGB32_Premultiplied
_RASTER = QPaintEngine.Type.Raster
_ANTIALIASING = QPainter.RenderHint.Antialiasing
_WINDOW = QPalette.ColorRole.Window
_INTERSECT = Qt.ClipOperation.IntersectClip
#: Limb pens by (colour, width); emptied when it grows past its size (a window resized often).
_PENS: dict[tuple[int, float], QPen] = {}


#: The limbs that get an outline: their parts, from where they join the body.
_LIMBS = {"thigh": "leg", "shin": "leg", "foot": "leg", "upper_arm": "arm", "forearm": "arm", "hand": "arm"}


def _near_limbs(segments) -> list[list]:  # noqa: ANN001 - Segments
    """The near segments as limbs (the leg, the arm), each in drawing order."""
    limbs: dict[str, list] = {}
    for segment in segments:
        if segment.side == "near":
            limbs.setdefault(_LIMBS.get(segment.part, segment.part), []).append(segment)
    return list(limbs.values())


def _paint_group(painter: QPainter, segments, colour: QColor, x0: float, y0: float, scale: float,  # noqa: ANN001
                 stamps: bool, grow: float = 0.0, root: tuple[float, float] | None = None) -> None:
    """``segments`` in ``colour``, each ``grow`` pixels wider (an outline); no round end at
    ``root`` (where the limb joins the body: its outline would ring the joint)."""
    if not segments:
        return
    rgba = colour.rgba()
    discs: dict[tuple[float, float], float] = {}
    painter.setBrush(_NO_BRUSH)
    for _part, _side, start, end, thickness in segments:
        width = thickness * scale
        if width < 1.0:
            width = 1.0
        width += grow
        if start != end:
            pen = _PENS.get((rgba, width))
            if pen is None:
                if len(_PENS) > 256:
                    _PENS.clear()
                pen = _PENS[(rgba, width)] = QPen(colour, width, _SOLID, _FLAT)
            painter.setPen(pen)
            painter.drawLine(QLineF(x0 + start[0] * scale, y0 - start[1] * scale,
                                    x0 + end[0] * scale, y0 - end[1] * scale))
            if discs.get(end, 0.0) < width:
                discs[end] = width
        if discs.get(start, 0.0) < width:
            discs[start] = width
    if root is not None:
        discs.pop(root, None)
    painter.setPen(_NO_PEN)
    painter.setBrush(colour)
    for (x, y), width in discs.items():
        x, y, radius = x0 + x * scale, y0 - y * scale, width / 2
        if not stamps or radius < _STAMP_FROM_RADIUS:
            painter.drawEllipse(QPointF(x, y), radius, radius)
            continue
        found = _DISCS.get((round(radius * 4), rgba))
        if found is None:
            found = _disc_image(round(radius * 4), colour)
        image, half = found
        painter.drawImage(round(x - half), round(y - half), image)


def _stamps_discs(painter: QPainter) -> bool:
    """Whether round ends may be stamped images: on a raster device drawn 1:1 (a window, an
    image); elsewhere (SVG, a printer, a scaled painter) they are true circles."""
    engine = painter.paintEngine()
    return (engine is not None and engine.type() == _RASTER
            and not painter.deviceTransform().isScaling())  # moved at most (isScaling: scaled, turned...)


#: Disc images by (radius in quarter pixels, colour); emptied when it grows past its size.
_DISCS: dict[tuple[int, int], tuple[QImage, float]] = {}
_DISCS_KEPT = 64
#: Below this radius (pixels) a circle is cheap to draw and half a pixel off would show.
_STAMP_FROM_RADIUS = 4.0


def _disc_image(quarters: int, colour: QColor) -> tuple[QImage, float]:
    """A disc of radius ``quarters / 4`` pixels in ``colour``, antialiased, on transparency; kept."""
    if len(_DISCS) >= _DISCS_KEPT:
        _DISCS.clear()
    radius = quarters / 4
    side = math.ceil(2 * radius) + 2
    image = QImage(side, side, _ARGB)
    image.fill(_TRANSPARENT)
    disc = QPainter(image)
    disc.setRenderHint(_ANTIALIASING, True)
    disc.setPen(_NO_PEN)
    disc.setBrush(colour)
    disc.drawEllipse(QPointF(side / 2, side / 2), radius, radius)
    disc.end()
    found = _DISCS[(quarters, colour.rgba())] = (image, side / 2)
    return found


#: The colours of a figure (near limbs and body, far limbs, mat) by palette and dimming.
_COLOURS: dict[tuple[int, bool], tuple[QColor, QColor, QColor]] = {}


def _colours(palette: QPalette, dimmed: bool) -> tuple[QColor, QColor, QColor]:
    key = (palette.cacheKey(), dimmed)
    found = _COLOURS.get(key)
    if found is None:
        if len(_COLOURS) > 32:
            _COLOURS.clear()
        text = palette.color(QPalette.ColorRole.WindowText)
        back = palette.color(QPalette.ColorRole.Window)
        found = _COLOURS[key] = (_mix(text, back, 0.45 if dimmed else 0.0),
                                 _mix(text, back, 0.7 if dimmed else 0.45), _mix(text, back, 0.8))
    return found


def _paint_arrows(painter: QPainter, body: Body, at: Callable, scale: float, palette: QPalette) -> None:
    """An arrow pointing at each highlighted place (the belly drawn in...), from outside the body."""
    colour = palette.color(QPalette.ColorRole.Highlight)
    pelvis, front = body.joints["pelvis"], body.joints["front"]
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for place in body.highlight:
        target = body.joints.get(place)
        if target is None:
            continue
        # From the front of the body (where the belly faces), pointing in.
        dx, dy = front[0] - pelvis[0], front[1] - pelvis[1]
        length = max(1e-6, (dx * dx + dy * dy) ** 0.5)
        ux, uy = dx / length, dy / length
        tip = (target[0] + ux * 3, target[1] + uy * 3)
        tail = (tip[0] + ux * 22, tip[1] + uy * 22)
        pen = QPen(colour, max(1.5, 3.0 * scale), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(at(tail), at(tip))
        head = QPainterPath(at(tip))
        for turn in (1, -1):
            side = (tip[0] + ux * 8 - uy * 5 * turn, tip[1] + uy * 8 + ux * 5 * turn)
            head.lineTo(at(side))
            head.moveTo(at(tip))
        painter.drawPath(head)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))
