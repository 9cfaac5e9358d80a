"""The import rules of the house: coach.core never loads Qt, and the layers' contracts hold.

The contracts are in pyproject.toml ([tool.importlinter]); docs/ARCHITECTURE.md says what they mean.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import coach

PACKAGE = Path(coach.__file__).parent
PYPROJECT = PACKAGE.parent / "pyproject.toml"


def core_modules() -> list[str]:
    return sorted(
        "coach.core." + p.relative_to(PACKAGE / "core").with_suffix("").as_posix().replace("/", ".")
        for p in (PACKAGE / "core").rglob("*.py") if p.name != "__init__.py"
    )


def test_core_modules_exist() -> None:
    assert "coach.core.files.paths" in core_modules()


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


def lint_imports(package_parent: Path) -> subprocess.CompletedProcess:
    """`lint-imports` over the ``coach`` package found in ``package_parent``, with our contracts."""
    command = Path(sys.executable).with_name("lint-imports")
    assert command.exists(), "import-linter is a test dependency: pip install -e '.[test]'"
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(package_parent), "LC_ALL": "C.UTF-8"}
    return subprocess.run([str(command), "--no-cache", "--config", str(PYPROJECT)], cwd=package_parent,
                          capture_output=True, text=True, env=env, timeout=120)


def test_the_layers_contracts_are_kept() -> None:
    done = lint_imports(PACKAGE.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("core/files/paths.py", "import PySide6.QtCore", "coach.core is pure"),
    ("core/files/paths.py", "from coach.terminal import player", "coach.core is pure"),
    ("core/workout/snapshot.py", "from coach.gui import words", "coach.core is pure"),
    ("gui/words.py", "from coach.terminal import player", "never import each other"),
    ("terminal/questions.py", "from coach.gui import words", "never import each other"),
    ("gui/words.py", "from coach.commands import run", "nothing below calls a command"),
])
def test_a_forbidden_import_breaks_a_contract(tmp_path: Path, module: str, line: str, contract: str) -> None:
    # On a copy of the package with one forbidden import added (inside a function, as lazy imports are).
    shutil.copytree(PACKAGE, tmp_path / "coach", ignore=shutil.ignore_patterns("__pycache__", "_data"))
    planted = tmp_path / "coach" / module
    planted.write_text(planted.read_text() + f"\n\ndef _planted():\n    {line}\n")
    done = lint_imports(tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    broken = [row for row in done.stdout.splitlines() if row.endswith(" BROKEN")]
    assert any(contract in row for row in broken), done.stdout
