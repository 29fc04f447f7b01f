"""The architecture and training views' state as data (the lab's is :mod:`cnnviz.core.lab_state`).

A lesson slide is its text plus a view name plus that view's state: :class:`ArchitectureState`
for the layer graph, :class:`TrainingState` for the training form. Each validates itself and
raises :class:`~cnnviz.core.errors.FieldError` naming the field at fault; fields a slide leaves
out take the defaults, so applying a slide never keeps stale state from earlier use.

>>> ArchitectureState.from_slide({"network": "lenet", "unfold": "all", "zoom": 1.5})
ArchitectureState(network='lenet', unfold='all', select=None, zoom=1.5)
>>> TrainingState.from_slide({"epochs": 0})
Traceback (most recent call last):
...
cnnviz.core.errors.FieldError: epochs must be a whole number of at least 1, not 0.

This module belongs to ``cnnviz.core`` and imports no GUI library (and no torch).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from cnnviz.core.catalog import VIEWS, dataset_names
from cnnviz.core.errors import FieldError
from cnnviz.core.messages import message

__all__ = ["VIEWS", "ArchitectureState", "TrainingState"]

ZOOM_RANGE = (0.05, 8.0)


def _whole(field: str, v: Any, lo: int = 1) -> None:
    if not (isinstance(v, int) and not isinstance(v, bool) and v >= lo):
        raise FieldError(
            field,
            message(
                "{field} must be a whole number of at least {lo}, not {v!r}.",
                field=field,
                lo=lo,
                v=v,
            ),
        )


@dataclass(frozen=True)
class ArchitectureState:
    """What the layer graph shows: the network, its unfolded blocks, the selection, the zoom.

    ``network`` None keeps the network shown; ``unfold`` is ``"all"`` or the blocks to unfold
    (the others are folded); ``zoom`` None fits the graph to the view.
    """

    network: str | None = None
    unfold: tuple[str, ...] | str = ()
    select: str | None = None  # a layer's name, selected and centred
    table: bool = False  # presented: the shape table's drawer open (a slide quoting it)
    zoom: float | None = None
    field: tuple[int, int] | None = None  # the cell of ``select`` whose receptive field shows

    def __post_init__(self) -> None:
        if self.field is not None:
            f = self.field
            if isinstance(f, list):
                f = tuple(f)
                object.__setattr__(self, "field", f)
            ok = isinstance(f, tuple) and len(f) == 2
            if not ok or not all(
                isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in f
            ):
                raise FieldError(
                    "field",
                    message(
                        "field must be a pair [row, column] of cells, not {v!r}.", v=self.field
                    ),
                )
        if self.unfold != "all" and not (
            isinstance(self.unfold, tuple) and all(isinstance(b, str) for b in self.unfold)
        ):
            raise FieldError(
                "unfold",
                message("unfold must be 'all' or a list of blocks, not {v!r}.", v=self.unfold),
            )
        if self.zoom is not None:
            lo, hi = ZOOM_RANGE
            ok = isinstance(self.zoom, (int, float)) and not isinstance(self.zoom, bool)
            if not ok or not (lo <= self.zoom <= hi):
                raise FieldError(
                    "zoom",
                    message(
                        "zoom must be a number from {lo} to {hi}, not {v!r}.",
                        lo=lo,
                        hi=hi,
                        v=self.zoom,
                    ),
                )
        if self.select is not None and (not isinstance(self.select, str) or not self.select):
            raise FieldError(
                "select", message("select must be a layer's name, not {v!r}.", v=self.select)
            )

    @classmethod
    def from_slide(cls, keys: dict[str, Any]) -> ArchitectureState:
        """The state a slide's keys describe; keys of other views are ignored."""
        unfold = keys.get("unfold", ())
        return cls(
            network=keys.get("network"),
            unfold=unfold if unfold == "all" else tuple(unfold),
            select=keys.get("select"),
            table=bool(keys.get("table", False)),
            zoom=None if keys.get("zoom") is None else float(keys["zoom"]),
            field=None if keys.get("field") is None else tuple(keys["field"]),
        )

    def to_slide(self) -> dict[str, Any]:
        """The slide keys that give this state back."""
        keys: dict[str, Any] = {}
        if self.network is not None:
            keys["network"] = self.network
        if self.unfold:
            keys["unfold"] = self.unfold if self.unfold == "all" else list(self.unfold)
        if self.select is not None:
            keys["select"] = self.select
        if self.table:
            keys["table"] = True
        if self.zoom is not None:
            keys["zoom"] = self.zoom
        if self.field is not None:
            keys["field"] = list(self.field)
        return keys


@dataclass(frozen=True)
class TrainingState:
    """The training form a slide fills: the recipe, whether to start at once, and the runs
    whose curves are laid over the plot.

    Fields left None take the network's recipe (the book's settings for a zoo network);
    ``overlay`` names runs by their folder's name, as the runs list shows them (left out: no
    run is laid over, whatever was ticked before).
    """

    network: str | None = None
    dataset: str | None = None
    epochs: int | None = None
    lr: float | None = None
    batch_size: int | None = None
    train_subset: int | None = None  # None: the whole training set
    autostart: bool = False
    overlay: tuple[str, ...] = ()  # runs laid over the plot, by folder name

    def __post_init__(self) -> None:
        overlay = self.overlay
        if isinstance(overlay, list):
            overlay = tuple(overlay)
            object.__setattr__(self, "overlay", overlay)
        if not (isinstance(overlay, tuple) and all(isinstance(n, str) and n for n in overlay)):
            raise FieldError(
                "overlay",
                message("overlay must be a list of run names, not {v!r}.", v=self.overlay),
            )
        names = dataset_names()
        if self.dataset is not None and self.dataset not in names:
            raise FieldError(
                "dataset",
                message(
                    "dataset must be one of {names}, not {v!r}.",
                    names=", ".join(names),
                    v=self.dataset,
                ),
            )
        for field in ("epochs", "batch_size", "train_subset"):
            if getattr(self, field) is not None:
                _whole(field, getattr(self, field))
        lr = self.lr
        if lr is not None and not (
            isinstance(lr, (int, float))
            and not isinstance(lr, bool)
            and math.isfinite(lr)
            and lr > 0
        ):
            raise FieldError("lr", message("lr must be a finite number above 0, not {v!r}.", v=lr))
        if not isinstance(self.autostart, bool):
            raise FieldError("autostart", message("autostart must be true or false."))

    @classmethod
    def from_slide(cls, keys: dict[str, Any]) -> TrainingState:
        """The state a slide's keys describe; keys of other views are ignored."""
        return cls(**{k: keys[k] for k in cls.__dataclass_fields__ if k in keys})

    def to_slide(self) -> dict[str, Any]:
        """The slide keys that give this state back (None fields, autostart off and no
        overlay left out)."""
        keys = {k: getattr(self, k) for k in self.__dataclass_fields__}
        keys["overlay"] = list(self.overlay)
        return {k: v for k, v in keys.items() if v is not None and v is not False and v != []}
