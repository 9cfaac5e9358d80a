"""Where an exercise finds its figure: its ``figure:`` key, else its name, in the user's figures
folder first, then among the built-ins; loaded once, when first shown, with every problem kept."""

from __future__ import annotations

import re
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
