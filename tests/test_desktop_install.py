"""``coach desktop install`` / ``uninstall`` into a temporary XDG_DATA_HOME: the menu entry, icons,
metainfo and MIME type land where the freedesktop tools find them, the routine type opens in
Coach, installing twice changes nothing, and uninstalling leaves nothing behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from system_parts import need_program

from coach.core.files import desktop_install
from coach.core.files.app_id import APP_ID, ROUTINE_MIME_TYPE

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def coach(home: Path, *args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_DATA_HOME": str(home), "COACH_DATA_DIR": str(home / "coach-data"), **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_install_puts_every_file_where_desktops_look_and_twice_changes_nothing(tmp_path) -> None:
    home = tmp_path / "share"
    done = coach(home, "desktop", "install")
    assert done.returncode == 0, done.stderr
    assert "Coach is in the applications menu" in done.stdout
    for name in desktop_install.installed_names():
        assert (home / name).is_file(), name
    entry = (home / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    # The menu starts this very Coach (its Python with -m coach here), not whatever `coach` is on PATH.
    assert f"Exec={sys.executable} -m coach %f" in entry.splitlines()
    assert f"Exec={sys.executable} -m coach run runners-core" in entry.splitlines()
    before = files_under(home)
    again = coach(home, "desktop", "install")
    assert again.returncode == 0 and "nothing changed" in again.stdout
    assert files_under(home) == before


def test_the_installed_entry_passes_desktop_file_validate(tmp_path) -> None:
    validate = need_program("desktop-file-validate")
    home = tmp_path / "share"
    assert coach(home, "desktop", "install").returncode == 0
    done = subprocess.run([validate, str(home / "applications" / f"{APP_ID}.desktop")], capture_output=True, text=True)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_desktop_file_install_accepts_the_entry(tmp_path) -> None:
    program = need_program("desktop-file-install")
    done = subprocess.run([program, "--dir", str(tmp_path / "apps"),
                           str(REPO / "resources" / "desktop" / f"{APP_ID}.desktop")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "apps" / f"{APP_ID}.desktop").is_file()


def test_a_routine_file_is_a_coach_routine_and_opens_in_coach(tmp_path) -> None:
    need_program("update-mime-database")
    need_program("update-desktop-database")
    xdg_mime = need_program("xdg-mime")
    home = tmp_path / "share"
    assert coach(home, "desktop", "install").returncode == 0
    env = {**os.environ, "XDG_DATA_HOME": str(home)}
    default = subprocess.run([xdg_mime, "query", "default", ROUTINE_MIME_TYPE], capture_output=True, text=True, env=env)
    assert default.stdout.strip() == f"{APP_ID}.desktop"
    # The file's type by its name, as a file manager (GIO) finds it: the routine type, not plain YAML.
    routine = tmp_path / "my-back.coach.yaml"
    routine.write_text((REPO / "routines" / "runners-core.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    gio = need_program_or_none("gio")
    if gio is not None:
        info = subprocess.run([gio, "info", "-a", "standard::content-type,standard::icon", str(routine)],
                              capture_output=True, text=True, env=env)
        assert f"standard::content-type: {ROUTINE_MIME_TYPE}" in info.stdout
        assert f"standard::icon: {APP_ID}" in info.stdout


def need_program_or_none(name: str):
    import shutil

    return shutil.which(name)


def test_uninstall_leaves_nothing_behind_and_keeps_everything_else(tmp_path) -> None:
    home = tmp_path / "share"
    # Another application's entry, icon and MIME type, there before Coach.
    other = {"applications/other.desktop": b"[Desktop Entry]\nType=Application\nName=Other\nExec=other\n",
             "icons/hicolor/48x48/apps/other.png": b"not really a png",
             "mime/packages/other.xml": b'<?xml version="1.0"?>\n<mime-info '
                                        b'xmlns="http://www.freedesktop.org/standards/shared-mime-info"/>\n'}
    for name, content in other.items():
        (home / name).parent.mkdir(parents=True, exist_ok=True)
        (home / name).write_bytes(content)
    assert coach(home, "desktop", "install").returncode == 0
    done = coach(home, "desktop", "uninstall")
    assert done.returncode == 0, done.stderr
    assert "no longer in the applications menu" in done.stdout
    left = {name for name in files_under(home) if not name.startswith("coach-data")}
    generated = {f"applications/{n}" for n in desktop_install.GENERATED["applications"]} | {
        f"icons/hicolor/{n}" for n in desktop_install.GENERATED["icons/hicolor"]} | {
        n for n in left if n.startswith("mime/") and not n.startswith("mime/packages/")}
    assert left - generated == set(other)
    assert not any(APP_ID in name for name in left)


def test_uninstall_after_install_leaves_an_empty_folder(tmp_path) -> None:
    home = tmp_path / "share"
    home.mkdir()
    assert coach(home, "desktop", "install").returncode == 0
    assert coach(home, "desktop", "uninstall").returncode == 0
    assert [p for p in home.iterdir() if p.name != "coach-data"] == []
    again = coach(home, "desktop", "uninstall")
    assert again.returncode == 0 and "nothing to remove" in again.stdout


def succeeding(command, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.CompletedProcess(command, 0, "", "")


def test_doctor_says_whether_the_menu_entry_is_installed(tmp_path) -> None:
    from coach.commands.doctor import check_desktop_entry

    home = tmp_path / "share"
    status, detail = check_desktop_entry(home)
    assert status == "OK" and "coach desktop install" in detail and "not in the applications menu" in detail
    desktop_install.install(home, [sys.executable, "-m", "coach"], run=succeeding)
    status, detail = check_desktop_entry(home)
    assert status == "OK" and "is in the applications menu" in detail
    desktop_install.install(home, ["/gone/bin/coach"], run=succeeding)
    status, detail = check_desktop_entry(home)
    assert status == "WARN" and "/gone/bin/coach" in detail and "coach desktop install" in detail


def test_a_tool_that_hangs_or_fails_is_said_and_never_stops_the_install(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(desktop_install.shutil, "which", lambda name: f"/usr/bin/{name}")

    def hanging(command, **kwargs):
        raise subprocess.TimeoutExpired(command, kwargs["timeout"])

    outcome = desktop_install.install(tmp_path, ["coach"], run=hanging)
    assert len(outcome.changed) == len(desktop_install.installed_names())
    assert outcome.problems and all("did not finish within" in p for p in outcome.problems)


def test_exec_arguments_are_quoted_as_the_desktop_entry_spec_says() -> None:
    assert desktop_install.desktop_exec(["/usr/bin/coach"]) == "/usr/bin/coach"
    assert desktop_install.desktop_exec(["/home/a b/.venv/bin/coach"]) == '"/home/a b/.venv/bin/coach"'
    assert desktop_install.desktop_exec(['/x/$"q`\\']) == '"/x/\\\\$\\\\"q\\\\`\\\\\\\\"'
    assert desktop_install.desktop_exec(["/100%/coach"]) == "/100%%/coach"


def test_data_home_honours_xdg_data_home_only_when_absolute(tmp_path) -> None:
    assert desktop_install.data_home({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path
    assert desktop_install.data_home({"XDG_DATA_HOME": "relative"}) == Path.home() / ".local" / "share"
    assert desktop_install.data_home({}) == Path.home() / ".local" / "share"
