"""One epoch of LeNet on the real Fashion-MNIST, end to end, on this machine's CPU: the process
from its start to its last line (import, data, training, test accuracy, and for cnnviz the run
folder with its checkpoint). Three programs, each in its own process, in turn (ABC CBA …), the
median of ``BENCH_REPEATS`` (default 3) runs each:

* ``cnnviz train lenet --epochs 1 --run-dir TMP --quiet``;
* ``baselines/minimal_loop.py``: a minimal hand-written in-memory loop (the target: cnnviz at
  least as fast);
* ``baselines/d2l_train_ch6.py``: the book's ``train_ch6`` with its DataLoader (the target:
  cnnviz at least 2.3× as fast).

All three: batch 256, lr 0.9, Xavier initialisation, the test accuracy at the end.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import row

from cnnviz.core.data import data_dir, load_dataset

HERE = Path(__file__).resolve().parent
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def wall(args: list[str]) -> float:
    t0 = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{out.stderr}")
    return time.perf_counter() - t0


def main() -> None:
    root = data_dir()
    load_dataset("fashion-mnist", root=root)  # unpack the Debian files once, untimed
    runs = Path(tempfile.mkdtemp())
    cnnviz = Path(sys.executable).with_name("cnnviz")
    programs = {
        "cnnviz": lambda i: [
            str(cnnviz),
            "train",
            "lenet",
            "--epochs",
            "1",
            "--quiet",
            "--run-dir",
            str(runs / f"run{i}"),
        ],
        "minimal": lambda i: [
            sys.executable,
            str(HERE / "baselines" / "minimal_loop.py"),
            str(root / "FashionMNIST" / "raw"),
            "1",
        ],
        "d2l": lambda i: [
            sys.executable,
            str(HERE / "baselines" / "d2l_train_ch6.py"),
            str(root),
            "1",
        ],
    }
    times: dict[str, list[float]] = {name: [] for name in programs}
    try:
        for i in range(REPEATS):
            order = list(programs) if i % 2 == 0 else list(programs)[::-1]
            for name in order:
                times[name].append(wall(programs[name](i)))
    finally:
        shutil.rmtree(runs, ignore_errors=True)
    med = {name: statistics.median(t) for name, t in times.items()}
    row("cnnviz train lenet, 1 epoch, end to end", med["cnnviz"], "s")
    row("minimal hand-written in-memory loop (baseline)", med["minimal"], "s")
    row("d2l train_ch6 with its DataLoader (baseline)", med["d2l"], "s")
    row("minimal loop / cnnviz", med["minimal"] / med["cnnviz"], "×", target="≥ 1")
    row("d2l train_ch6 / cnnviz", med["d2l"] / med["cnnviz"], "×", target="≥ 2.3")


if __name__ == "__main__":
    main()
