"""Getting the FAQ and routine library at startup: from the startup cache against parsing the YAML.

Each run is a fresh process that times, from its first Coach import to having both results:
- ``parse``: import PyYAML and the loaders, then ``load_faq`` and ``load_library`` (as before the cache);
- ``cached``: ``load_faq_and_library`` with a warm cache (it says whether PyYAML was imported).
Both read the same data folder (empty, as the startup benchmark's); runs alternate; medians of RUNS.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

RUNS = 10

PARSE = """
import json, sys, time
started = time.perf_counter()
import yaml
from coach.core.faq.entries import load_faq
from coach.core.routines.library import load_library
from coach.core.files.paths import DataDir, builtin_routines_dir
data = DataDir(sys.argv[1])
faq = load_faq(data)
library = load_library(builtin_routines_dir(), data.routines, set(faq.ids()))
print(json.dumps({"s": time.perf_counter() - started, "routines": len(library.entries)}))
"""

CACHED = """
import json, sys, time
started = time.perf_counter()
from coach.core.files.paths import DataDir
from coach.core.files.startup_cache import load_faq_and_library
faq, library = load_faq_and_library(DataDir(sys.argv[1]))
print(json.dumps({"s": time.perf_counter() - started, "routines": len(library.entries),
                  "yaml_imported": "yaml" in sys.modules}))
"""


def once(program: str, data: Path) -> dict:
    # With bytecode cached, as installed (see bench_startup): the warm-up runs write it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run([sys.executable, "-c", program, str(data)], capture_output=True, text=True,
                          check=True, env=env)
    return json.loads(done.stdout)


def run() -> dict:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "coach"
        once(CACHED, data)  # writes the cache (and the bytecode of a source checkout)
        once(PARSE, data)
        parse, cached = [], []
        for _ in range(RUNS):
            parse.append(once(PARSE, data))
            cached.append(once(CACHED, data))
        cache_bytes = (data / "cache" / "startup.pickle").stat().st_size
    parse_s = statistics.median(r["s"] for r in parse)
    cached_s = statistics.median(r["s"] for r in cached)
    return {
        "runs": RUNS,
        "cached_to_parse_ratio": round(cached_s / parse_s, 3),
        "parse_ms": round(parse_s * 1000, 2),
        "cached_ms": round(cached_s * 1000, 2),
        "cache_hits_without_yaml": sum(not r["yaml_imported"] for r in cached),
        "cache_file_bytes": cache_bytes,
        "raw_parse_ms": [round(r["s"] * 1000, 2) for r in parse],
        "raw_cached_ms": [round(r["s"] * 1000, 2) for r in cached],
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
