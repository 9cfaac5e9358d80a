"""The editor's draft: any routine shown in the editor checks back to the same routine."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))

from routine_strategies import routines  # noqa: E402

from coach.core.routines.library import load_library  # noqa: E402
from coach.core.files.paths import builtin_routines_dir  # noqa: E402
from coach.core.routines.routine import Routine  # noqa: E402
from coach.gui.editor.draft import check_draft, new_exercise, routine_draft  # noqa: E402


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(routines)
def test_a_routine_opened_in_the_editor_checks_back_to_itself(routine: Routine) -> None:
    check = check_draft(routine_draft(routine), f"{routine.id}.yaml")
    assert check.problems == []
    assert check.routine == routine


def test_every_built_in_opens_without_a_change() -> None:
    library = load_library(builtin_routines_dir(), builtin_routines_dir() / "none")
    assert library.entries
    for entry in library.entries:
        assert check_draft(routine_draft(entry.routine), entry.path.name).routine == entry.routine


def test_problems_are_filed_under_their_field() -> None:
    library = load_library(builtin_routines_dir(), builtin_routines_dir() / "none")
    draft = routine_draft(library.get("lower-back-basics").routine)
    draft["exercises"].append(new_exercise("Extra"))
    draft["exercises"][-1]["tempo_mode"] = "parts"
    draft["exercises"][-1]["tempo_parts"] = [["up", "2s"], ["up", "soon"]]
    draft["exercises"][1]["instructions"] = "line one\nline two"
    draft["rest_between_exercises"] = "-1"
    check = check_draft(draft, "x.yaml")
    last = len(draft["exercises"]) - 1
    assert set(check.by_field) == {("rest_between_exercises",), ("exercises", last, "tempo")}
    messages = check.messages(("exercises", last, "tempo"))
    first_up = len(check.text.splitlines()) - check.text.splitlines()[::-1].index("      up: 2s")
    assert messages == [
        f"duplicate key 'up': it is also on line {first_up}; keep only one (otherwise one of them would "
        "be silently ignored)",
        "'up' in 'tempo' must be a duration such as 45s, 2.5s, 1m, 1m30s or a number of seconds, "
        "got 'soon'"]
    assert check.exercise_has_errors(last) and not check.exercise_has_errors(0)
