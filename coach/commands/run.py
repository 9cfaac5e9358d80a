"""`coach run ROUTINE`: play a routine in the window, or in the terminal with --terminal."""

from __future__ import annotations

import argparse
import sys


def main(args: argparse.Namespace) -> int:
    if not args.terminal:
        from coach.gui.app import run_app

        return run_app(args)

    from coach.core.library import open_routine
    from coach.terminal import play_routine

    routine, problems = open_routine(args.routine, args.data_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    if routine is None:
        if not problems:
            print(f"coach run: no routine {args.routine!r} (an id from `coach list`, or a file)",
                  file=sys.stderr)
        return 1
    try:
        return play_routine(routine, speed=args.speed, event_log_path=args.event_log)
    except OSError as error:  # e.g. the event log cannot be written
        print(f"coach run: {error}", file=sys.stderr)
        return 1
