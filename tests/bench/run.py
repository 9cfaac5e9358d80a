"""Run the benchmarks and print one JSON summary: ``python tests/bench/run.py [--only NAME]``.

Every ``tests/bench/bench_<name>.py`` has ``run() -> dict`` of figures. The machine is shared and
noisy, so each benchmark measures its own baseline in the same run and reports ratios against it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover() -> dict[str, Path]:
    return {p.stem.removeprefix("bench_"): p for p in sorted(HERE.glob("bench_*.py"))}


def load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    benches = discover()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=sorted(benches), help="run one benchmark")
    args = parser.parse_args(argv)
    chosen = {args.only: benches[args.only]} if args.only else benches
    summary: dict[str, object] = {}
    failed = False
    for name, path in chosen.items():
        print(f"== {name}", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            figures = load(name, path).run()
        except Exception:
            traceback.print_exc()
            figures = {"error": traceback.format_exc(limit=1).strip().splitlines()[-1]}
            failed = True
        figures["bench_seconds"] = round(time.perf_counter() - started, 2)
        summary[name] = figures
        print(json.dumps({name: figures}, indent=None), file=sys.stderr, flush=True)
    print(json.dumps(summary, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
