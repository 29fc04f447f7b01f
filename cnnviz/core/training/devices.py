"""Which device trains: :func:`pick_device` turns ``auto``, ``cpu``, ``cuda:N`` or ``mps``
into a :class:`torch.device`, or a ``ValueError`` that lists what this machine has.
:func:`keep_freed_cpu_memory` makes training on a CPU faster under glibc."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

import torch

from cnnviz.core.messages import message

__all__ = ["available_devices", "keep_freed_cpu_memory", "pick_device"]

# glibc's mallopt parameters
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_MMAP_THRESHOLD = 32 << 20  # glibc's largest (DEFAULT_MMAP_THRESHOLD_MAX on 64-bit)
_TRIM_THRESHOLD = 128 << 20
_kept = False


def keep_freed_cpu_memory() -> bool:
    """Let glibc keep freed blocks up to 32 MiB for reuse instead of giving them back to the
    system; True when in effect (glibc only; elsewhere nothing changes).

    Each training step allocates and frees the same activations (LeNet: 4.8 MB for its first
    layer's batch). By default glibc unmaps such blocks when they are freed and maps fresh,
    zeroed pages for the next step — a page fault per 4 KiB. Kept, one LeNet epoch on the 2-core
    development machine takes 4.2–4.8 s instead of 6.3–7.2 s. The cost: up to 128 MiB freed
    memory stays with the process until it ends (a training process, so it soon does).
    """
    global _kept
    if _kept:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl and others: no mallopt
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    _kept = bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)) and bool(
        mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)
    )
    return _kept


def pick_device(name: str = "auto") -> torch.device:
    """``auto``: CUDA, then Apple MPS, then CPU. ``ValueError`` if the asked one is missing."""
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        dev = torch.device(name)
    except (RuntimeError, TypeError):
        dev = None
    if dev is None or dev.type not in ("cpu", "cuda", "mps"):
        raise ValueError(
            message(
                "unknown device {name!r}; this machine has {devices} (or use auto)",
                name=name,
                devices=", ".join(available_devices()),
            )
        )
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(
            message(
                "device 'cuda' was asked for but no CUDA GPU is available; this machine has "
                "{devices} (or use auto)",
                devices=", ".join(available_devices()),
            )
        )
    if dev.type == "cuda" and dev.index is not None and dev.index >= torch.cuda.device_count():
        raise ValueError(
            message(
                "there is no device {name!r}; this machine has {devices}",
                name=name,
                devices=", ".join(available_devices()),
            )
        )
    if dev.type == "mps" and not (
        getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()
    ):
        raise ValueError(
            message("device 'mps' was asked for but Apple MPS is not available; use cpu")
        )
    return dev


def available_devices() -> list[str]:
    """The devices :func:`pick_device` accepts on this machine: ``cpu``, ``cuda:N``, ``mps``."""
    out = ["cpu"]
    if torch.cuda.is_available():
        out += [f"cuda:{i}" for i in range(torch.cuda.device_count())]
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        out.append("mps")
    return out
