"""States and kinds are enums (coach/core/workout/kinds.py): no code compares them with a string literal,
where a misspelt word would fail silently."""

import ast
from pathlib import Path

import pytest

import coach
from coach.core.workout.kinds import CueKind, EventKind, Outcome, PhaseKind, SetStatus, WorkoutState

PACKAGE = Path(coach.__file__).parent
#: Attributes that hold a state or a kind (``event.kind``, or a call such as ``driver.state()``).
WATCHED = {"state", "kind", "cue", "status", "outcome", "reason", "pause_reason"}


def _watched(node: ast.AST) -> bool:
    if isinstance(node, ast.Call):
        node = node.func
    return isinstance(node, ast.Attribute) and node.attr in WATCHED


def _literal(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_literal(e) for e in node.elts)
    return False


def literal_comparisons(source: str) -> list[int]:
    """Lines where a state or kind is compared with a string literal."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_watched(o) for o in operands) and any(_literal(o) for o in operands):
                lines.append(node.lineno)
    return lines


def test_the_check_finds_a_literal_comparison() -> None:
    assert literal_comparisons("if driver.state() == 'runing': pass\nok = e.kind in ('cue', X)\n") == [1, 2]
    assert literal_comparisons("if driver.state() == WorkoutState.RUNNING: pass\n") == []


def test_no_state_or_kind_is_compared_with_a_string() -> None:
    found = [f"{path.relative_to(PACKAGE.parent)}:{line}"
             for path in sorted(PACKAGE.rglob("*.py")) for line in literal_comparisons(path.read_text())]
    assert found == [], "compare with the enums of coach/core/workout/kinds.py instead: " + ", ".join(found)


def test_a_misspelt_name_fails_loudly() -> None:
    with pytest.raises(AttributeError):
        WorkoutState.RUNING  # noqa: B018


@pytest.mark.parametrize("enum", [WorkoutState, PhaseKind, EventKind, CueKind, SetStatus, Outcome])
def test_members_are_the_stored_words(enum) -> None:
    # The history and the event log keep the same words as before the enums.
    for member in enum:
        assert member == member.value and str(member) == f"{member}" == member.value
