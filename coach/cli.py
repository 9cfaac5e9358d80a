"""The ``coach`` command: parses arguments and hands each subcommand to its module."""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
from collections.abc import Sequence

from coach import __version__
from coach.core.files.paths import DATA_DIR_ENV, default_data_dir, link_to_nowhere, resolve_data_dir

#: subcommand -> (module in coach.commands, one-line help)
SUBCOMMANDS = {
    "run": ("run", "play a routine: in the window, or in the terminal with --terminal"),
    "list": ("routines", "list the routines in the library"),
    "validate": ("routines", "check routine and figure files and print every problem as file:line:col"),
    "plan": ("routines", "print the timeline of a routine, phase by phase"),
    "schema": ("routines", "print the JSON Schema of the routine format"),
    "figure": ("figure", "draw an exercise's figure into a PNG or SVG file, or list the figures"),
    "faq": ("faq", "print the FAQ answers matching a query"),
    "history": ("history", "list past workouts"),
    "doctor": ("doctor", "check that Coach is installed and can show windows, play sound and speak"),
    "desktop": ("desktop", "add Coach to the applications menu (install) or remove it (uninstall)"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coach",
        description="A desktop exercise coach for runners with a sore lower back. "
                    "With no subcommand, opens the main window.",
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR",
        help=f"folder for your routines, settings and history (default: ${DATA_DIR_ENV}, "
             "or your platform's user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    run = sub.add_parser("run", help=SUBCOMMANDS["run"][1], description=SUBCOMMANDS["run"][1])
    run.add_argument("routine", metavar="ROUTINE", help="a routine id from the library, or a path to a file")
    run.add_argument("--terminal", action="store_true", help="play in the terminal instead of the window")
    run.add_argument("--speed", type=_speed, default=1.0, metavar="N",
                     help=f"play N times faster (up to {MAX_SPEED:g}), to preview a routine; a preview is "
                          "not recorded in your history and asks no check-ins (default 1)")
    run.add_argument("--event-log", metavar="FILE",
                     help="write every workout event as one JSON object per line to FILE")
    run.add_argument("--no-checkin", action="store_true", help="do not ask how your back is")

    lst = sub.add_parser("list", help=SUBCOMMANDS["list"][1], description=SUBCOMMANDS["list"][1])
    lst.add_argument("--json", action="store_true", help="print JSON")

    val = sub.add_parser("validate", help=SUBCOMMANDS["validate"][1],
                         description=SUBCOMMANDS["validate"][1] + "; exit 1 when there are errors")
    val.add_argument("paths", nargs="*", metavar="PATH", help="files to check (default: the whole library)")

    plan = sub.add_parser("plan", help=SUBCOMMANDS["plan"][1], description=SUBCOMMANDS["plan"][1])
    plan.add_argument("routine", metavar="ROUTINE", help="a routine id from the library, or a path to a file")
    plan.add_argument("--json", action="store_true", help="print JSON")

    sub.add_parser("schema", help=SUBCOMMANDS["schema"][1], description=SUBCOMMANDS["schema"][1])

    fig = sub.add_parser("figure", help=SUBCOMMANDS["figure"][1],
                         description="Draw a figure into a picture, as the window draws it: "
                                     "coach figure bridges --at up:0.5 --out bridges.png")
    fig.add_argument("name", nargs="?", metavar="NAME",
                     help="a figure's name, as 'coach figure --list' shows it, or a figure file")
    fig.add_argument("--list", action="store_true", help="list the figures: the built-in ones and yours")
    fig.add_argument("--json", action="store_true", help="with --list: print JSON")
    which = fig.add_mutually_exclusive_group()
    which.add_argument("--pose", metavar="POSE", help="the pose to draw (default: the first, the start pose)")
    which.add_argument("--at", metavar="PART:FRACTION",
                       help="the moment of a rep to draw: a tempo part (up, hold, down, pause, or rep for "
                            "the whole rep) and how far into it, from 0 to 1: up:0.5 is half way up")
    fig.add_argument("--side", choices=("left", "right"), help="the side, for exercises done on each side")
    fig.add_argument("--size", metavar="WxH", help="the picture's size in pixels (default 800x500)")
    fig.add_argument("--out", metavar="FILE", help="the picture to write: FILE.png or FILE.svg")

    faq = sub.add_parser("faq", help=SUBCOMMANDS["faq"][1], description=SUBCOMMANDS["faq"][1])
    faq.add_argument("query", nargs="?", default="", metavar="QUERY", help="words to search for (default: all)")
    faq.add_argument("--json", action="store_true", help="print JSON")

    hist = sub.add_parser("history", help=SUBCOMMANDS["history"][1], description=SUBCOMMANDS["history"][1])
    fmt = hist.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON")
    fmt.add_argument("--csv", action="store_true", help="print CSV")

    doctor = sub.add_parser("doctor", help=SUBCOMMANDS["doctor"][1], description=SUBCOMMANDS["doctor"][1])
    doctor.add_argument("--time-limit", metavar="SECONDS", type=_seconds, default=None,
                        help="how long each check may take (default 10); a sound server or speech "
                             "service that does not answer within it is reported")

    desktop = sub.add_parser("desktop", help=SUBCOMMANDS["desktop"][1],
                             description="Add Coach to your applications menu, with its icon and the routine "
                                         "file type (*.coach.yaml), in $XDG_DATA_HOME (~/.local/share), or "
                                         "remove exactly that again.")
    desktop.add_argument("action", choices=("install", "uninstall"), metavar="install|uninstall",
                         help="install: add the menu entry (again: nothing changes); uninstall: remove it")
    # `coach run X --data-dir D` as well as `coach --data-dir D run X`: people put it either side.
    # SUPPRESS keeps the value given before the command when none is given after it.
    for command in sub.choices.values():
        command.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                             help="the same as `coach --data-dir DIR` before the command")
    return parser


def _file_to_open(argv: list[str]) -> tuple[str, str | None] | None:
    """``coach FILE`` or ``coach --data-dir DIR FILE``: (FILE, DIR); None for anything else. FILE
    must look like a file (a path, or a name ending in .yaml/.yml), so that a mistyped command
    still gets argparse's "invalid choice"."""
    data_dir = None
    rest = list(argv)
    if len(rest) >= 2 and rest[0] == "--data-dir":
        data_dir, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("--data-dir="):
        data_dir, rest = rest[0].partition("=")[2], rest[1:]
    if len(rest) != 1 or rest[0].startswith("-") or rest[0] in SUBCOMMANDS:
        return None
    file = rest[0]
    if "/" in file or os.sep in file or file.lower().endswith((".yaml", ".yml")) or os.path.isfile(file):
        return file, data_dir
    return None


#: The fastest preview: a one-hour routine in under four seconds. Faster would only show nothing.
MAX_SPEED = 1000.0


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
    if not 0 < value <= MAX_SPEED:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(
            f"must be a number above 0 and at most {MAX_SPEED:g} (times faster), got {text!r}")
    return value


def _seconds(text: str) -> float:
    """A time limit: more than 0, at most 10 minutes."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, got {text!r}") from None
    if not 0 < value <= 600:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0 and at most 600, got {text!r}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Runs a command; a standard output that cannot be written ends it as Unix programs end (one
    line on stderr, exit 1), whatever the command was writing, never with a traceback."""
    given = sys.stdout
    sys.stdout = _Output(given)
    try:
        code = _run(argv)
        sys.stdout.flush()  # what is still buffered fails here, not after main has returned
        return code
    except _OutputFailed as failed:
        _drop_output(given)
        if failed.errno == errno.EPIPE:
            return 0  # `coach list | head`: the reader went away; that is not an error
        _say(f"coach: cannot write to standard output ({failed.reason})")
        return 1
    finally:
        sys.stdout = given


def _run(argv: Sequence[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    opened = _file_to_open(argv)
    if opened is not None:
        # `coach FILE`: the window, showing that routine file (the desktop entry's Exec=coach %f).
        file, data_dir = opened
        args = argparse.Namespace(command=None, data_dir=data_dir, open_file=file)
    elif argv:
        args = build_parser().parse_args(argv)
    else:
        # Plain `coach` opens the window: building the parser of every subcommand would only
        # make the window come up later.
        args = argparse.Namespace(command=None, data_dir=None)
    args.data_dir_notice = link_to_nowhere(args.data_dir or os.environ.get(DATA_DIR_ENV)
                                           or default_data_dir())
    args.data_dir = resolve_data_dir(args.data_dir)
    if args.data_dir_notice and args.command not in (None, "doctor"):
        print(args.data_dir_notice, file=sys.stderr)  # the window and doctor say it their own way
    if args.command is None:
        from coach.gui.app import run_app

        return run_app(args)
    module = importlib.import_module(f"coach.commands.{SUBCOMMANDS[args.command][0]}")
    try:
        return module.main(args)
    except KeyboardInterrupt:
        return 130


# --- a standard output that cannot be written --------------------------------------------------

#: Why standard output cannot be written, by the error, in the user's words.
_OUTPUT_FAILURES = {errno.EBADF: "it is closed", errno.ENOSPC: "the disk is full",
                    errno.EPIPE: "nothing reads it", errno.EIO: "the terminal is gone"}


class _OutputFailed(OSError):
    """Writing to standard output failed: the command cannot go on, and says so in main."""

    @property
    def reason(self) -> str:
        return _OUTPUT_FAILURES.get(self.errno or 0) or (self.strerror or "error").lower()


class _Output:
    """Standard output as the commands use it, whose write errors are :class:`_OutputFailed`
    (so that main tells them from every other OSError). With no standard output at all (started
    with ``>&-``), each write fails as writing to a closed file does."""

    def __init__(self, stream) -> None:
        if stream is None:
            # Keep file descriptor 1 taken, so that no file Coach opens later gets it.
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            except OSError:
                pass
        self._stream = stream

    def _do(self, what: str, *args):
        if self._stream is None:
            raise _OutputFailed(errno.EBADF, os.strerror(errno.EBADF))
        try:
            return getattr(self._stream, what)(*args)
        except OSError as error:
            raise _OutputFailed(error.errno, error.strerror) from error

    def write(self, text: str) -> int:
        return self._do("write", text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self._stream is not None:
            self._do("flush")

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def fileno(self) -> int:
        if self._stream is None:
            raise _OutputFailed(errno.EBADF, os.strerror(errno.EBADF))
        return self._stream.fileno()

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _drop_output(stream) -> None:
    """What is left in standard output's buffer goes nowhere, so that Python's own flush at exit
    finds nothing to complain about."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (OSError, AttributeError, ValueError):
        pass


def _say(message: str) -> None:
    try:
        print(message, file=sys.stderr, flush=True)
    except (OSError, AttributeError, ValueError):
        pass  # no stderr either: the exit code says it
