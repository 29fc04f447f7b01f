"""The compute device cnnviz uses: CUDA, Apple MPS or the CPU, and how the status bar says it.

:func:`detect_device` imports torch, so it runs in the start-up worker, not the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

__all__ = ["DeviceInfo", "describe_device", "detect_device"]


@dataclass(frozen=True)
class DeviceInfo:
    kind: str  # "cuda", "mps" or "cpu"
    name: str  # the GPU's name for CUDA, else ""
    threads: int  # torch's intra-op CPU threads


def detect_device() -> DeviceInfo:
    """The device cnnviz will compute on: the first CUDA GPU, else Apple MPS, else the CPU."""
    import torch

    threads = torch.get_num_threads()
    if torch.cuda.is_available():
        return DeviceInfo("cuda", torch.cuda.get_device_name(0), threads)
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return DeviceInfo("mps", "", threads)
    return DeviceInfo("cpu", "", threads)


def describe_device(info: DeviceInfo) -> str:
    """``"CUDA: <name>"``, ``"Apple MPS"`` or ``"CPU (N threads)"``, in the current language."""
    if info.kind == "cuda":
        return QCoreApplication.translate("Device", "CUDA: %1").replace("%1", info.name)
    if info.kind == "mps":
        return QCoreApplication.translate("Device", "Apple MPS")
    n = info.threads  # a plain name: lupdate skips a plural whose count is an attribute
    return QCoreApplication.translate("Device", "CPU (%n threads)", "", n)
