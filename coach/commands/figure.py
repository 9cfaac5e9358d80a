"""``coach figure NAME [--pose P | --at PART:FRACTION] --out FILE.png|.svg`` draws a figure into a
file, as the window draws it; ``coach figure --list`` names every figure there is."""

from __future__ import annotations

import argparse
import errno
import json
import sys
from pathlib import Path

from coach.core.files.paths import DataDir
from coach.core.routines.figure import MOVE_PARTS, Figure, pose_at
from coach.core.routines.figure_library import FigureLibrary, figure_name
from coach.core.routines.routine_format import suggestion
from coach.core.workout.kinds import PhaseKind

#: The picture's size when --size is not given, and the largest one drawn (pixels).
DEFAULT_SIZE = (800, 500)
MAX_SIDE = 8000
FORMATS = (".png", ".svg")

#: Why a picture could not be written, by the error the system gave, in the user's words.
WRITE_FAILURES = {
    errno.ENOENT: "its folder does not exist",
    errno.ENOTDIR: "a file is where its folder should be",
    errno.EISDIR: "a folder is in its place",
    errno.EACCES: "you may not write there",
    errno.EPERM: "you may not write there",
    errno.EROFS: "the disk is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
}


class FigureCommandError(Exception):
    """Something the user asked cannot be done; the message says what, in their words."""


def main(args: argparse.Namespace) -> int:
    library = FigureLibrary(user_dir=DataDir(args.data_dir).root / "figures")
    try:
        if args.list:
            return _list(library, args.json)
        if not args.name:
            raise FigureCommandError("name the figure to draw (coach figure --list names them all)")
        if not args.out:
            raise FigureCommandError("say where to write the picture: --out FILE.png or --out FILE.svg")
        out = Path(args.out)
        if out.suffix.lower() not in FORMATS:
            raise FigureCommandError(f"{args.out!r} must end in .png or .svg (the kind of picture to write)")
        size = _size(args.size) if args.size else DEFAULT_SIZE
        at = _moment(args.at) if args.at else None
        figure = _figure(library, args.name)
        pose = _pose(figure, args.pose, at)
        _write(out, figure, pose, args.side, size)
    except FigureCommandError as error:
        print(f"coach figure: {error}", file=sys.stderr)
        return 1
    print(out)
    return 0


def _list(library: FigureLibrary, as_json: bool) -> int:
    rows = []
    for name in library.names():
        figure = library.get(name)
        path = library.path_of(name)
        mine = library.user_dir is not None and path is not None and path.parent == library.user_dir
        rows.append({"name": name, "title": figure.name if figure else "", "view": figure.view if figure else "",
                     "poses": list(figure.poses) if figure else [], "yours": mine,
                     "problems": [str(p) for p in library.problems.get(name, [])], "path": str(path)})
    if as_json:
        print(json.dumps({"figures": rows}, ensure_ascii=False, indent=2))
        return 0
    width = max((len(r["name"]) for r in rows), default=0)
    for row in rows:
        if row["title"]:
            told = f"{row['title']} ({row['view']} view; poses: {', '.join(row['poses'])})"
        else:
            told = "cannot be drawn: " + (row["problems"][0] if row["problems"] else "it cannot be read")
        print(f"{row['name']:<{width}}  {told}{'  [yours]' if row['yours'] else ''}")
    return 0


def _figure(library: FigureLibrary, name: str) -> Figure:
    """The figure called ``name`` (as listed, or as an exercise names it), or a figure file."""
    if name.lower().endswith((".yaml", ".yml")) or "/" in name:
        from coach.core.routines.figure_format import load_figure_file

        path = Path(name)
        if not path.is_file():
            raise FigureCommandError(f"there is no figure file {name}")
        figure, problems = load_figure_file(path)
        for problem in problems:
            print(problem, file=sys.stderr)
        if figure is None:
            raise FigureCommandError(f"{name} has errors (above): it cannot be drawn")
        return figure
    key = figure_name(name)
    names = library.names()
    if key not in names:
        raise FigureCommandError(f"there is no figure called {name!r}{suggestion(key, names)} "
                                 "(coach figure --list names them all)")
    figure = library.get(key)
    if figure is None:
        for problem in library.problems.get(key, []):
            print(problem, file=sys.stderr)
        raise FigureCommandError(f"the figure {key!r} has errors (above): it cannot be drawn")
    return figure


def _pose(figure: Figure, pose: str | None, at: tuple[str, float] | None):  # noqa: ANN202 - a Pose
    if pose is not None:
        if pose not in figure.poses:
            hint = suggestion(pose, list(figure.poses))
            raise FigureCommandError(f"{figure.name} has no pose {pose!r}{hint}{' Its' if hint else '; its'} "
                                     f"poses are: {', '.join(figure.poses)}")
        return figure.pose(pose)
    if at is not None:
        part, fraction = at
        return pose_at(figure, PhaseKind.REP, part, fraction)
    return figure.pose(figure.start)


def _write(out: Path, figure: Figure, pose, side: str | None, size: tuple[int, int]) -> None:  # noqa: ANN001
    from coach.gui.figure_render import save_figure

    _gui_application()
    from PySide6.QtCore import QSize

    try:
        save_figure(out, figure, pose, QSize(*size), side=side)
    except OSError as error:
        reason = WRITE_FAILURES.get(error.errno or 0) or (error.strerror or str(error)).lower()
        raise FigureCommandError(f"cannot write {out}: {reason}") from None


def _gui_application() -> None:
    """Qt draws text and SVG only with an application object; no window is shown, so no display
    is needed (the offscreen platform)."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        global _APP  # kept alive for the command's life
        _APP = QGuiApplication(["coach", "-platform", "offscreen"])


_APP = None


def _moment(text: str) -> tuple[str, float]:
    """``up:0.5`` -> ("up", 0.5)."""
    part, colon, number = text.partition(":")
    part = part.strip().lower()
    if part not in MOVE_PARTS:
        raise FigureCommandError(
            f"--at {text!r}: {part!r} is not a tempo part{suggestion(part, MOVE_PARTS)}; the parts are {', '.join(MOVE_PARTS)}")
    if not colon:
        raise FigureCommandError(f"--at {text!r}: give how far into {part!r} as well, from 0 to 1: '{part}:0.5'")
    try:
        fraction = float(number)
    except ValueError:
        raise FigureCommandError(f"--at {text!r}: how far into {part!r} must be a number from 0 to 1") from None
    if not 0.0 <= fraction <= 1.0:  # also refuses nan
        raise FigureCommandError(f"--at {text!r}: how far into {part!r} must be from 0 to 1")
    return part, fraction


def _size(text: str) -> tuple[int, int]:
    width, x, height = text.lower().partition("x")
    try:
        size = int(width), int(height)
    except ValueError:
        raise FigureCommandError(f"--size {text!r}: give a width and a height in pixels, like 800x500") from None
    if not x or not all(16 <= side <= MAX_SIDE for side in size):
        raise FigureCommandError(f"--size {text!r}: each side must be from 16 to {MAX_SIDE} pixels")
    return size
