"""Every document of the YAML test suite, loaded as a routine, gives a routine or clear problems."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from coach.core.files import yamlsource
from coach.core.routines.routine import Routine
from coach.core.routines.routine_format import load_routine_text

SUITE = Path(__file__).resolve().parents[1] / "data" / "yaml-test-suite"
FILES = sorted(SUITE.glob("*/*.yaml"))
LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if yamlsource.HAS_LIBYAML else [])


def test_the_corpus_is_complete() -> None:
    assert len(FILES) >= 400
    assert {p.parent.name for p in FILES} == {"valid", "invalid"}


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_document_gives_a_routine_or_clear_problems(path: Path) -> None:
    data = path.read_bytes()
    name = f"{path.parent.name}/{path.name}"
    for loader in LOADERS:
        routine, problems = load_routine_text(data, name, loader=loader)
        errors = [p for p in problems if p.is_error]
        if routine is None:
            assert errors, f"{loader.__name__}: no routine and no error"
        else:
            assert isinstance(routine, Routine) and not errors
        for problem in problems:
            assert problem.file == name and problem.message
            assert str(problem).startswith(name + (":" if problem.line else ": "))
            if problem.line is not None:
                assert 1 <= problem.line <= data.count(b"\n") + 2
                assert problem.column is not None and problem.column >= 1


@pytest.mark.parametrize("path", [p for p in FILES if p.parent.name == "invalid"],
                         ids=lambda p: p.stem)
def test_invalid_yaml_is_refused_or_checked(path: Path) -> None:
    # PyYAML accepts a few of these; then the routine checks must still say what is wrong.
    routine, problems = load_routine_text(path.read_bytes(), path.name)
    assert routine is None
    assert problems and problems[0].is_error
