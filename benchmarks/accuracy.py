"""Accuracy with the book's recipe on real Fashion-MNIST, 10 epochs (run when asked: `make
accuracy`; minutes on a CPU, seconds on a GPU). Targets: lenet ≥ 0.75, lenet_bn ≥ 0.85."""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from cnnviz.core.data import load_dataset  # noqa: E402
from cnnviz.core.training import TrainConfig, Trainer, pick_device  # noqa: E402

TARGETS = {"lenet": 0.75, "lenet_bn": 0.85}


def main() -> int:
    device = sys.argv[1] if len(sys.argv) > 1 else "auto"
    ds = load_dataset("fashion-mnist")
    print(f"{ds.describe()}; device {pick_device(device)}", flush=True)
    failed = 0
    for name, target in TARGETS.items():
        t0 = time.perf_counter()
        history = Trainer(TrainConfig(model=name, device=device), dataset=ds).fit()
        final = [m for m in history if m.test_acc is not None][-1]
        ok = final.test_acc >= target
        failed += not ok
        print(
            f"{name}: 10 epochs, lr {TrainConfig(model=name).resolved().lr}: loss "
            f"{final.train_loss:.3f}, train acc {final.train_acc:.3f}, test acc "
            f"{final.test_acc:.3f} (target ≥ {target}) {'ok' if ok else 'MISSED'}, "
            f"{time.perf_counter() - t0:.0f} s",
            flush=True,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
