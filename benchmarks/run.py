"""Run every ``benchmarks/bench_*.py`` in its own process and print one table.

Usage: ``make bench`` (or ``python benchmarks/run.py [NAME ...]`` to pick benchmarks).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import machine  # noqa: E402


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if any(a in s.stem for a in argv)]
    results: list[tuple[str, dict]] = []
    failed = 0
    for script in scripts:
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                              cwd=HERE)  # fmt: skip
        for line in proc.stdout.splitlines():
            if line.startswith("{"):
                results.append((script.stem, json.loads(line)))
        if proc.returncode != 0:
            failed += 1
            print(f"{script.name} failed ({time.perf_counter() - t0:.1f} s):\n{proc.stderr}",
                  file=sys.stderr)  # fmt: skip
    print(f"cnnviz benchmarks on {machine()}")
    width = max((len(r["name"]) for _, r in results), default=10)
    print(f"{'benchmark':<14} {'measure':<{width}} {'value':>12}  {'unit':<5} target")
    for bench, r in results:
        v = r["value"]
        value = f"{v:.3f}" if abs(v) < 100 else f"{v:,.0f}"
        print(f"{bench.removeprefix('bench_'):<14} {r['name']:<{width}} {value:>12}  "
              f"{r['unit']:<5} {r['target']}")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
