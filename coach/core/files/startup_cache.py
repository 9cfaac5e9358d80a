"""A copy of the parsed FAQ and routine library, so that a start where no file changed reads no YAML.

Importing PyYAML and Coach's YAML checkers and parsing the FAQ and every routine costs a start
tens of milliseconds; the result depends only on files that rarely change. After a normal load
the result is pickled to ``<data-dir>/cache/startup.pickle`` together with a fingerprint of
everything it depends on; the next start uses it when the fingerprint is still the same, and
otherwise loads the files as before and writes the cache again.

What the fingerprint holds (see :func:`_fingerprint`): the cache format, Coach's version,
``sys.version``; the mode, size, mtime and inode of every ``coach/core/*.py`` (a dev checkout changes
classes without a version bump) and of PyYAML's ``__init__.py`` and folder (PyYAML's own words are
in syntax error messages, and libyaml decides which loader runs); for both routine folders their
path, their own state and the state of each routine file they list; for both FAQ files their path
and state, or that they do not exist; how each of those files is named in messages (relative to
the current folder when inside it). The loaders also report every other path they looked at
(an image checked for existence) with what they found: a hit checks those again.

A FAQ or routine file changed less than two seconds before the start is not cached yet (see
:data:`RACY_NS`). Not covered: a file rewritten in place with its size and mtime put back as they
were (``touch -r``); and the order of sets (``PYTHONHASHSEED``), which nothing loaded depends on.

Pickle because the standard library has it and it rebuilds the frozen dataclasses as they are
(no second format to keep in step with them); a pickle can run code, so the cache is read with an
unpickler that refuses every class but the few that a FAQ and a library are made of. Whatever goes
wrong with the cache -- missing, corrupt, refused, stale, a folder that cannot be written -- Coach
loads the files and says nothing: it is only a cache.
"""

from __future__ import annotations

import io
import os
import pickle
import re
import sys
import time
from pathlib import Path, PosixPath, PurePath, PurePosixPath, PureWindowsPath, WindowsPath

from coach import __version__
from coach.core.faq.entries import Faq, FaqEntry, builtin_faq_file, load_faq
from coach.core.routines.library import Library, LibraryEntry, load_library, routine_files
from coach.core.files.paths import DataDir, builtin_routines_dir, display_name
from coach.core.files.problems import Problem
from coach.core.routines.routine import ROUTINE, Routine
from coach.core.files.user_files import read_ordinary

FILE_NAME = "startup.pickle"
_CACHE_FILES = re.compile(re.escape(FILE_NAME))
#: Changed when what the file holds changes shape.
FORMAT = "coach-startup-cache-1"
#: A cache larger than this is not read (5,000 routines make about 10 MiB).
MAX_BYTES = 256 * 1024 * 1024

#: A FAQ or routine file whose mtime is this close to the moment its state was taken may still
#: change within the same mtime tick without its size or mtime changing (FAT counts in 2 s steps,
#: ext4 in clock ticks): such a load is not cached; the next start will be (git calls these
#: entries "racily clean"). Coach's own sources and PyYAML are left out of this: they change by
#: an install or a checkout, not by an edit a moment after a start.
RACY_NS = 2_000_000_000

#: The only classes the cache may hold: what a FAQ and a library are made of.
_ALLOWED = {(cls.__module__, cls.__qualname__): cls
            for cls in (FaqEntry, Problem, LibraryEntry, *ROUTINE.model_classes(),
                        PosixPath, WindowsPath, PurePosixPath, PureWindowsPath)}


