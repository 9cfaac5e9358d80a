"""What the editor calls each field of a routine, and the checker's messages put in those words.

The checker speaks of a file's keys ("'get_ready' must be a duration..."), which is right for
someone writing YAML; the editor's form has labels ("Get ready"), so its messages use them.
"""

from __future__ import annotations

import re

from coach.core.routines.routine import EXERCISE, PROGRESSION, ROUTINE

# The labels are declared with the fields (coach.core.routines.routine); "Kind" (reps or a hold) is the
# form's own choice, not a key of the file.
ROUTINE_LABELS = {f.key: f.label for f in ROUTINE.fields if f.label}
EXERCISE_LABELS = {**{f.key: f.label for f in EXERCISE.fields if f.label}, "kind": "Kind"}
#: The three numbers of a progression, as their fields are named for screen readers.
PROGRESSION_LABELS = {f.key: f.label for f in PROGRESSION.fields if f.label}

#: A key as a message names it: the label, but "Hold" reads better than "Hold for" as a subject.
MESSAGE_NAMES = {**ROUTINE_LABELS, **EXERCISE_LABELS, **PROGRESSION_LABELS, "hold": "Hold"}

#: How the checker names a part of a key ("item 2 of 'tags'", "'up' in 'tempo'"), and the words
#: the editor uses for it.
_PARTS = (
    (re.compile(r"item (\d+) of 'tags'"), lambda m: f"tag {m[1]}"),
    (re.compile(r"item (\d+) of 'faq'"), lambda m: f"FAQ answer {m[1]}"),
    (re.compile(r"'(\w+)' in 'tempo'"), lambda m: f"{m[1]} in the tempo"),
)
_KEY = re.compile(r"'(\w+)'")
#: Where the checker starts quoting what was written; that part is the user's and stays as it is.
_VALUE = re.compile(r", got |: got ")


def in_form_words(message: str) -> str:
    """``message`` with the file's key names replaced by the form's labels.

    Only the checker's own words change, never the value the user typed that it quotes after
    "got": "'hold' must be a duration ..., got 'hold'" becomes "Hold must be a duration ...,
    got 'hold'". A label starting the message keeps its capital; inside it, it has none.
    """
    value = _VALUE.search(message)
    words, rest = (message[:value.start()], message[value.start():]) if value else (message, "")
    for pattern, replacement in _PARTS:
        words = pattern.sub(lambda m, replacement=replacement: _placed(replacement(m), m.start()), words)
    words = _KEY.sub(lambda m: _placed(MESSAGE_NAMES[m[1]], m.start()) if m[1] in MESSAGE_NAMES else m[0],
                     words)
    return words + rest


def _placed(label: str, position: int) -> str:
    """A label where it goes: "Get ready" starting a sentence, "get ready" inside one; "FAQ
    answers" stays as it is."""
    if position == 0:
        return label[:1].upper() + label[1:]
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]
