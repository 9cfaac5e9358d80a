"""The pain check-ins before and after a workout, and what Coach advises from them."""

from __future__ import annotations

from dataclasses import dataclass

QUESTION_BEFORE = "How is your back today? 0-10"
QUESTION_AFTER = "How is your back now? 0-10"
SCALE_HINT = "0 = no pain, 10 = the worst pain you can imagine"
#: Pain before at or above this: suggest resting instead.
REST_FROM = 7
#: The FAQ answer about treating strains at home.
REST_FAQ_ID = "prevent-lower-back-pain-when-running"


@dataclass(frozen=True)
class Advice:
    suggest_rest: bool
    message: str
    faq_id: str | None = None


def advice_before(pain: int | None) -> Advice:
    """What to say after the check-in before a workout."""
    if pain is not None and pain >= REST_FROM:
        return Advice(True, f"Your back hurts a lot today ({pain}/10). Resting for a few days is usually "
                            "wiser than exercising through it. If the pain is sharp, spreads down a leg, or "
                            "does not ease, see a doctor.", REST_FAQ_ID)
    return Advice(False, "")


def parse_pain(text: str) -> int | None:
    """A typed answer: a whole number 0-10, or empty to skip. Raises ValueError with a plain message."""
    text = text.strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"please type a whole number from 0 to 10 (or just Enter to skip), not {text!r}"
                         ) from None
    if not 0 <= value <= 10:
        raise ValueError(f"please type a number from 0 to 10, not {value}")
    return value


@dataclass(frozen=True)
class CheckinAnswer:
    """What the user answered (the window's dialog and the terminal give the same)."""

    #: 0-10, or None when skipped.
    pain: int | None
    #: False when the user chose to rest instead of starting.
    start: bool = True
    note: str = ""