def load_faq_and_library(data_dir: DataDir | Path, *, builtin_routines: Path | None = None,
                         builtin_faq: Path | None = None) -> tuple[Faq, Library]:
    """The FAQ and the routine library, as ``load_faq`` and ``load_library`` give them (with the
    FAQ's ids for checking routine links), from the cache when nothing they depend on changed."""
    data_dir = data_dir if isinstance(data_dir, DataDir) else DataDir(Path(data_dir))
    builtin_routines = builtin_routines if builtin_routines is not None else builtin_routines_dir()
    builtin_faq = builtin_faq if builtin_faq is not None else builtin_faq_file()
    cache_file = data_dir.cache_dir / FILE_NAME

    taken_at = time.time_ns()
    fingerprint, newest_ns = _fingerprint(builtin_faq, data_dir.faq_file, builtin_routines,
                                          data_dir.routines)
    if fingerprint is not None:
        cached = _read(cache_file, fingerprint)
        if cached is not None:
            return cached

    faq = load_faq(data_dir, builtin_faq)
    looked_at: list[tuple[Path, bool]] = []
    library = load_library(builtin_routines, data_dir.routines, set(faq.ids()), looked_at=looked_at)
    if fingerprint is not None and newest_ns <= taken_at - RACY_NS:
        _write(cache_file, (FORMAT, fingerprint, tuple(looked_at),
                            (faq.entries, faq.problems, library.entries, library.problems)))
        _remove_leftovers(cache_file.parent, data_dir.routines)
    return faq, library


# --- the fingerprint ---------------------------------------------------------------------------

class _States:
    """Takes the state of files, remembering the newest mtime of a FAQ or routine file."""

    def __init__(self) -> None:
        self.newest_ns = 0

    def of(self, path: str | os.PathLike[str], data: bool = False) -> tuple | None:
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            return None
        if data:
            self.newest_ns = max(self.newest_ns, st.st_mtime_ns)
        return (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ino)

    def file(self, path: Path) -> tuple:
        return (str(path), os.path.abspath(path), display_name(path), self.of(path, data=True))

    def routine_folder(self, folder: Path) -> tuple:
        # routine_files lists the folder the way load_library does (same pattern, same order).
        # The folder's own mtime needs no racy check: its entries are compared by name.
        files = tuple((p.name, display_name(p), self.of(p, data=True)) for p in routine_files(folder))
        return (str(folder), os.path.abspath(folder), self.of(folder), files)

    def python_files(self, folder: Path) -> tuple:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if e.name.endswith(".py"))
        return tuple((name, self.of(folder / name)) for name in names)

    def yaml_package(self) -> tuple | None:
        module = sys.modules.get("yaml")
        origin = getattr(module, "__file__", None)
        if origin is None:
            from importlib.machinery import PathFinder  # finds PyYAML without importing it

            spec = PathFinder.find_spec("yaml")
            origin = spec.origin if spec is not None else None
        if origin is None:
            return None
        return (origin, self.of(origin), self.of(os.path.dirname(origin)))


def _fingerprint(builtin_faq: Path, user_faq: Path, builtin_routines: Path,
                 user_routines: Path) -> tuple[tuple | None, int]:
    """Everything the loaded result depends on (see the module's docstring), and the newest mtime
    of a file in it; ``None`` when it cannot be taken (then nothing is cached)."""
    states = _States()
    try:
        fingerprint = (
            ("format", FORMAT),
            ("Coach", __version__),
            ("Python", sys.version),
            ("coach/core/*.py", states.python_files(Path(__file__).parents[1])),
            ("coach/core/*/*.py", tuple((folder.name, states.python_files(folder)) for folder in
                                      sorted(Path(__file__).parents[1].glob("*/")) if folder.name != "__pycache__")),
            ("PyYAML", states.yaml_package()),
            ("FAQ files", (states.file(builtin_faq), states.file(user_faq))),
            ("routine folders", (states.routine_folder(builtin_routines),
                                 states.routine_folder(user_routines))),
        )
    except Exception:  # noqa: BLE001 - a cache must never keep Coach from starting
        return None, 0
    return fingerprint, states.newest_ns


# --- reading and writing -----------------------------------------------------------------------

