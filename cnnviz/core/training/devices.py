"""Which device trains: :func:`pick_device` turns ``auto``, ``cpu``, ``cuda:N`` or ``mps``
into a :class:`torch.device`, or a ``ValueError`` that lists what this machine has."""

from __future__ import annotations

import torch

from cnnviz.core.messages import message

__all__ = ["available_devices", "pick_device"]


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
