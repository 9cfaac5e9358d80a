"""The checker's messages in the editor's words: the form's labels instead of the file's keys."""

from __future__ import annotations

import pytest

from coach.gui.editor.field_names import in_form_words


@pytest.mark.parametrize(("checker", "editor"), [
    ("'get_ready' must be a duration such as 45s, got 'soon'", "Get ready must be a duration such as 45s, got 'soon'"),
    # What the user typed is theirs: a key name in it is not touched.
    ("'hold' must be a duration such as 45s, got 'hold'", "Hold must be a duration such as 45s, got 'hold'"),
    ("'to' must be more than the exercise's 'reps' (10), got 10", "Most reps must be more than the exercise's reps (10), got 10"),
    ("'up' in 'tempo' must be a duration such as 45s, got 'x'", "Up in the tempo must be a duration such as 45s, got 'x'"),
    ("item 2 of 'tags' must be some text, got ''", "Tag 2 must be some text, got ''"),
    ("'rest_between_exercises' must be at most 1 hour, got 7200", "Rest between exercises must be at most 1 hour, got 7200"),
    ("'progression' adds reps, so it goes only with 'reps'", "Progression adds reps, so it goes only with reps"),
    ("unknown FAQ id 'run-daily'; did you mean 'run-every-day'?", "unknown FAQ id 'run-daily'; did you mean 'run-every-day'?"),
    ("'sides' must be 'each', got 'both'", "Sides must be 'each', got 'both'"),
])
def test_keys_become_the_labels_of_the_form(checker: str, editor: str) -> None:
    assert in_form_words(checker) == editor
