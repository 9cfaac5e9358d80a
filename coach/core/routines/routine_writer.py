"""Writing a routine back to a readable YAML file, atomically, without ever leaving half a file."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from coach.core.routines.durations import duration_for_file as format_duration  # noqa: F401 - its old name
from coach.core.routines.routine import EXERCISE, ROUTINE, Exercise, Routine
# Atomic replacing lives with the other safe file handling; still importable from here.
from coach.core.files.user_files import write_atomically  # noqa: F401

BACKUP_SUFFIX = ".bak"
_FAST_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --- routine -> document -> text --------------------------------------------------------------

def exercise_to_document(exercise: Exercise) -> dict:
    """One exercise as plain data, keys in the format's order; nothing, empty texts and lists left
    out (``sets`` is written even at its default: it is the first thing people change)."""
    return EXERCISE.to_document(exercise)


def routine_to_document(routine: Routine) -> dict:
    """The routine as plain data, keys in the format's order.

    The routine's four timings are always written, even at their defaults: they are the knobs
    people look for when they open the file. Empty texts and lists are left out.
    """
    return ROUTINE.to_document(routine)


class DuplicateKeys(list):
    """A mapping written as given, pairs in order, duplicates included.

    The editor writes what the user entered, mistakes and all, so that the loader (the one place
    where the rules live) can report them with a line and column.
    """


class _Dumper(yaml.SafeDumper):
    """Block style, sequences indented under their key, never an anchor or alias."""

    def ignore_aliases(self, data: object) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


_OTHER_LINE_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    # Multi-line instructions read best as a literal block; PyYAML falls back to a quoted scalar
    # by itself when a block cannot hold the text exactly (trailing spaces, control characters).
    style = "|" if "\n" in text else None
    if any(char in text for char in _OTHER_LINE_BREAKS):
        # PyYAML writes these raw in plain and block scalars, where a reader folds them into
        # spaces or newlines; only a double-quoted scalar escapes them.
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_pairs(dumper: yaml.SafeDumper, pairs: DuplicateKeys) -> yaml.Node:
    node = yaml.MappingNode("tag:yaml.org,2002:map", [], flow_style=False)
    for key, value in pairs:
        node.value.append((dumper.represent_data(key), dumper.represent_data(value)))
    return node


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(tuple, yaml.SafeDumper.represent_list)
_Dumper.add_representer(DuplicateKeys, _represent_pairs)


def dump_document(doc: object) -> str:
    """YAML text for plain data: keys in the order given, block style, scalars escaped by PyYAML."""
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, default_flow_style=False,
                     allow_unicode=True, width=88, indent=2)


def routine_to_yaml(routine: Routine) -> str:
    """The text of a routine file that loads back into the same routine."""
    return dump_document(routine_to_document(routine))


# --- comments ---------------------------------------------------------------------------------

def has_comments(text: str) -> bool:
    """Whether a YAML text has comments (which rewriting it from a routine would drop).

    A file that does not even scan counts as having something we cannot keep.
    """
    try:
        tokens = list(yaml.scan(text, Loader=_FAST_LOADER))
        for _event in yaml.parse(text, Loader=_FAST_LOADER):
            pass
    except (yaml.YAMLError, RecursionError):
        return True
    inside = [(t.start_mark.index, t.end_mark.index) for t in tokens
              if isinstance(t, (yaml.ScalarToken, yaml.TagToken, yaml.AnchorToken, yaml.AliasToken))]
    for index, char in enumerate(text):
        if char != "#" or (index > 0 and text[index - 1] not in " \t\r\n\ufeff"):
            continue
        if not any(start <= index < end for start, end in inside):
            return True
    return False


# --- saving -----------------------------------------------------------------------------------

class SaveError(Exception):
    """Saving failed; the message says why in the user's words. The old file is untouched."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


@dataclass(frozen=True)
class SaveResult:
    path: Path
    #: Where the previous file was kept because it had comments the writer cannot keep.
    backup: Path | None = None


_REASONS = {
    errno.EROFS: "the folder is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "part of the path is not a folder",
    errno.EISDIR: "a folder is in the way",
    errno.ENAMETOOLONG: "the file name is too long",
}


def describe_os_error(error: OSError) -> str:
    reason = _REASONS.get(error.errno or 0)
    return reason or (error.strerror or str(error)).rstrip(".").lower()


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def save_text(text: str, path: Path, *, keep_commented_backup: bool = True) -> SaveResult:
    """Write routine text to ``path`` atomically; see :func:`save_routine`."""
    path = Path(path)
    data = text.encode("utf-8")
    backup = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if keep_commented_backup:
            try:
                # Only an ordinary file: reading a named pipe left under that name would wait forever.
                old = path.read_bytes() if path.is_file() else None
            except FileNotFoundError:
                old = None
            if old is not None and old != data and has_comments(old.decode("utf-8", "replace")):
                backup = backup_path(path)
                write_atomically(backup, old)
        write_atomically(path, data)
    except OSError as error:
        raise SaveError(path, f"Could not save {path}: {describe_os_error(error)}. "
                              "Your changes are kept; the file on disk is unchanged.") from error
    return SaveResult(path, backup)


def save_routine(routine: Routine, path: Path) -> SaveResult:
    """Write ``routine`` to ``path`` as readable YAML, atomically and flushed to disk.

    When the file being replaced has comments (which a rewrite cannot keep), it is first kept as
    ``<name>.yaml.bak`` and :attr:`SaveResult.backup` says where. Raises :class:`SaveError` with a
    message in the user's words; then the old file is untouched.
    """
    return save_text(routine_to_yaml(routine), path)
