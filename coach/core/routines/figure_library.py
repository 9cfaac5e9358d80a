"""Where an exercise finds its figure: its ``figure:`` key, else its name, in the user's figures
folder first, then among the built-ins; loaded once, when first shown, with every problem kept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from coach.core.routines.figure_format import Figure, load_figure_file
from coach.core.files.paths import resources_dir
from coach.core.files.problems import Problem


def builtin_figures_dir() -> Path:
    return resources_dir() / "figures"


def figure_name(text: str) -> str:
    """The file name (without ``.yaml``) a name is looked up as: ``Knee-to-chest stretches`` ->
    ``knee-to-chest-stretches``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


#: Where a figure of the gallery comes from.
BUILT_IN, USER = "built-in", "user"


@dataclass(frozen=True)
class FigureChoice:
    """A figure to choose from (the editor's gallery): its name as ``figure:`` takes it, where it
    comes from, the figure (None when its file is broken) and its file's problems."""

    name: str
    source: str
    figure: Figure | None
    problems: tuple[Problem, ...] = ()

    @property
    def problem(self) -> str:
        """The first error of a broken figure, as ``file:line:col: error: ...`` ("" when usable)."""
        errors = [p for p in self.problems if p.is_error] or list(self.problems)
        return str(errors[0]) if self.figure is None and errors else ""


class FigureLibrary:
    """Finds and caches figures; a broken or missing figure is ``None`` and its problems are kept."""

    def __init__(self, user_dir: Path | None = None, builtin_dir: Path | None = None) -> None:
        self.user_dir = user_dir
        self.builtin_dir = builtin_dir if builtin_dir is not None else builtin_figures_dir()
        self._cache: dict[str, Figure | None] = {}
        #: Problems of every figure file read so far, by name.
        self.problems: dict[str, list[Problem]] = {}

    def names(self) -> list[str]:
        """Every figure there is: built-in and the user's."""
        found = set()
        for folder in (self.builtin_dir, self.user_dir):
            if folder is not None and folder.is_dir():
                found |= {p.stem for p in folder.glob("*.yaml")}
        return sorted(found)

    def choices(self) -> list[FigureChoice]:
        """Every figure there is, built-in and the user's (a user's of the same name replaces the
        built-in), each loaded, broken ones with their problems: never an exception. The user's
        files are read again (they may have been changed since)."""
        found = []
        for name in self.names():
            path = self.path_of(name)
            if path is None:  # a folder, a pipe or a link to nowhere named like a figure
                where = self.user_dir / f"{name}.yaml" if self.user_dir is not None else Path(f"{name}.yaml")
                found.append(FigureChoice(name, USER, None, (Problem(
                    str(where), None, None, "this is not a file: a figure is a file NAME.yaml"),)))
                continue
            if name != figure_name(name):
                found.append(FigureChoice(name, USER, None, (Problem(
                    str(path), None, None, f"a figure's file name is lowercase letters, digits and "
                    f"dashes: rename it {figure_name(name) or 'figure'}.yaml"),)))
                continue
            if path is not None and self.user_dir is not None and path.parent == self.user_dir:
                self._cache.pop(name, None)
                self.problems.pop(name, None)
            figure = self.get(name)
            mine = path is not None and self.user_dir is not None and path.parent == self.user_dir
            found.append(FigureChoice(name, USER if mine else BUILT_IN, figure,
                                      tuple(self.problems.get(name, ()))))
        return found

    def path_of(self, name: str) -> Path | None:
        for folder in (self.user_dir, self.builtin_dir):
            if folder is None:
                continue
            path = folder / f"{name}.yaml"
            if path.is_file():
                return path
        return None

    def get(self, name: str) -> Figure | None:
        name = figure_name(name)
        if name in self._cache:
            return self._cache[name]
        path = self.path_of(name) if name else None
        figure = None
        if path is not None:
            try:
                figure, problems = load_figure_file(path)
            except Exception as exc:  # noqa: BLE001 - a figure never stops a workout
                figure, problems = None, [Problem(str(path), None, None, f"the figure cannot be read: {exc}")]
            if problems:
                self.problems[name] = problems
        self._cache[name] = figure
        return figure

    def for_exercise(self, exercise) -> Figure | None:  # noqa: ANN001 - a routine.Exercise
        """The exercise's own ``figure:`` when it names one, else the figure named like it."""
        chosen = getattr(exercise, "figure", None)
        return self.get(chosen if chosen else exercise.name)
