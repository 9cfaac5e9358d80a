"""The questions ``coach run --terminal`` asks on the terminal: the check-ins and "go on from there?"."""

from __future__ import annotations

from typing import TextIO

from coach.core.workout.checkin import QUESTION_AFTER, QUESTION_BEFORE, SCALE_HINT, CheckinAnswer, advice_before, parse_pain
from coach.core.history.store import ResumePoint
from coach.core.history.resume_offer import QUIT, RESUME, START_OVER, resume_question

#: What a typed answer to the resume question means.
ANSWERS = {"": RESUME, "y": RESUME, "yes": RESUME, "n": START_OVER, "no": START_OVER, "q": QUIT, "quit": QUIT}
ANSWER_HINT = "Press Enter to go on from there, n to start from the beginning, or q to quit."


def ask_before_on_terminal(stdin: TextIO, stdout: TextIO, faq_answer: str | None = None) -> CheckinAnswer:
    """Ask the check-in before a workout on a terminal; ``faq_answer`` is shown when resting is advised."""
    pain = _ask_pain(QUESTION_BEFORE, stdin, stdout)
    advice = advice_before(pain)
    if not advice.suggest_rest:
        return CheckinAnswer(pain)
    print(advice.message, file=stdout)
    if faq_answer:
        print("\n" + faq_answer.strip() + "\n", file=stdout)
    stdout.write("Start the workout anyway? [y/N] ")
    stdout.flush()
    answer = stdin.readline().strip().lower()
    return CheckinAnswer(pain, start=answer in ("y", "yes"))


def ask_after_on_terminal(stdin: TextIO, stdout: TextIO) -> CheckinAnswer:
    pain = _ask_pain(QUESTION_AFTER, stdin, stdout)
    stdout.write("A note about this session (Enter to skip): ")
    stdout.flush()
    return CheckinAnswer(pain, note=stdin.readline().strip())


def _ask_pain(question: str, stdin: TextIO, stdout: TextIO) -> int | None:
    while True:
        stdout.write(f"{question} ({SCALE_HINT}; Enter to skip): ")
        stdout.flush()
        line = stdin.readline()
        if not line:  # end of input: nobody is there to answer
            return None
        try:
            return parse_pain(line)
        except ValueError as exc:
            print(exc, file=stdout)


def ask_resume_on_terminal(stdin: TextIO, stdout: TextIO, point: ResumePoint, now: float) -> str:
    """Ask until the answer is clear; RESUME, START_OVER or QUIT (also at the end of input).
    Ctrl+C raises KeyboardInterrupt, as anywhere else."""
    question = resume_question(point, now)
    while True:
        stdout.write(question)
        stdout.flush()
        line = stdin.readline()
        if not line:  # Ctrl+D: the user wants out, and nothing is there to answer any more
            stdout.write("\n")
            return QUIT
        answer = ANSWERS.get(line.strip().lower())
        if answer is not None:
            return answer
        print(ANSWER_HINT, file=stdout)