class _RestrictedUnpickler(pickle.Unpickler):
    """Refuses every global but the allowed classes: whoever could edit the cache file could
    otherwise make Coach run any function (Python's pickle docs, "Restricting Globals")."""

    def find_class(self, module: str, name: str) -> type:
        allowed = _ALLOWED.get((module, name))
        if allowed is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the startup cache")
        return allowed


def _read(cache_file: Path, fingerprint: tuple) -> tuple[Faq, Library] | None:
    """The cached FAQ and library when the cache is there, whole and still right; else ``None``."""
    try:
        # Ordinary files only, opened without blocking: a named pipe in its place must not hang
        # the start, nor a device feed it without end.
        data = read_ordinary(cache_file, MAX_BYTES)
        if len(data) > MAX_BYTES:
            return None
        stored = _RestrictedUnpickler(io.BytesIO(data)).load()
    except Exception:  # noqa: BLE001 - missing, truncated, corrupt or refused: load the files
        return None
    if not (isinstance(stored, tuple) and len(stored) == 4 and stored[0] == FORMAT):
        return None
    _, stored_fingerprint, looked_at, payload = stored
    if stored_fingerprint != fingerprint or not _same_answers(looked_at):
        return None
    return _rebuild(payload)


def _same_answers(looked_at: object) -> bool:
    """Whether every path the loaders looked at still gives what they found then."""
    if not isinstance(looked_at, tuple):
        return False
    for item in looked_at:
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], PurePath)
                and isinstance(item[1], bool)):
            return False
        path, found = item
        if Path(path).is_file() != found:
            return False
    return True


def _rebuild(payload: object) -> tuple[Faq, Library] | None:
    if not (isinstance(payload, tuple) and len(payload) == 4):
        return None
    faq_entries, faq_problems, library_entries, library_problems = payload
    if not (isinstance(faq_entries, tuple) and all(isinstance(e, FaqEntry) for e in faq_entries)
            and _problems(faq_problems) and _problems(library_problems)
            and isinstance(library_entries, list)
            and all(isinstance(e, LibraryEntry) and isinstance(e.routine, Routine)
                    for e in library_entries)):
        return None
    return Faq(faq_entries, faq_problems), Library(library_entries, library_problems)


def _problems(problems: object) -> bool:
    return isinstance(problems, list) and all(isinstance(p, Problem) for p in problems)


def _write(cache_file: Path, content: tuple) -> None:
    """Replace the cache file atomically (a temporary file renamed over it); silently nothing when
    the folder cannot be written.

    Not routine_writer.write_atomically: it fsyncs the file and the folder, which a user's routine
    needs and a cache that is rebuilt when lost does not (a start after a change would wait for the
    disk); a crash mid-write leaves a truncated file at worst, which reads as a miss, or the
    temporary file, which a later write removes (:func:`_remove_leftovers`).
    """
    from coach.core.files import temp_files  # only a miss writes: a hit does not import it

    temp = None
    try:
        data = pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL)
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        # Named like every temporary file of Coach's (a unique name, so two Coach processes
        # writing at once never share one), so that one left by a kill is recognized.
        fd, temp = temp_files.create(cache_file)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, cache_file)
    except Exception:  # noqa: BLE001 - no cache this time; Coach has what it loaded
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass


def _remove_leftovers(cache_folder: Path, routine_folder: Path) -> None:
    """Remove the temporary files that killed writes left in the cache folder and in the user's
    routine folder (see :mod:`coach.core.files.temp_files`: never a write still in progress).

    Only when the cache is written, never on a hit: a hit must not pay for listing folders. A kill
    during a routine save changes the routine folder (the temporary file was made in it), so the
    next start is a miss and comes here; a leftover still too young then goes at a later miss or
    save. Removing one changes the folder again: the start after that is one more miss.
    """
    from coach.core.files import temp_files

    temp_files.remove_stale(cache_folder, _CACHE_FILES)
    temp_files.remove_stale(routine_folder, temp_files.ROUTINE_FILES)
