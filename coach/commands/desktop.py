"""``coach desktop install|uninstall``: adds Coach to the applications menu (its icon, the routine
file type) for this user, or removes it; ``coach doctor`` says whether it is there."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from coach.core.files import desktop_install
from coach.core.files.desktop_install import data_home


def coach_command() -> list[str]:
    """The command that starts this Coach: the ``coach`` script being run (by its full path: the
    menu does not see a virtual environment's PATH), else this Python with ``-m coach``."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "coach" and script.is_file() and os.access(script, os.X_OK):
        return [str(script.absolute())]
    return [sys.executable, "-m", "coach"]


def main(args: argparse.Namespace) -> int:
    home = data_home()
    try:
        if args.action == "install":
            outcome = desktop_install.install(home, coach_command())
        else:
            outcome = desktop_install.uninstall(home)
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        print(f"coach: could not {args.action} the menu entry{where}: {error.strerror or error}", file=sys.stderr)
        return 1
    if args.action == "install":
        if outcome.changed:
            print(f"Coach is in the applications menu: {len(outcome.changed)} files written in {home}")
        else:
            print(f"Coach was already in the applications menu ({home}); nothing changed")
        print(f"Routine files named *.coach.yaml open in Coach. 'coach desktop uninstall' removes it again.")
    else:
        if outcome.changed:
            print(f"Coach is no longer in the applications menu: {len(outcome.changed)} files removed from {home}")
        else:
            print(f"Coach was not in the applications menu ({home}); nothing to remove")
    for problem in outcome.problems:
        print(f"note: {problem} (the desktop may show the change after you log in again)")
    return 0
