"""``coach doctor``: checks the installation, one line per check, with the fix in plain words."""

from __future__ import annotations

import argparse
import errno
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

OK, WARN, FAIL = "OK", "WARN", "FAIL"
#: Every check's time limit (``--time-limit``): a sound server or speech service that never
#: answers, or a data folder on a network disk that hangs, must not make ``coach doctor`` hang.
TIME_LIMIT_S = 10.0
#: A check in a child process gets this much more, to start Python and Qt.
PROBE_START_S = 2.0
#: What a check that ran out of time says (a WARN for sound and voice, which Coach can do without).
TIMED_OUT = {
    "window": (FAIL, "Qt did not show a window within {limit:g} s"),
    "sound": (WARN, "No sound: the sound server did not answer within {limit:g} s; restart it "
                    "(pulseaudio -k), then run 'coach doctor' again."),
    "speech": (WARN, "No voice: the speech service did not answer within {limit:g} s; check it with "
                     "'spd-say hello', then run 'coach doctor' again."),
}
#: What Qt needs to show windows on a minimal Debian/Ubuntu machine (the README lists them too).
QT_SYSTEM_PACKAGES = ("libegl1", "libxkbcommon0", "libfontconfig1", "libdbus-1-3", "libxcb-cursor0",
                      "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0")


def probe(name: str, limit_s: float = TIME_LIMIT_S) -> tuple[str, str]:
    """Run one Qt check in a child process (a broken platform plugin aborts the process it is in),
    killed after ``limit_s``."""
    child = subprocess.Popen([sys.executable, "-m", "coach.gui.probe", name, f"{limit_s:g}"],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=os.environ.copy(), start_new_session=True)
    try:
        stdout, stderr = child.communicate(timeout=limit_s + PROBE_START_S)
    except subprocess.TimeoutExpired:
        _kill(child)
        status, detail = TIMED_OUT[name]
        return status, detail.format(limit=limit_s)
    for line in reversed(stdout.splitlines()):
        try:
            result = json.loads(line)
            return result["status"], result["detail"]
        except (ValueError, KeyError, TypeError):
            continue
    last_words = " ".join(stderr.strip().splitlines()[-3:]) or f"exit code {child.returncode}"
    return FAIL, f"Qt could not start: {last_words}"


def _kill(child: subprocess.Popen) -> None:
    """Kills a check and what it started in its session; never waits long for their pipes (a
    service the check started may keep them open)."""
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except OSError:
        child.kill()
    try:
        child.communicate(timeout=2)
    except subprocess.TimeoutExpired:
        for pipe in (child.stdout, child.stderr):
            if pipe is not None:
                pipe.close()
        child.wait(timeout=2)


def with_time_limit(check: Callable[[], tuple[str, str]], limit_s: float,
                    timed_out: tuple[str, str]) -> tuple[str, str]:
    """Runs a check in this process with a time limit: after it, ``timed_out`` is the result and
    the check is left behind (a helper thread, which does not keep Coach from exiting)."""
    result: list[tuple[str, str]] = []

    def run() -> None:
        try:
            result.append(check())
        except Exception as exc:  # a check that crashes is itself a failed check
            result.append((FAIL, f"the check crashed: {type(exc).__name__}: {exc}"))

    helper = threading.Thread(target=run, name="coach-doctor-check", daemon=True)
    helper.start()
    helper.join(limit_s)
    return result[0] if result else timed_out


def check_window(limit_s: float = TIME_LIMIT_S) -> tuple[str, str]:
    status, detail = probe("window", limit_s)
    if status == FAIL and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                               or os.environ.get("QT_QPA_PLATFORM")):
        detail += ("; no display was found: run Coach in a desktop session, or set "
                   "QT_QPA_PLATFORM=offscreen to check without one")
    elif status == FAIL:
        detail += ("; on Debian/Ubuntu install " + " ".join(QT_SYSTEM_PACKAGES))
    return status, detail


