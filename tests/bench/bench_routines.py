"""Routine loading speed: 1,000 routine files of typical size, against plain PyYAML on the same files."""

from __future__ import annotations

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
REPEATS = 5
SUITE = Path(__file__).resolve().parents[1] / "data" / "yaml-test-suite"


def _times(func, repeats: int = REPEATS) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return times


def _best(func, repeats: int = REPEATS) -> float:
    """The best of a few runs: the machine is shared, and other work only ever adds time."""
    return min(_times(func, repeats))


def _make_files(folder: Path) -> list[Path]:
    """The built-ins, each copied under its own id, round robin: real routines of real size."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(builtin_routines_dir().glob("*.yaml"))]
    paths = []
    for index in range(FILES):
        text = texts[index % len(texts)]
        lines = [line for line in text.splitlines() if not line.startswith("id:")]
        path = folder / f"routine-{index:04d}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def run() -> dict:
    # The baseline is plain PyYAML: its safe loader, in C when present.
    loader = yaml.CSafeLoader if yamlsource.HAS_LIBYAML else yaml.SafeLoader
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        folder = Path(tmp)
        paths = _make_files(folder)
        sizes = [p.stat().st_size for p in paths]

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

        coach_times = _times(coach_load)
        coach_seconds = min(coach_times)
        baseline_seconds = _best(plain_yaml)
        compose_seconds = _best(compose_only)

    slowest_name, slowest_seconds, suite_files = None, 0.0, 0
    for path in sorted(SUITE.glob("*/*.yaml")):
        data = path.read_bytes()
        seconds = _best(lambda: load_routine_text(data, path.name), repeats=3)
        suite_files += 1
        if seconds > slowest_seconds:
            slowest_name, slowest_seconds = f"{path.parent.name}/{path.name}", seconds

    return {
        "loader": loader.__name__,
        "files": FILES,
        "mean_file_bytes": round(sum(sizes) / len(sizes)),
        "load_seconds": round(coach_seconds, 4),
        "load_seconds_median": round(statistics.median(coach_times), 4),
        "target_seconds": TARGET_SECONDS,
        "meets_target": coach_seconds <= TARGET_SECONDS,
        "baseline_yaml_load_seconds": round(baseline_seconds, 4),
        "ratio_vs_yaml_load": round(coach_seconds / baseline_seconds, 2),
        "compose_only_seconds": round(compose_seconds, 4),
        "ratio_vs_compose": round(coach_seconds / compose_seconds, 2),
        "per_file_ms": round(coach_seconds / FILES * 1000, 3),
        "yaml_test_suite_files": suite_files,
        "slowest_suite_document": slowest_name,
        "slowest_suite_document_ms": round(slowest_seconds * 1000, 3),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
