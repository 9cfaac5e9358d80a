"""Adding Coach to the user's applications menu: the desktop entry, icons, AppStream metainfo and
the routine MIME type, copied into the XDG data folder (``$XDG_DATA_HOME``, by default
``~/.local/share``) where desktops look for them, and removed again.

What is written follows from :data:`coach.core.files.app_id.APP_ID` alone, so uninstalling removes
exactly what installing wrote (and the caches the freedesktop tools made for it, when nothing else
is left in them), whatever was installed before.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coach.core.files.app_id import APP_ID
from coach.core.files.paths import shipped_path
from coach.core.files.user_files import write_atomically

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
#: How long each freedesktop tool may take to refresh its cache (seconds).
TOOL_TIME_LIMIT_S = 20

#: The tools that refresh the desktop's caches: (program, arguments, folder under the data home).
#: ``-t``: a user's icon folder has no index.theme of its own.
REFRESH_TOOLS = (
    ("update-desktop-database", ["-q"], "applications"),
    ("gtk-update-icon-cache", ["-q", "-t", "-f"], "icons/hicolor"),
    ("update-mime-database", [], "mime"),
)
#: What those tools generate, removed at uninstall once nothing else uses it.
GENERATED = {
    "applications": ("mimeinfo.cache",),
    "icons/hicolor": ("icon-theme.cache",),
    "mime": ("aliases", "generic-icons", "globs", "globs2", "icons", "magic", "mime.cache",
             "subclasses", "treemagic", "types", "version", "XMLnamespaces"),
}


def data_home(environ=os.environ) -> Path:
    """``$XDG_DATA_HOME`` when it is an absolute path (the spec ignores a relative one), else ``~/.local/share``."""
    given = environ.get("XDG_DATA_HOME", "")
    if given and os.path.isabs(given):
        return Path(given)
    return Path.home() / ".local" / "share"


def entry_path(home: Path) -> Path:
    return home / "applications" / f"{APP_ID}.desktop"


def desktop_exec(command: Sequence[str]) -> str:
    """``command`` as the desktop entry specification quotes an Exec key's arguments (and then
    escapes the value's backslashes, as every string of the file)."""
    quoted = []
    for arg in command:
        if re.fullmatch(r"[A-Za-z0-9_@%+=:,./-]+", arg):
            quoted.append(arg.replace("%", "%%"))
        else:
            escaped = re.sub(r'(["`$\\])', r"\\\1", arg).replace("%", "%%")
            quoted.append(f'"{escaped}"')
    return " ".join(quoted).replace("\\", "\\\\")


def entry_text(command: Sequence[str]) -> str:
    """The shipped desktop entry with its Exec keys starting ``command`` (the ``coach`` being run:
    a pip install's script is seldom on the menu's PATH)."""
    shipped = shipped_path("resources", "desktop", f"{APP_ID}.desktop").read_text(encoding="utf-8")
    return re.sub(r"^Exec=coach\b", lambda _m: "Exec=" + desktop_exec(command), shipped, flags=re.MULTILINE)


