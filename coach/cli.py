"""The ``coach`` command: parses arguments and hands each subcommand to its module."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from coach import __version__
from coach.core.paths import DATA_DIR_ENV, resolve_data_dir

#: subcommand -> (module in coach.commands, one-line help)
SUBCOMMANDS = {
    "run": ("run", "play a routine: in the window, or in the terminal with --terminal"),
    "list": ("routines", "list the routines in the library"),
    "validate": ("routines", "check routine files and print every problem as file:line:col"),
    "plan": ("routines", "print the timeline of a routine, phase by phase"),
    "schema": ("routines", "print the JSON Schema of the routine format"),
    "faq": ("faq", "print the FAQ answers matching a query"),
    "history": ("history", "list past workouts"),
    "doctor": ("doctor", "check that Coach is installed and can show windows, play sound and speak"),
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

    faq = sub.add_parser("faq", help=SUBCOMMANDS["faq"][1], description=SUBCOMMANDS["faq"][1])
    faq.add_argument("query", nargs="?", default="", metavar="QUERY", help="words to search for (default: all)")
    faq.add_argument("--json", action="store_true", help="print JSON")

    hist = sub.add_parser("history", help=SUBCOMMANDS["history"][1], description=SUBCOMMANDS["history"][1])
    fmt = hist.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON")
    fmt.add_argument("--csv", action="store_true", help="print CSV")

    sub.add_parser("doctor", help=SUBCOMMANDS["doctor"][1], description=SUBCOMMANDS["doctor"][1])
    # `coach run X --data-dir D` as well as `coach --data-dir D run X`: people put it either side.
    # SUPPRESS keeps the value given before the command when none is given after it.
    for command in sub.choices.values():
        command.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                             help="the same as `coach --data-dir DIR` before the command")
    return parser


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


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv:
        args = build_parser().parse_args(argv)
    else:
        # Plain `coach` opens the window: building the parser of every subcommand would only
        # make the window come up later.
        args = argparse.Namespace(command=None, data_dir=None)
    args.data_dir = resolve_data_dir(args.data_dir)
    if args.command is None:
        from coach.gui.app import run_app

        return run_app(args)
    module = importlib.import_module(f"coach.commands.{SUBCOMMANDS[args.command][0]}")
    try:
        return module.main(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `coach list | head`: the reader went away; that is not an error.
        sys.stderr.close()
        return 0
