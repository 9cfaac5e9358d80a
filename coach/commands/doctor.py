"""``coach doctor``: checks the installation, one line per check, with the fix in plain words."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

OK, WARN, FAIL = "OK", "WARN", "FAIL"
PROBE_TIMEOUT_S = 60
#: What Qt needs to show windows on a minimal Debian/Ubuntu machine (the README lists them too).
QT_SYSTEM_PACKAGES = ("libegl1", "libxkbcommon0", "libfontconfig1", "libdbus-1-3", "libxcb-cursor0",
                      "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0")


def probe(name: str) -> tuple[str, str]:
    """Run one Qt check in a child process: a broken platform plugin aborts the process it is in."""
    try:
        done = subprocess.run([sys.executable, "-m", "coach.gui.probe", name], capture_output=True,
                              text=True, timeout=PROBE_TIMEOUT_S, env=os.environ.copy())
    except subprocess.TimeoutExpired:
        return FAIL, f"the check did not finish within {PROBE_TIMEOUT_S} s"
    for line in reversed(done.stdout.splitlines()):
        try:
            result = json.loads(line)
            return result["status"], result["detail"]
        except (ValueError, KeyError, TypeError):
            continue
    last_words = " ".join(done.stderr.strip().splitlines()[-3:]) or f"exit code {done.returncode}"
    return FAIL, f"Qt could not start: {last_words}"


def check_window() -> tuple[str, str]:
    status, detail = probe("window")
    if status == FAIL and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                               or os.environ.get("QT_QPA_PLATFORM")):
        detail += ("; no display was found: run Coach in a desktop session, or set "
                   "QT_QPA_PLATFORM=offscreen to check without one")
    elif status == FAIL:
        detail += ("; on Debian/Ubuntu install " + " ".join(QT_SYSTEM_PACKAGES))
    return status, detail


def check_routines(args: argparse.Namespace) -> tuple[str, str]:
    from coach.core.library import load_library
    from coach.core.paths import DataDir, builtin_routines_dir

    library = load_library(builtin_routines_dir(), DataDir(args.data_dir).routines)
    builtin = [e for e in library.entries if e.source != "user"]
    builtin_errors = [p for p in library.problems if p.is_error and _is_under(p.file, builtin_routines_dir())]
    if builtin_errors:
        return FAIL, f"a built-in routine is broken: {builtin_errors[0]}; reinstall Coach"
    if not builtin:
        return FAIL, f"no built-in routines were found in {builtin_routines_dir()}; reinstall Coach"
    user_errors = [p for p in library.problems if p.is_error]
    if user_errors:
        return WARN, (f"{len(library.entries)} routines load, but {len(user_errors)} problems were found "
                      f"in your files, e.g. {user_errors[0]}; run 'coach validate' to see them all")
    return OK, f"{len(library.entries)} routines load ({len(builtin)} built in)"


def check_faq(args: argparse.Namespace) -> tuple[str, str]:
    from coach.core.faq import load_faq
    from coach.core.paths import DataDir

    faq = load_faq(DataDir(args.data_dir))
    if not faq.entries:
        return FAIL, "the FAQ has no answers; reinstall Coach"
    errors = [p for p in faq.problems if p.is_error]
    if errors:
        return WARN, f"{len(faq.entries)} FAQ answers load, but your FAQ file has problems: {errors[0]}"
    return OK, f"{len(faq.entries)} FAQ answers load"


def check_data_folder(args: argparse.Namespace) -> tuple[str, str]:
    root = Path(args.data_dir)
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".doctor-", delete=True) as handle:
            handle.write(b"ok")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        return FAIL, (f"the data folder {root} is not writable ({exc.strerror or exc}); your routines "
                      "and history cannot be saved: fix its permissions or choose another with --data-dir")
    return OK, f"the data folder {root} is writable"


def _is_under(file: str, folder: Path) -> bool:
    try:
        Path(file).resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def checks(args: argparse.Namespace) -> list[tuple[str, Callable[[], tuple[str, str]]]]:
    return [
        ("window", check_window),
        ("routines", lambda: check_routines(args)),
        ("faq", lambda: check_faq(args)),
        ("data folder", lambda: check_data_folder(args)),
        ("sound", lambda: probe("sound")),
        ("voice", lambda: probe("speech")),
    ]


def main(args: argparse.Namespace) -> int:
    worst = OK
    for name, check in checks(args):
        try:
            status, detail = check()
        except Exception as exc:  # a check that crashes is itself a failed check
            status, detail = FAIL, f"the check crashed: {type(exc).__name__}: {exc}"
        print(f"{status:<4}  {name:<11}  {detail}", flush=True)
        if status == FAIL or (status == WARN and worst == OK):
            worst = status
    summary = {OK: "Coach is ready.",
               WARN: "Coach works; the warnings above say what it does without.",
               FAIL: "Coach cannot work until the failures above are fixed."}[worst]
    print(summary)
    return 1 if worst == FAIL else 0