def planned_files(command: Sequence[str]) -> dict[str, bytes]:
    """Every file installing writes: path under the data home -> its content."""
    icons = shipped_path("resources", "icons", "hicolor")
    files = {f"applications/{APP_ID}.desktop": entry_text(command).encode("utf-8")}
    for size in ICON_SIZES:
        name = f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png"
        files[name] = (icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png").read_bytes()
    for name in (f"scalable/apps/{APP_ID}.svg", f"symbolic/apps/{APP_ID}-symbolic.svg"):
        files[f"icons/hicolor/{name}"] = (icons / name).read_bytes()
    desktop = shipped_path("resources", "desktop")
    files[f"metainfo/{APP_ID}.metainfo.xml"] = (desktop / f"{APP_ID}.metainfo.xml").read_bytes()
    files[f"mime/packages/{APP_ID}.xml"] = (desktop / f"{APP_ID}.mime.xml").read_bytes()
    return files


def installed_names() -> list[str]:
    """The paths under the data home that installing writes (whatever the command)."""
    return list(planned_files(["coach"]))


@dataclass
class Outcome:
    """What installing or uninstalling did, in the user's words."""

    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    #: Tools that failed or are missing: said, never fatal (the files are in place).
    problems: list[str] = field(default_factory=list)


Runner = Callable[..., subprocess.CompletedProcess]


def refresh(home: Path, outcome: Outcome, run: Runner = subprocess.run) -> None:
    """Runs each freedesktop tool that is installed on its folder, each within a time limit."""
    for program, args, folder in REFRESH_TOOLS:
        target = home / folder
        path = shutil.which(program)
        if path is None or not target.is_dir():
            continue
        try:
            done = run([path, *args, str(target)], capture_output=True, text=True, timeout=TOOL_TIME_LIMIT_S)
        except subprocess.TimeoutExpired:
            outcome.problems.append(f"{program} did not finish within {TOOL_TIME_LIMIT_S} s")
            continue
        except OSError as error:
            outcome.problems.append(f"{program} could not run: {error.strerror or error}")
            continue
        if done.returncode != 0:
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
            outcome.problems.append(f"{program} failed: {last[0]}")
        else:
            outcome.refreshed.append(program)


def install(home: Path, command: Sequence[str], run: Runner = subprocess.run) -> Outcome:
    """Writes the files (atomically; one already as it should be is left alone) and refreshes the
    desktop's caches. Raises OSError when a file cannot be written."""
    outcome = Outcome()
    for name, content in planned_files(command).items():
        target = home / name
        try:
            if target.read_bytes() == content:
                outcome.unchanged.append(target)
                continue
        except OSError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, content)
        outcome.changed.append(target)
    refresh(home, outcome, run)
    return outcome


def uninstall(home: Path, run: Runner = subprocess.run) -> Outcome:
    """Removes what :func:`install` wrote, refreshes the caches, and removes the caches and the
    folders that are left with nothing else in them."""
    outcome = Outcome()
    for name in installed_names():
        target = home / name
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        outcome.changed.append(target)
    refresh(home, outcome, run)
    for folder, generated in GENERATED.items():
        _remove_if_only_generated(home / folder, generated)
    for name in installed_names():
        _remove_empty_parents((home / name).parent, home)
    return outcome


def _remove_if_only_generated(folder: Path, generated: tuple[str, ...]) -> None:
    """A cache folder whose only files are what the tools generated (no desktop entry, icon or
    MIME package of anyone's) holds nothing of value: its generated files go."""
    if not folder.is_dir():
        return
    real = [p for p in folder.rglob("*") if p.is_file() and
            not (p.parent == folder and p.name in generated) and
            not (folder.name == "mime" and p.parent != folder and p.parent.name != "packages")]
    if real:
        return
    for name in generated:
        (folder / name).unlink(missing_ok=True)
    if folder.name == "mime":
        # update-mime-database's per-type files (mime/application/*.xml): made from packages, and there are none
        for sub in folder.iterdir():
            if sub.is_dir() and sub.name != "packages":
                shutil.rmtree(sub, ignore_errors=True)


def _remove_empty_parents(folder: Path, home: Path) -> None:
    while folder != home and home in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty (or not there): keep it and its parents
            if folder.exists():
                return
        folder = folder.parent


@dataclass(frozen=True)
class State:
    installed: bool
    #: The command its Exec key starts (None when not installed).
    command: str | None
    path: Path


def state(home: Path) -> State:
    """Whether the desktop entry is installed there, and what it starts."""
    path = entry_path(home)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return State(False, None, path)
    found = re.search(r"^Exec=(.*?)(?: %f)?$", text, re.MULTILINE)
    return State(True, found.group(1) if found else None, path)
