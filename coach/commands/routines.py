"""``coach list``, ``coach validate``, ``coach plan`` and ``coach schema``: the routines from a terminal."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from coach.core.routines.durations import format_clock, format_duration
from coach.core.routines.library import CUSTOMIZED, Library, load_folder, load_library, open_routine, routine_files
from coach.core.files.paths import DataDir, builtin_routines_dir
from coach.core.workout.plural import plural
from coach.core.files.problems import Problem, has_errors
from coach.core.routines.routine import SELF_PACED_SECONDS_PER_REP, Routine
from coach.core.routines.routine_format import json_schema, load_routine_file
from coach.core.workout.timeline import GET_READY, HOLD, REP, REST, SELF_PACED, SWITCH_SIDES, build_timeline

#: Phase kinds as the plan shows them.
KIND_WORDS = {GET_READY: "get ready", REP: "rep", SELF_PACED: "own pace", HOLD: "hold",
              SWITCH_SIDES: "switch sides", REST: "rest"}


def json_text(data: object) -> str:
    """``data`` as JSON that is valid UTF-8: a file name that is not UTF-8 (Python holds its odd
    bytes as lone surrogates) shows those bytes as ``\\xNN``, as Python's own messages do."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _ODD_BYTE.sub(lambda m: f"\\\\x{ord(m[0]) - 0xDC00:02x}" if ord(m[0]) >= 0xDC80
                         else f"\\\\u{ord(m[0]):04x}", text)


#: A lone surrogate: an undecodable byte of a file name (0xDC80-0xDCFF), or any other.
_ODD_BYTE = re.compile("[\ud800-\udfff]")


def faq_ids(data_dir: Path) -> set[str] | None:
    """The ids of the FAQ answers, to warn about links to answers that do not exist.

    ``None`` (no FAQ checks) when the FAQ cannot be read: then every link would look wrong.
    """
    try:
        from coach.core.faq.entries import load_faq
    except ImportError:
        return None
    faq = load_faq(DataDir(data_dir))
    ids = set(faq.ids())
    return ids or None


def library_for(args: argparse.Namespace) -> Library:
    return load_library(builtin_routines_dir(), DataDir(args.data_dir).routines, faq_ids(args.data_dir))


def main(args: argparse.Namespace) -> int:
    command = {"list": list_routines, "validate": validate, "plan": plan, "schema": schema}[args.command]
    return command(args)


# --- coach list --------------------------------------------------------------------------------

def list_routines(args: argparse.Namespace) -> int:
    library = library_for(args)
    if args.json:
        print(json_text({
            "routines": [{
                "id": e.routine.id, "name": e.routine.name, "exercises": len(e.routine.exercises),
                "estimated_seconds": build_timeline(e.routine).total_seconds, "source": e.source,
                "path": str(e.path),
            } for e in library.entries],
            "problems": [p.as_dict() for p in library.problems],
        }))
        return 0
    rows = [("ID", "NAME", "EXERCISES", "TIME", "SOURCE")]
    for entry in library.entries:
        total = build_timeline(entry.routine).total_seconds
        rows.append((entry.routine.id, entry.routine.name, str(len(entry.routine.exercises)),
                     format_clock(total), entry.source))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [cell.ljust(width) if i != 2 else cell.rjust(width)
                 for i, (cell, width) in enumerate(zip(row, widths))]
        print("  ".join(cells).rstrip())
    if not library.entries:
        print("(no routines found)")
    if any(e.source == CUSTOMIZED for e in library.entries):
        print("\n'customized': a routine of yours replaces the built-in with the same id.")
    if library.problems:
        print(f"\n{_count(library.problems)} in routine files (these files are left out):")
        for problem in library.problems:
            print(problem)
    return 0


# --- coach validate ----------------------------------------------------------------------------

