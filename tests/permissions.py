"""Folders and files without write permission, obeyed even by root: CI runs the tests as root.

For root ``chmod`` stops nothing, so within ``obeying_file_permissions`` the calling thread gives up
root's two file-permission capabilities (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) from its effective
set: it meets permissions as an ordinary user does (root still owns the files, so the owner's bits
apply). They stay in the permitted set and come back at the end. Threads started meanwhile inherit
the smaller set; Coach's file work runs on the calling thread anyway.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2
_LINUX_CAPABILITY_VERSION_3 = 0x20080522


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def _capabilities(libc, set_to: int | None = None) -> int:
    """This thread's effective capabilities (the low 32); sets them first when ``set_to`` is given."""
    header, data = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0), (_CapData * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    if set_to is not None:
        data[0].effective = set_to
        if libc.capset(ctypes.byref(header), data) != 0:
            raise OSError(ctypes.get_errno(), "capset")
    return data[0].effective


@contextmanager
def _without_root_powers() -> Iterator[None]:
    if os.geteuid() != 0:  # an ordinary user obeys permissions already
        yield
        return
    libc = ctypes.CDLL(None, use_errno=True)
    powers = _capabilities(libc)
    _capabilities(libc, powers & ~((1 << CAP_DAC_OVERRIDE) | (1 << CAP_DAC_READ_SEARCH)))
    try:
        yield
    finally:
        _capabilities(libc, powers)


@contextmanager
def obeying_file_permissions(*read_only: Path) -> Iterator[None]:
    """Within: the folders and files given have no write permission (555, 444), and this thread
    obeys that even as root. Skips when the system does not let root give up its powers (fails
    under CI, where the tests must really check this)."""
    modes = {path: path.stat().st_mode for path in read_only}
    for path in read_only:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        with _without_root_powers():
            first = read_only[0]
            try:
                os.close(os.open(first / "can-root-write" if first.is_dir() else first,
                                 os.O_WRONLY | os.O_CREAT | os.O_APPEND))
            except PermissionError:
                pass
            else:
                message = "this thread could still write where it has no permission"
                if os.environ.get("CI"):
                    pytest.fail(message, pytrace=False)
                pytest.skip(message)
            yield
    finally:
        for path, mode in modes.items():
            path.chmod(mode)
