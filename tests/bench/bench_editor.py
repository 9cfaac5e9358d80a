"""Routine editor: the live check on each key press, and a save, with baselines from the same run.

A key press re-checks the whole draft (write the YAML text, run the loader's check, build the
timeline for the total). Baseline: PyYAML's C loader only reading the same text, the least any
check must do. A save (temporary file, fsync, rename, fsync of the folder) is compared with a
plain overwrite of the same bytes without fsync.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import yaml  # noqa: E402

from coach.core.routines.library import load_library  # noqa: E402
from coach.core.files.paths import builtin_routines_dir  # noqa: E402
from coach.core.routines.routine_writer import routine_to_yaml, save_routine  # noqa: E402
from coach.gui.editor.draft import check_draft, draft_text, routine_draft  # noqa: E402

ROUNDS = 15


def _median_ms(work, rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def run() -> dict:
    library = load_library(builtin_routines_dir(), builtin_routines_dir() / "none")
    basics = library.get("lower-back-basics").routine
    figures: dict[str, float] = {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for count in (9, 200):
        routine = dataclasses.replace(basics, exercises=(basics.exercises * 23)[:count])
        draft = routine_draft(routine)
        check_draft(draft, "x.yaml")  # warm the per-exercise text cache, as typing does
        typed = iter(range(10**6))

        def key_press() -> None:
            draft["exercises"][count // 2]["name"] = f"Bridges {next(typed)}"
            assert check_draft(draft, "x.yaml").ok

        text = draft_text(draft)
        check_ms = _median_ms(key_press)
        read_ms = _median_ms(lambda: yaml.load(text, Loader=loader))
        figures[f"check_ms_{count}_exercises"] = round(check_ms, 3)
        figures[f"yaml_read_ms_{count}_exercises"] = round(read_ms, 3)
        figures[f"check_vs_yaml_read_{count}_exercises"] = round(check_ms / read_ms, 2)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "basics.yaml"
        data = routine_to_yaml(basics).encode()
        save_ms = _median_ms(lambda: save_routine(basics, path))
        plain_ms = _median_ms(lambda: path.write_bytes(data))
    figures["save_ms"] = round(save_ms, 3)
    figures["plain_write_ms"] = round(plain_ms, 3)
    figures["save_vs_plain_write"] = round(save_ms / plain_ms, 2)
    return figures


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
