"""The zoo's registry: builders by name, with the catalog's metadata.

A family module registers each keyword-only builder ``f(*, num_classes, in_channels)`` with
:func:`register_model`; its title, idea, input shape, recipe and year come from
:data:`cnnviz.core.catalog.NETWORKS`, so they are written once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from torch import nn

from cnnviz.core import catalog
from cnnviz.core.catalog import Recipe

__all__ = ["ModelInfo", "Recipe", "get_model", "list_models", "model_info", "register_model"]

Builder = Callable[..., nn.Module]


@dataclass(frozen=True)
class ModelInfo:
    """What the app and the CLI know about a zoo network besides its modules."""

    name: str
    title: str
    idea: str  # the idea the network introduced, one or two sentences, English
    idea_zh: str  # the same in Simplified Chinese
    input_shape: tuple[int, int, int, int]  # (1, C, H, W) the book feeds it
    recipe: Recipe
    year: int
    builder: Builder = field(repr=False, compare=False)


_REGISTRY: dict[str, ModelInfo] = {}


def register_model(name: str) -> Callable[[Builder], Builder]:
    """Decorator adding builder ``f(*, num_classes, in_channels)`` as the catalog's ``name``.

    Raises ``ValueError`` if ``name`` is not in the catalog or is already registered.
    """
    entry = catalog.NETWORKS.get(name)
    if entry is None:
        raise ValueError(f"{name!r} is not a network of cnnviz.core.catalog.NETWORKS")

    def wrap(builder: Builder) -> Builder:
        if name in _REGISTRY:
            raise ValueError(f"a model named {name!r} is already registered")
        _REGISTRY[name] = ModelInfo(
            name=name,
            title=entry.title.en,
            idea=entry.idea.en,
            idea_zh=entry.idea.zh,
            input_shape=(1, *entry.input_shape),
            recipe=entry.recipe,
            year=entry.year,
            builder=builder,
        )
        return builder

    return wrap


def list_models() -> list[str]:
    """Names of every zoo network, in the order the chapter introduces them."""
    order = {n: i for i, n in enumerate(catalog.NETWORKS)}
    return sorted(_REGISTRY, key=lambda n: order[n])


def model_info(name: str) -> ModelInfo:
    """The :class:`ModelInfo` of a zoo network; ``ValueError`` listing valid names if unknown."""
    try:
        return _REGISTRY[name]
    except KeyError:
        valid = ", ".join(list_models())
        raise ValueError(f"unknown model {name!r}; valid names are: {valid}") from None


def get_model(name: str, *, num_classes: int = 10, in_channels: int = 1) -> nn.Module:
    """Build the zoo network ``name`` for ``in_channels`` input channels and ``num_classes``.

    The weights are PyTorch's default initialisation (the trainer applies Xavier as the book
    does). Raises ``ValueError`` for an unknown name or non-positive sizes.
    """
    info = model_info(name)
    if num_classes < 1:
        raise ValueError(f"num_classes must be at least 1, got {num_classes}")
    if in_channels < 1:
        raise ValueError(f"in_channels must be at least 1, got {in_channels}")
    return info.builder(num_classes=num_classes, in_channels=in_channels)
