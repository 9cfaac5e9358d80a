"""The user's own routines: customize a built-in, reset it, duplicate, create, delete, import, export."""

from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from coach.core.files import temp_files
from coach.core.routines.library import BUILT_IN, CUSTOMIZED, Library
from coach.core.files.problems import Problem, has_errors
from coach.core.routines.routine import Exercise, Routine
from coach.core.routines.routine_format import load_routine_file
from coach.core.routines.routine_types import SLUG
from coach.core.files.user_files import read_ordinary
from coach.core.files.yamlsource import MAX_BYTES
from coach.core.routines.routine_writer import (
    SaveError,
    SaveResult,
    describe_os_error,
    routine_to_yaml,
    save_text,
    write_atomically,
)
from coach.core.files.yamlsource import display_name

MAX_ID_LENGTH = 80
#: What the caller may answer when an imported routine's id is already taken.
REPLACE = "replace"
KEEP_BOTH = "keep-both"


class UserRoutineError(Exception):
    """An operation on the user's routines was refused or failed; the message is for the user."""


class ImportRefused(UserRoutineError):
    """The file to import has errors; :attr:`problems` lists them (file:line:col)."""

    def __init__(self, source: Path, problems: list[Problem]) -> None:
        shown = "\n".join(str(p) for p in problems if p.is_error)
        super().__init__(f"{source.name} was not imported because it has errors:\n{shown}")
        self.problems = problems


class ImportClash(UserRoutineError):
    """The imported routine's id is taken: ask the user, then import again with ``on_clash``."""

    def __init__(self, routine: Routine) -> None:
        super().__init__(f"You already have a routine with the id {routine.id!r}. "
                         "Replace it with the imported one, or keep both?")
        self.routine = routine


@dataclass(frozen=True)
class Done:
    """What an operation wrote: the routine as it is now in the user folder, and where."""

    routine: Routine
    path: Path
    #: The previous file kept because it had comments (see :func:`save_routine`).
    backup: Path | None = None


