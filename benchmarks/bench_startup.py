"""Start-up: how soon the window appears, and how soon it shows its first graph.

Each run spawns ``python -m cnnviz`` (offscreen, throw-away settings) with
``CNNVIZ_STARTUP_PROBE=1``: the app prints the seconds since ``CNNVIZ_STARTUP_T0`` — a
``time.time()`` stamp taken here right before the spawn, so Python's own start-up counts — when
its window is first painted and when its first graph has been drawn (from the graph file shipped
for each zoo network, before torch is imported), then quits. The median of
a few runs is reported. Baseline: ``python -c "import torch"``, spawned the same way; an app
that imported torch before showing its window could not beat it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import row

RUNS = 5


def _spawn(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    t0 = time.time()
    env = {**env, "CNNVIZ_STARTUP_T0": repr(t0)}
    out = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120
    )
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{out.stderr}")
    return time.time() - t0, out.stdout


def app_times(settings: Path) -> tuple[float, float]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CNNVIZ_STARTUP_PROBE": "1",
        "CNNVIZ_SETTINGS": str(settings),
    }
    _, stdout = _spawn(["-m", "cnnviz"], env)
    stamps = {}
    for line in stdout.splitlines():
        if line.startswith("cnnviz-startup "):
            _, what, seconds = line.split()
            stamps[what] = float(seconds)
    stamps.pop("torch-imported", None)  # 0 or 1, not a time
    if "shown" not in stamps or "graph" not in stamps:
        raise RuntimeError(f"the app did not report its start-up:\n{stdout}")
    return stamps["shown"], stamps["graph"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Path(tmp) / "cnnviz.ini"
        app_times(settings)  # warm the disk cache (and write the settings once)
        shown, graph = zip(*(app_times(settings) for _ in range(RUNS)))
    torch_import = [_spawn(["-c", "import torch"], dict(os.environ))[0] for _ in range(RUNS)]

    shown_s, graph_s = statistics.median(shown), statistics.median(graph)
    torch_s = statistics.median(torch_import)
    row("time to first shown window", shown_s, "s", target="< 1.5 s")
    row("time to first graph drawn", graph_s, "s", target="< 1 s")
    row("python -c 'import torch' (baseline)", torch_s, "s")
    row("window shown / import torch", shown_s / torch_s, "×", target="< 1")
    row("first graph drawn / import torch", graph_s / torch_s, "×", target="< 1")


if __name__ == "__main__":
    main()
