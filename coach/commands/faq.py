"""``coach faq [QUERY] [--json]``: prints the FAQ answers matching a query, ranked as in the panel."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap

from coach.core.faq.entries import MAX_QUERY_LENGTH, SAFETY_NOTE, Match, load_faq, shown_query
from coach.core.files.paths import DataDir

MAX_WIDTH = 88


def main(args: argparse.Namespace) -> int:
    faq = load_faq(DataDir(args.data_dir))
    for problem in faq.problems:
        print(problem, file=sys.stderr)
    results = faq.search(args.query)
    if results.cut:
        print(f"The search is long: only its first {MAX_QUERY_LENGTH} characters are searched.",
              file=sys.stderr)
    if args.json:
        print(json.dumps({
            "query": args.query,
            "cut": results.cut,
            "note": SAFETY_NOTE,
            "answers": [_as_dict(match) for match in results],
            "problems": [p.as_dict() for p in faq.problems],
        }, ensure_ascii=False, indent=2))
    else:
        _print_text(results, args.query)
    if not results:
        print(f"No answers match {shown_query(args.query)!r}.", file=sys.stderr)
        return 1
    return 0


def _as_dict(match: Match) -> dict:
    found = match.entry.as_dict()
    found["question_matches"] = [list(span) for span in match.question_spans]
    found["answer_matches"] = [list(span) for span in match.answer_spans]
    return found


def _print_text(results: list[Match], query: str) -> None:
    width = min(MAX_WIDTH, shutil.get_terminal_size((MAX_WIDTH, 24)).columns)
    for match in results:
        entry = match.entry
        print(entry.question)
        print(f"  [{entry.id}]")
        for paragraph in entry.answer.splitlines():
            print(textwrap.fill(paragraph, width, initial_indent="  ", subsequent_indent="  "))
        if entry.exercises:
            print(textwrap.fill("Related exercises: " + ", ".join(entry.exercises), width,
                                initial_indent="  ", subsequent_indent="    "))
        print()
    if results:
        print(textwrap.fill(SAFETY_NOTE, width))
