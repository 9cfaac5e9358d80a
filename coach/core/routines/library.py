"""The routine library: the built-in routines plus the user's, where one bad file hides nothing else."""

from __future__ import annotations

import errno
import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from coach.core.files.paths import DataDir, builtin_routines_dir, display_name
from coach.core.files.problems import Problem
from coach.core.routines.routine import Routine

# The routine format (with PyYAML) is imported where files are read, in the functions below.

__all__ = ["BUILT_IN", "USER", "CUSTOMIZED", "Library", "LibraryEntry", "load_library", "open_routine",
           "load_folder", "routine_files"]

BUILT_IN = "built-in"
USER = "user"
#: A user routine with a built-in's id: it replaces the built-in.
CUSTOMIZED = "customized"


@dataclass(frozen=True)
class LibraryEntry:
    routine: Routine
    source: str
    path: Path
    #: For a customized routine, the built-in file it replaces.
    replaces: Path | None = None

    @property
    def id(self) -> str:
        return self.routine.id


@dataclass
class Library:
    entries: list[LibraryEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def get(self, routine_id: str) -> LibraryEntry | None:
        return next((e for e in self.entries if e.routine.id == routine_id), None)

    def ids(self) -> list[str]:
        return [e.routine.id for e in self.entries]


def routine_files(folder: Path) -> list[Path]:
    """The routine files of a folder, in name order; none when the folder does not exist."""
    try:
        return sorted(p for p in Path(folder).glob("*.yaml") if not p.name.startswith("."))
    except OSError:
        return []


def _unusable_folder(folder: Path) -> str | None:
    """Why a routine folder that is there cannot be read (None when it can, or is not there)."""
    try:
        folder.stat()
    except FileNotFoundError:
        return None  # not there (yet): nothing to say
    except OSError as error:
        if error.errno == errno.ELOOP:
            return ("this is a symbolic link that leads back to itself, not a folder: your routines "
                    "in it cannot be read")
        return f"this folder cannot be read ({error.strerror}): your routines in it are left out"
    if not folder.is_dir():
        return "this is a file, not a folder: your routines cannot be read from it; move it away"
    return None


def load_folder(folder: Path, faq_ids: Collection[str] | None,
                problems: list[Problem]) -> dict[str, tuple[Routine, Path]]:
    """The good routines of a folder by id; their problems are added to ``problems``."""
    from coach.core.routines.routine_format import load_routine_file

    found: dict[str, tuple[Routine, Path]] = {}
    unusable = _unusable_folder(Path(folder))
    if unusable:
        problems.append(Problem(display_name(folder), None, None, unusable))
    for path in routine_files(folder):
        routine, file_problems = load_routine_file(path, faq_ids=faq_ids)
        problems.extend(file_problems)
        if routine is None:
            continue
        earlier = found.get(routine.id)
        if earlier is not None:
            problems.append(Problem(
                display_name(path), None, None,
                f"the routine id {routine.id!r} is already used by {display_name(earlier[1])} in the "
                f"same folder; give one of them another 'id:' (this file is left out until then)"))
            continue
        found[routine.id] = (routine, path)
    return found


def load_library(builtin_dir: Path, user_dir: Path, faq_ids: Collection[str] | None = None) -> Library:
    """Every good routine of both folders, and every problem found in them.

    A user routine with a built-in's id replaces that built-in (source ``customized``).
    ``faq_ids``: when given, links to FAQ answers that do not exist are warnings.
    """
    library = Library()
    builtins = load_folder(builtin_dir, faq_ids, library.problems)
    users = load_folder(user_dir, faq_ids, library.problems)
    for routine_id, (routine, path) in builtins.items():
        mine = users.pop(routine_id, None)
        if mine is None:
            library.entries.append(LibraryEntry(routine, BUILT_IN, path))
        else:
            library.entries.append(LibraryEntry(mine[0], CUSTOMIZED, mine[1], replaces=path))
    for routine, path in users.values():
        library.entries.append(LibraryEntry(routine, USER, path))
    return library


def _looks_like_a_path(ref: str) -> bool:
    return (os.sep in ref or "/" in ref or ref.lower().endswith((".yaml", ".yml"))
            or Path(ref).is_file())


def open_routine(ref: str, data_dir: Path | DataDir, faq_ids: Collection[str] | None = None,
                 builtin_dir: Path | None = None) -> tuple[Routine | None, list[Problem]]:
    """A routine by id from the library, or from a file path; with the problems that explain a miss."""
    from coach.core.routines.routine_format import default_id, load_routine_file
    from coach.core.routines.routine_types import suggestion

    if _looks_like_a_path(ref):
        return load_routine_file(Path(ref).expanduser(), faq_ids=faq_ids)
    user_dir = data_dir.routines if isinstance(data_dir, DataDir) else DataDir(Path(data_dir)).routines
    library = load_library(builtin_dir or builtin_routines_dir(), user_dir, faq_ids)
    entry = library.get(ref)
    if entry is not None:
        mine = [p for p in library.problems if p.file == display_name(entry.path)]
        return entry.routine, mine
    # A broken file named after the id explains the miss better than "not found".
    broken = [p for p in library.problems if default_id(p.file) == ref]
    message = f"there is no routine with the id {ref!r}"
    if broken:
        message += "; the file with that name has errors (below)"
    else:
        message += (suggestion(ref, library.ids())
                    or "; 'coach list' shows the routines, or give the path to a file")
    return None, [Problem(ref, None, None, message), *broken]
