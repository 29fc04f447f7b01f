"""The networks a user opened from files and torchvision, remembered across launches.

A :class:`RecentModel` is a model spec (:mod:`cnnviz.core.model_spec`) with the input it was
shown on; :func:`remember` puts one first (once), :func:`dumps` and :func:`loads` keep the
list as text in the settings. Reopening one runs the file again: only when the user picks it.

>>> a = RecentModel("nets.py:TinyNet(width=8)", (1, 1, 28, 28))
>>> b = RecentModel("torchvision:resnet18", (1, 3, 224, 224))
>>> [e.spec for e in remember(remember([], a), b)]
['torchvision:resnet18', 'nets.py:TinyNet(width=8)']
>>> loads(dumps([a, b])) == [a, b]
True
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["RECENT_LIMIT", "RecentModel", "dumps", "loads", "remember"]

RECENT_LIMIT = 8


@dataclass(frozen=True)
class RecentModel:
    """A network opened before: its spec, the input it was shown on and (torchvision) its
    number of classes."""

    spec: str
    input_shape: tuple[int, int, int, int]  # (1, C, H, W)
    num_classes: int = 1000


def remember(
    entries: Sequence[RecentModel], entry: RecentModel, limit: int = RECENT_LIMIT
) -> list[RecentModel]:
    """``entries`` with ``entry`` first and no other entry of the same spec, at most
    ``limit`` long."""
    return [entry, *(e for e in entries if e.spec != entry.spec)][:limit]


def dumps(entries: Sequence[RecentModel]) -> str:
    return json.dumps(
        [{"spec": e.spec, "input": list(e.input_shape), "classes": e.num_classes} for e in entries]
    )


def loads(text: str) -> list[RecentModel]:
    """The entries of :func:`dumps`' text; anything unreadable (an older or hand-edited
    setting) is left out, never raised."""
    try:
        raw = json.loads(text)
    except (TypeError, ValueError):
        return []
    out = []
    for item in raw if isinstance(raw, list) else []:
        try:
            shape = tuple(int(v) for v in item["input"])
            spec, classes = str(item["spec"]), int(item.get("classes", 1000))
        except (KeyError, TypeError, ValueError):
            continue
        if len(shape) == 4 and min(shape) >= 1 and spec and classes >= 1:
            out.append(RecentModel(spec, shape, classes))  # type: ignore[arg-type]
    return out[:RECENT_LIMIT]
