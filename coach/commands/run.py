"""`coach run ROUTINE`: play a routine in the window, or in the terminal with --terminal."""

from __future__ import annotations

import argparse
import sys


def open_routine_and_log(args: argparse.Namespace):
    """The routine and the event log ``coach run`` asked for, or ``None`` after saying what is wrong."""
    from coach.core.workout.event_log import EventLog, why
    from coach.core.routines.library import open_routine

    routine, problems = open_routine(args.routine, args.data_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    if routine is None:
        if not problems:
            print(f"coach run: no routine {args.routine!r} (an id from `coach list`, or a file)",
                  file=sys.stderr)
        return None
    event_log = None
    if args.event_log:
        try:
            event_log = EventLog.open(args.event_log)
        except OSError as error:
            print(f"coach run: cannot write the event log {args.event_log}: {why(error)}", file=sys.stderr)
            return None
    return routine, event_log


def main(args: argparse.Namespace) -> int:
    opened = open_routine_and_log(args)
    if opened is None:
        return 1
    routine, event_log = opened
    if not args.terminal:
        from coach.gui.app import run_app

        return run_app(args, routine=routine, event_log=event_log)

    from coach.core.history.recorder import preview_notice
    from coach.terminal.history import TerminalHistory
    from coach.terminal.player import TerminalPlayer

    if args.speed != 1.0:
        # A preview is not a workout: not recorded, no check-ins, no offer to resume.
        print(preview_notice(args.speed), flush=True)
        try:
            return TerminalPlayer(routine, speed=args.speed, event_log=event_log).play()
        finally:
            if event_log is not None:
                event_log.close()
    history = TerminalHistory(args.data_dir, routine, checkin=not args.no_checkin)
    try:
        # Maybe "go on with the interrupted session?", then the check-in; the user may rest or quit.
        starting = history.before()
    except KeyboardInterrupt:  # Ctrl+C at a question: nothing was started or recorded
        print()  # the shell's prompt on a line of its own, after "^C"
        history.close()
        if event_log is not None:
            event_log.close()
        return 130
    if not starting:  # rest advised and taken, or q at the resume question (history closed)
        if event_log is not None:
            event_log.close()
        return 0
    code = 1
    try:
        code = TerminalPlayer(routine, speed=args.speed, event_log=event_log,
                              history=history).play()
    finally:
        if event_log is not None:
            event_log.close()
        if code == 0:
            history.after()  # the check-in after the workout, then the history is closed
        else:
            history.close()
    return code
