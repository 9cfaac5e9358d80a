"""The import rules of the house: coach.core never loads Qt."""

import subprocess
import sys
from pathlib import Path

import coach

PACKAGE = Path(coach.__file__).parent


def core_modules() -> list[str]:
    return sorted(
        "coach.core." + p.relative_to(PACKAGE / "core").with_suffix("").as_posix().replace("/", ".")
        for p in (PACKAGE / "core").rglob("*.py") if p.name != "__init__.py"
    )


def test_core_modules_exist() -> None:
    assert "coach.core.paths" in core_modules()


def test_importing_all_of_core_does_not_load_qt() -> None:
    modules = ["coach.core", *core_modules(), "coach.cli"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(loaded))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"Qt was loaded by coach.core or coach.cli: {done.stdout}"
