"""Routine loading speed: 1,000 routine files of typical size, against plain PyYAML on the same files.

Every round writes a new folder of files whose names, durations and counts differ from every other
round's (within a round they repeat, as in a real folder), so no cache of an earlier round is hot:
not the parsed durations (an lru_cache in coach/core/routines/durations.py), nor anything keyed by
a file's text. The target is judged on the slowest round, not the best.
"""

from __future__ import annotations

import random
import re
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from coach.core.files import yamlsource
from coach.core.routines.library import load_folder
from coach.core.files.paths import builtin_routines_dir
from coach.core.routines.routine_format import load_routine_text

FILES = 1000
TARGET_SECONDS = 0.5
ROUNDS = 5
SUITE = Path(__file__).resolve().parents[1] / "data" / "yaml-test-suite"


def _seconds(func) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def _make_files(folder: Path, round_number: int) -> list[Path]:
    """The built-ins, each copied under its own id, round robin, with this round's own numbers:
    real routines of real size. Durations of round r are r*600+5 to r*600+600 seconds, so no two
    rounds share one."""
    rng = random.Random(round_number)
    texts = [p.read_text(encoding="utf-8") for p in sorted(builtin_routines_dir().glob("*.yaml"))]
    low = round_number * 600 + 5
    folder.mkdir()
    paths = []
    for index in range(FILES):
        text = texts[index % len(texts)]
        lines = [line for line in text.splitlines() if not line.startswith("id:")]
        text = "\n".join(lines) + "\n"
        text = re.sub(r"\b\d+s\b", lambda _: f"{rng.randrange(low, low + 596)}s", text)
        text = re.sub(r"\b(reps|sets): \d+", lambda m: f"{m.group(1)}: {rng.randint(1, 9)}", text)
        text = re.sub(r"^name: (.*)$", lambda m: f"name: {m.group(1)} {round_number}-{index}", text,
                      flags=re.MULTILINE)
        path = folder / f"routine-{index:04d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def run() -> dict:
    # The baseline is plain PyYAML: its safe loader, in C when present.
    loader = yaml.CSafeLoader if yamlsource.HAS_LIBYAML else yaml.SafeLoader
    coach_times, baseline_times, compose_times, sizes = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        for round_number in range(ROUNDS):
            folder = Path(tmp) / f"round-{round_number}"
            paths = _make_files(folder, round_number)
            sizes += [p.stat().st_size for p in paths]

            def coach_load() -> None:
                problems: list = []
                routines = load_folder(folder, None, problems)
                assert len(routines) == FILES and not problems, problems[:3]

            def plain_yaml() -> None:
                for path in paths:
                    with open(path, "rb") as handle:
                        yaml.load(handle.read(), Loader=loader)  # noqa: S506 - the safe loader

            def compose_only() -> None:
                for path in paths:
                    with open(path, "rb") as handle:
                        yaml.compose(handle.read(), Loader=loader)

            coach_times.append(_seconds(coach_load))
            baseline_times.append(_seconds(plain_yaml))
            compose_times.append(_seconds(compose_only))
    coach_seconds = max(coach_times)

    slowest_name, slowest_seconds, suite_files = None, 0.0, 0
    for path in sorted(SUITE.glob("*/*.yaml")):
        data = path.read_bytes()
        seconds = statistics.median(_seconds(lambda: load_routine_text(data, path.name)) for _ in range(3))
        suite_files += 1
        if seconds > slowest_seconds:
            slowest_name, slowest_seconds = f"{path.parent.name}/{path.name}", seconds

    return {
        "loader": loader.__name__,
        "files": FILES,
        "rounds": ROUNDS,
        "mean_file_bytes": round(sum(sizes) / len(sizes)),
        "load_seconds_max": round(coach_seconds, 4),
        "load_seconds_median": round(statistics.median(coach_times), 4),
        "target_seconds": TARGET_SECONDS,
        "meets_target": coach_seconds <= TARGET_SECONDS,
        "baseline_yaml_load_seconds_max": round(max(baseline_times), 4),
        "ratio_vs_yaml_load": {"median": round(statistics.median(coach_times) / statistics.median(baseline_times), 2),
                               "max": round(coach_seconds / max(baseline_times), 2)},
        "compose_only_seconds_max": round(max(compose_times), 4),
        "ratio_vs_compose": {"median": round(statistics.median(coach_times) / statistics.median(compose_times), 2),
                             "max": round(coach_seconds / max(compose_times), 2)},
        "per_file_ms_max": round(coach_seconds / FILES * 1000, 3),
        "raw_load_seconds": [round(t, 4) for t in coach_times],
        "yaml_test_suite_files": suite_files,
        "slowest_suite_document": slowest_name,
        "slowest_suite_document_ms": round(slowest_seconds * 1000, 3),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