def check_routines(args: argparse.Namespace) -> tuple[str, str]:
    from coach.core.routines.library import load_library
    from coach.core.files.paths import DataDir, builtin_routines_dir

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
    from coach.core.faq.entries import load_faq
    from coach.core.files.paths import DataDir

    faq = load_faq(DataDir(args.data_dir))
    if not faq.entries:
        return FAIL, "the FAQ has no answers; reinstall Coach"
    errors = [p for p in faq.problems if p.is_error]
    if errors:
        return WARN, f"{len(faq.entries)} FAQ answers load, but your FAQ file has problems: {errors[0]}"
    return OK, f"{len(faq.entries)} FAQ answers load"


def check_data_folder(args: argparse.Namespace) -> tuple[str, str]:
    from coach.core.files.paths import link_to_nowhere

    nowhere = getattr(args, "data_dir_notice", None) or link_to_nowhere(args.data_dir)
    root = Path(args.data_dir).resolve()  # a link to nowhere: the folder it names is created
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".doctor-", delete=True) as handle:
            handle.write(b"ok")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        return FAIL, _data_folder_failure(root, exc)
    if nowhere:
        return WARN, nowhere
    return OK, f"the data folder {root} is writable"


def _data_folder_failure(root: Path, exc: OSError) -> str:
    """What is wrong with the data folder, in plain words, and the fix."""
    cannot = "your routines, settings and history cannot be saved"
    elsewhere = "or choose another folder with --data-dir"
    in_the_way = next((p for p in (root, *root.parents) if p.exists() and not p.is_dir()), None)
    if in_the_way is not None:
        return f"{in_the_way} is a file, not a folder: {cannot}; move it away {elsewhere}"
    if exc.errno == errno.ENOSPC:
        return f"the disk holding {root} is full: {cannot}; make room on it {elsewhere}"
    if exc.errno == errno.EDQUOT:
        return f"your disk quota is used up on the disk holding {root}: {cannot}; make room {elsewhere}"
    if exc.errno == errno.EROFS:
        return f"the disk holding {root} is read-only: {cannot}; {elsewhere[3:]}"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (f"the data folder {root} is not writable ({exc.strerror}): {cannot}; fix its "
                f"permissions {elsewhere}")
    return f"the data folder {root} cannot be written ({exc.strerror or exc}): {cannot}; {elsewhere[3:]}"


def check_desktop_entry(home: Path | None = None) -> tuple[str, str]:
    """Whether Coach is in the applications menu (``coach desktop install``), and still starts."""
    import shlex

    from coach.core.files.desktop_install import data_home, state

    found = state(home if home is not None else data_home())
    if not found.installed:
        return OK, "Coach is not in the applications menu; 'coach desktop install' adds it"
    try:
        program = shlex.split(found.command or "")[0]
    except (ValueError, IndexError):
        program = ""
    if not program or not os.access(program, os.X_OK):
        return WARN, (f"the menu entry {found.path} starts {program or 'nothing'}, which is not there any more; "
                      "run 'coach desktop install' again")
    return OK, f"Coach is in the applications menu ({found.path})"


def _is_under(file: str, folder: Path) -> bool:
    try:
        Path(file).resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def checks(args: argparse.Namespace) -> list[tuple[str, Callable[[], tuple[str, str]]]]:
    limit = getattr(args, "time_limit", None) or TIME_LIMIT_S

    def in_time(check, what: str):
        return lambda: with_time_limit(check, limit, (FAIL, f"{what} did not finish within {limit:g} s"))

    return [
        ("window", lambda: check_window(limit)),
        ("routines", in_time(lambda: check_routines(args), "reading the routines")),
        ("faq", in_time(lambda: check_faq(args), "reading the FAQ")),
        ("data folder", in_time(lambda: check_data_folder(args),
                                f"writing to the data folder {args.data_dir} (a network disk that hangs?)")),
        ("sound", lambda: probe("sound", limit)),
        ("voice", lambda: probe("speech", limit)),
        ("menu entry", in_time(check_desktop_entry, "looking for the menu entry")),
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