def unique_id(wanted: str, taken: Collection[str]) -> str:
    """``wanted`` if free, else ``wanted-2``, ``wanted-3``...; always a valid id of at most 80 chars."""
    base = wanted if SLUG.match(wanted) else "routine"
    if base not in taken:
        return base[:MAX_ID_LENGTH].rstrip("-")
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: MAX_ID_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def id_for_name(name: str, taken: Collection[str]) -> str:
    """The id (and so the file name) a routine called ``name`` gets: "Evening stretch" gives
    ``evening-stretch``, or ``evening-stretch-2`` when that is taken; ``routine`` for a name
    without a single Latin letter or digit."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_name = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:MAX_ID_LENGTH].rstrip("-")
    return unique_id(slug or "routine", taken)


def with_images_from(routine: Routine, folder: Path | None) -> Routine:
    """The routine with relative image paths made absolute, for a copy that lives in another folder.

    An image is written relative to its routine file; a copy elsewhere would lose it otherwise.
    """
    if folder is None:
        return routine
    exercises = []
    for exercise in routine.exercises:
        if exercise.image and not Path(exercise.image).is_absolute() and (folder / exercise.image).is_file():
            exercise = dataclasses.replace(exercise, image=str((folder / exercise.image).resolve()))
        exercises.append(exercise)
    return dataclasses.replace(routine, exercises=tuple(exercises))


class UserRoutines:
    """The user's routine folder (``<data-dir>/routines``); every write is atomic.

    Temporary files that a save killed half-way left in the folder are removed when a UserRoutines
    is made for it and after each write into it; :mod:`coach.core.files.temp_files` says which ones
    (never a save that another Coach is making in the same folder).
    """

    def __init__(self, folder: Path, faq_ids: Collection[str] | None = None) -> None:
        self.folder = Path(folder)
        self.faq_ids = faq_ids
        self.remove_leftovers()

    def path_for(self, routine_id: str) -> Path:
        return self.folder / f"{routine_id}.yaml"

    def remove_leftovers(self) -> list[Path]:
        """Remove what killed saves left in the folder (see :mod:`coach.core.files.temp_files`)."""
        return temp_files.remove_stale(self.folder, temp_files.ROUTINE_FILES)

    def owns(self, path: Path | None) -> bool:
        """Whether ``path`` is a file in the user folder (only those may be changed or deleted)."""
        if path is None:
            return False
        try:
            return Path(path).resolve().parent == self.folder.resolve()
        except OSError:
            return False

    # --- writing ----------------------------------------------------------------------------

    def save(self, routine: Routine, *, replacing: Path | None = None,
             taken: Mapping[str, Path] | None = None) -> Done:
        """Save ``routine`` as ``<id>.yaml`` in the user folder (what the editor's Save does).

        ``replacing``: the file the routine was opened from. When it is a user file under another
        name (the id was changed, or it was written by hand as ``my.yaml``), it is removed once the
        new file is safely written, so the routine does not appear twice. ``taken``: ids in use
        and their files; saving over another routine's id is refused.
        """
        target = self.path_for(routine.id)
        other = (taken or {}).get(routine.id)
        if other is not None and self.owns(other) and not _same(other, replacing) and not _same(other, target):
            raise UserRoutineError(f"Another of your routines already uses the id {routine.id!r} "
                                   f"({Path(other).name}); choose another id.")
        if target.exists() and not _same(target, replacing):
            raise UserRoutineError(f"{target.name} already exists in your routines folder; "
                                   "choose another id.")
        result = save_text(routine_to_yaml(routine), target)
        if replacing is not None and self.owns(replacing) and not _same(replacing, target):
            self._remove(Path(replacing))
        self.remove_leftovers()
        return Done(dataclasses.replace(routine, source_path=target), target, result.backup)

    def customize(self, builtin: Routine) -> Done:
        """A user copy of a built-in with the same id, which replaces it in the library."""
        target = self.path_for(builtin.id)
        if target.exists():
            raise UserRoutineError(f"You already have your own version of {builtin.name!r}.")
        folder = builtin.source_path.parent if builtin.source_path else None
        return self._write_new(with_images_from(builtin, folder))

    def reset_to_builtin(self, user_copy: Path) -> None:
        """Delete the user's copy of a built-in: the built-in shows again. Ask the user first."""
        self.delete(user_copy)

    def duplicate(self, routine: Routine, taken: Collection[str]) -> Done:
        new_id = unique_id(f"{routine.id}-copy", taken)
        folder = routine.source_path.parent if routine.source_path else None
        copy = dataclasses.replace(with_images_from(routine, folder), id=new_id,
                                   name=_suffixed(routine.name, " (copy)"))
        return self._write_new(copy)

    def new_routine(self, taken: Collection[str], name: str = "My routine") -> Routine:
        """A small routine to start from (the format needs at least one exercise), not written:
        nothing is in the folder until the user saves it (with :meth:`save`)."""
        return Routine(id=self.id_for_name(name, taken), name=name, exercises=(
            Exercise(name="Bridges", sets=2, reps=10),))

    def id_for_name(self, name: str, taken: Collection[str]) -> str:
        """:func:`id_for_name`, also avoiding the files in the folder (a broken file's id is in
        no library, but saving over it is refused)."""
        return id_for_name(name, _TakenIds(taken, self))

    def delete(self, path: Path) -> None:
        """Delete one of the user's routine files; built-in routines cannot be deleted."""
        if not self.owns(path):
            raise UserRoutineError("Only your own routines can be deleted; built-in routines stay.")
        self._remove(Path(path))

    # --- import and export ------------------------------------------------------------------

    def import_file(self, source: Path, taken: Mapping[str, Path], on_clash: str | None = None) -> Done:
        """Check ``source`` and copy it into the user folder.

        ``taken``: every id in the library and its file. On a clash, raises :class:`ImportClash`
        unless ``on_clash`` is :data:`REPLACE` (the imported routine wins; a user file with that id
        is replaced, a built-in is customized) or :data:`KEEP_BOTH` (the import gets a new id).
        Raises :class:`ImportRefused` when the file has errors; nothing is written then.
        """
        source = Path(source)
        routine, problems = load_routine_file(source, faq_ids=self.faq_ids)
        if routine is None or has_errors(problems):
            raise ImportRefused(source, problems)
        target = self.path_for(routine.id)
        clash = routine.id in taken or target.exists()
        if clash and on_clash is None:
            raise ImportClash(routine)
        if clash and on_clash not in (REPLACE, KEEP_BOTH):
            raise ValueError(f"on_clash must be {REPLACE!r} or {KEEP_BOTH!r}, got {on_clash!r}")
        movable = with_images_from(routine, source.parent)
        if clash and on_clash == KEEP_BOTH:
            taken_ids = {*taken, *(p.stem for p in self.folder.glob("*.yaml"))}
            movable = dataclasses.replace(movable, id=unique_id(routine.id, taken_ids),
                                          name=_suffixed(routine.name, " (imported)"))
            return self._write_new(movable)
        replaced = taken.get(routine.id)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if movable == routine:
                # Nothing to rewrite: copy the file as it is, with its comments and layout.
                write_atomically(target, read_ordinary(source, MAX_BYTES))
            else:
                save_text(routine_to_yaml(movable), target, keep_commented_backup=False)
        except OSError as error:
            raise SaveError(target, f"Could not import {source.name} into {self.folder}: "
                                    f"{describe_os_error(error)}.") from error
        if replaced is not None and self.owns(replaced) and not _same(replaced, target):
            self._remove(Path(replaced))
        self.remove_leftovers()
        return Done(dataclasses.replace(movable, source_path=target), target)

    def export(self, routine: Routine, destination: Path) -> SaveResult:
        """Save any routine as YAML wherever the user likes (atomically, like every save)."""
        destination = Path(destination)
        source = routine.source_path
        folder = source.parent if source else None
        movable = with_images_from(routine, folder) if folder != destination.parent else routine
        if source is not None and movable == routine and _loads_as(source, routine):
            try:
                # The file as the user knows it, comments included.
                write_atomically(destination, read_ordinary(source, MAX_BYTES))
            except OSError as error:
                raise SaveError(destination, f"Could not export to {destination}: "
                                             f"{describe_os_error(error)}.") from error
            return SaveResult(destination)
        return save_text(routine_to_yaml(movable), destination, keep_commented_backup=False)

    # --- helpers ----------------------------------------------------------------------------

    def _write_new(self, routine: Routine) -> Done:
        target = self.path_for(routine.id)
        if target.exists():
            raise UserRoutineError(f"{target.name} already exists in your routines folder.")
        result = save_text(routine_to_yaml(routine), target)
        self.remove_leftovers()
        return Done(dataclasses.replace(routine, source_path=target), target, result.backup)

    def _remove(self, path: Path) -> None:
        try:
            path.unlink()
        except FileNotFoundError:
            return
        except OSError as error:
            raise UserRoutineError(f"Could not delete {path.name}: {describe_os_error(error)}.") from error


class _TakenIds:
    """The ids in ``taken``, and those of the files in the user folder, looked up one by one."""

    def __init__(self, taken: Collection[str], user: UserRoutines) -> None:
        self.taken = taken
        self.user = user

    def __contains__(self, routine_id: object) -> bool:
        return routine_id in self.taken or (
            isinstance(routine_id, str) and self.user.path_for(routine_id).exists())


def _same(a: Path | None, b: Path | None) -> bool:
    if a is None or b is None:
        return False
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _suffixed(name: str, suffix: str) -> str:
    return name[: 200 - len(suffix)] + suffix


def _loads_as(path: Path, routine: Routine) -> bool:
    loaded, problems = load_routine_file(path)
    return loaded == routine and not has_errors(problems)


# --- the library after a file changed on disk -------------------------------------------------

def keep_last_good(previous: Library, fresh: Library) -> Library:
    """The fresh library, where a user file that now has errors keeps its last good routine.

    Someone editing a routine by hand saves it halfway: the routine stays playable as it was,
    and the problems of the file are still listed (they are in ``fresh.problems``).
    """
    broken = {p.file for p in fresh.problems if p.is_error}
    kept = Library(list(fresh.entries), list(fresh.problems))
    fresh_paths = {e.path for e in fresh.entries}
    for old in previous.entries:
        if old.source == BUILT_IN or old.path in fresh_paths or display_name(old.path) not in broken:
            continue
        now = kept.get(old.id)
        if now is None:
            kept.entries.append(old)
        elif now.source == BUILT_IN and old.source == CUSTOMIZED:
            kept.entries[kept.entries.index(now)] = old
    return kept


def file_state(library: Library, path: Path) -> tuple[Routine | None, list[Problem]]:
    """What ``path`` holds according to a freshly loaded library: its routine (None when the file
    is broken or gone) and its problems."""
    entry = next((e for e in library.entries if _same(e.path, path)), None)
    name = display_name(path)
    return (entry.routine if entry else None), [p for p in library.problems if p.file == name]
