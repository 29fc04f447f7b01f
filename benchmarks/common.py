"""Helpers shared by the benchmarks: each bench_*.py prints its rows as JSON lines."""

from __future__ import annotations

import json
import platform
import sys


def row(name: str, value: float, unit: str, *, target: str = "", note: str = "") -> None:
    """Print one result row (read by ``benchmarks/run.py``)."""
    print(json.dumps({"name": name, "value": value, "unit": unit, "target": target, "note": note}))
    sys.stdout.flush()


def machine() -> str:
    import os

    cpu = platform.processor() or platform.machine()
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
