"""Where Coach finds its shipped files and keeps the user's own."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "coach"
DATA_DIR_ENV = "COACH_DATA_DIR"


def shipped_path(*parts: str) -> Path:
    """A file or folder shipped with Coach (``routines/``, ``resources/...``).

    An installed wheel carries them in ``coach/_data``; a source checkout (and an
    editable install, which runs from it) has them at the top of the repository.
    """
    # The package folder, found from this file rather than with importlib.resources.files("coach")
    # (the same folder, as Coach runs from files, never from a zip): importing importlib.resources
    # brings tempfile, zipfile and more, and this runs at every start.
    package = Path(__file__).resolve().parents[2]
    installed = package / "_data"
    if installed.is_dir():
        return installed.joinpath(*parts)
    source_tree = package.parent
    return source_tree.joinpath(*parts)


def builtin_routines_dir() -> Path:
    return shipped_path("routines")


def resources_dir() -> Path:
    return shipped_path("resources")


def default_data_dir() -> Path:
    import platformdirs  # here: with --data-dir or $COACH_DATA_DIR, startup does without it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """The user's data folder: ``--data-dir`` first, then ``$COACH_DATA_DIR``, then the platform's."""
    if option:
        return Path(option).expanduser().resolve()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser().resolve()
    return default_data_dir()


def link_to_nowhere(folder: str | os.PathLike[str]) -> str | None:
    """What to say when the data folder is a symbolic link to a folder that does not exist (a disk
    that is not mounted): Coach would create that folder and start with no routines or history."""
    path = Path(folder).expanduser()
    try:
        if not path.is_symlink() or path.exists():
            return None
    except OSError:
        return None
    target = os.path.realpath(path)
    return (f"Your data folder {path} is a link to {target}, which does not exist (a disk that is not "
            "mounted?): Coach creates it, and starts there with no routines, settings or history of yours.")


def display_name(path: str | os.PathLike[str]) -> str:
    """How a file is named in messages: relative to the current folder when it is inside it."""
    full = os.path.abspath(path)
    try:
        here = os.getcwd()
    except OSError:  # the current folder was deleted
        return str(path)
    if full.startswith(here.rstrip(os.sep) + os.sep):
        return full[len(here.rstrip(os.sep)) + 1:]
    return str(path)


class DataDir:
    """The user's data folder and the well-known places inside it."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def routines(self) -> Path:
        return self.root / "routines"

    @property
    def faq_file(self) -> Path:
        return self.root / "faq.yaml"

    @property
    def history_db(self) -> Path:
        return self.root / "history.sqlite3"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.ini"

    def __repr__(self) -> str:
        return f"DataDir({str(self.root)!r})"