def validate(args: argparse.Namespace) -> int:
    ids = faq_ids(args.data_dir)
    files = 0
    problems: list[Problem] = []
    if not args.paths:
        library = load_library(builtin_routines_dir(), DataDir(args.data_dir).routines, ids)
        files = len(routine_files(builtin_routines_dir())) + len(routine_files(DataDir(args.data_dir).routines))
        problems = library.problems
        figures = _figure_files(DataDir(args.data_dir).root / "figures")
        files += len(figures)
        for path in figures:
            problems.extend(load_figure_file(path)[1])
    for given in args.paths:
        path = Path(given).expanduser()
        if path.is_dir():
            # A folder is checked as the library would read it, ids unique within it.
            files += len(routine_files(path))
            load_folder(path, ids, problems)
        else:
            files += 1
            if path.parent.name == "figures":  # a figure file (the figures folder of a data folder)
                problems.extend(load_figure_file(path)[1])
            else:
                problems.extend(load_routine_file(path, faq_ids=ids)[1])
    for problem in problems:
        print(problem)
    errors = sum(p.is_error for p in problems)
    print(f"{plural(files, 'file')} checked: "
          f"{_count(problems) if problems else 'no problems'}",
          file=sys.stderr if problems else sys.stdout)
    return 1 if errors else 0


def _figure_files(user_figures: Path) -> list[Path]:
    """The user's figure files, checked with the routines (the built-in ones are checked by
    Coach's own tests)."""
    return sorted(user_figures.glob("*.yaml")) if user_figures.is_dir() else []


def load_figure_file(path: Path):  # noqa: ANN201 - (Figure | None, problems)
    from coach.core.routines.figure_format import load_figure_file as load

    return load(path)


def _count(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    parts = []
    if errors:
        parts.append(plural(errors, "error"))
    if warnings:
        parts.append(plural(warnings, "warning"))
    return ", ".join(parts) or "no problems"


# --- coach plan --------------------------------------------------------------------------------

def plan(args: argparse.Namespace) -> int:
    routine, problems = open_routine(args.routine, args.data_dir, faq_ids(args.data_dir))
    for problem in problems:
        print(problem, file=sys.stderr)
    if routine is None or has_errors(problems):
        return 1
    timeline = build_timeline(routine)
    if args.json:
        print(json_text(plan_json(routine)))
        return 0
    count = len(routine.exercises)
    print(f"{routine.name} ({routine.id}): {plural(count, 'exercise')}, "
          f"about {format_clock(timeline.total_seconds)}")
    rows = [("START", "LENGTH", "KIND", "EXERCISE", "SET", "SIDE", "REP", "PART")]
    for phase in timeline.phases:
        length = (format_duration(phase.duration) if phase.duration is not None
                  else f"~{format_duration(phase.estimate)}")
        rows.append((
            format_clock(phase.start) if phase.start_ms % 1000 == 0 else f"{phase.start:.1f}s",
            length, KIND_WORDS[phase.kind], phase.exercise_name or "",
            f"{phase.set}/{phase.sets}" if phase.set is not None else "",
            phase.side or "", f"{phase.rep}/{phase.reps}" if phase.rep is not None else "",
            phase.part or "",
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [cell.rjust(width) if i in (0, 1) else cell.ljust(width)
                 for i, (cell, width) in enumerate(zip(row, widths))]
        print("  ".join(cells).rstrip())
    note = ""
    if any(p.is_self_paced for p in timeline.phases):
        note = f" (sets at your own pace counted as {SELF_PACED_SECONDS_PER_REP:g} s a rep)"
    print(f"total {format_clock(timeline.total_seconds)}{note}")
    return 0


def plan_json(routine: Routine) -> dict:
    timeline = build_timeline(routine)
    return {
        "routine": routine.id,
        "name": routine.name,
        "total_seconds": timeline.total_seconds,
        "phases": [{
            "index": p.index, "start": p.start, "duration": p.duration, "estimate": p.estimate,
            "kind": p.kind, "exercise": p.exercise_name, "set": p.set, "side": p.side,
            "rep": p.rep, "part": p.part,
        } for p in timeline.phases],
    }


# --- coach schema ------------------------------------------------------------------------------

def schema_text() -> str:
    """The JSON Schema exactly as ``resources/schema/routine.schema.json`` holds it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def schema(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text())
    return 0
