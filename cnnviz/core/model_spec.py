"""One way to name a network everywhere: a zoo network, a torchvision one, or the user's file.

===================================  ==================================================
``lenet``                            the zoo network (its book input, 1×28×28)
``torchvision:resnet50``             torchvision's architecture, no weights (3×224×224)
``nets.py:TinyNet``                  a function or ``nn.Module`` subclass in a file
``nets.py:TinyNet(width=32)``        … called with keyword arguments (literals only)
===================================  ==================================================

The command line (``cnnviz summary``, ``cnnviz export --model``) and the GUI's *Open model*
accept the same text. A user's file runs when — and only when — its spec is given.

>>> spec = parse_model_spec("nets.py:TinyNet(width=32)")
>>> spec.source, spec.path, spec.name, dict(spec.kwargs)
('file', 'nets.py', 'TinyNet', {'width': 32})
>>> str(parse_model_spec("torchvision:resnet18"))
'torchvision:resnet18'
>>> input_shape_for(parse_model_spec("lenet"))
(1, 1, 28, 28)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cnnviz.core import catalog
from cnnviz.core.messages import message

if TYPE_CHECKING:
    from torch import nn

    from cnnviz.core.graph import LayerGraph

__all__ = [
    "ModelSpec",
    "build_spec_model",
    "build_trainable",
    "input_shape_for",
    "layer_graph_for_spec",
    "parse_model_spec",
]

TORCHVISION = "torchvision:"
#: the input of a network whose spec does not say (torchvision's ImageNet size; a file: the
#: book's Fashion-MNIST)
DEFAULT_INPUT = {"torchvision": (3, 224, 224), "file": (1, 28, 28)}


@dataclass(frozen=True)
class ModelSpec:
    """A parsed model spec: ``source`` is ``"zoo"``, ``"torchvision"`` or ``"file"``."""

    source: str
    name: str  # the zoo or torchvision name, or the function/class in the file
    path: str = ""  # file: the Python file
    kwargs: tuple[tuple[str, Any], ...] = ()  # file: keyword arguments for the builder

    def __str__(self) -> str:
        if self.source == "zoo":
            return self.name
        if self.source == "torchvision":
            return TORCHVISION + self.name
        args = ", ".join(f"{k}={v!r}" for k, v in self.kwargs)
        return f"{self.path}:{self.name}" + (f"({args})" if self.kwargs else "")

    @property
    def title(self) -> str:
        """A short name for tables and titles: the zoo/torchvision name or the builder's."""
        return self.name


def parse_model_spec(text: str) -> ModelSpec:
    """Parse ``NAME``, ``torchvision:NAME`` or ``path.py:NAME[(k=v, …)]``.

    Only the text is read here: nothing is imported or run. Raises ``ValueError`` with one
    sentence for anything else (an unknown zoo name lists the zoo).
    """
    text = text.strip()
    if text.startswith(TORCHVISION):
        name = text[len(TORCHVISION) :].strip()
        if not name.isidentifier():
            raise ValueError(
                message("write a torchvision network as torchvision:NAME, such as "
                        "torchvision:resnet18 (got {text!r})", text=text)
            )  # fmt: skip
        return ModelSpec("torchvision", name)
    lowered = text.lower()
    at = lowered.rfind(".py:")
    if at >= 0:
        path, builder = text[: at + 3], text[at + 4 :].strip()
        name, kwargs = _builder(builder, text)
        return ModelSpec("file", name, path, kwargs)
    if lowered.endswith(".py"):
        raise ValueError(
            message("name the function or nn.Module class in the file: {text}:NAME", text=text)
        )
    if text not in catalog.NETWORKS:
        raise ValueError(
            message(
                "unknown model {name!r}: use a zoo network ({names}), torchvision:NAME or "
                "path/to/file.py:NAME",
                name=text,
                names=", ".join(catalog.NETWORKS),
            )
        )
    return ModelSpec("zoo", text)


def _builder(text: str, whole: str) -> tuple[str, tuple[tuple[str, Any], ...]]:
    """``Name`` or ``Name(k=v, …)`` → the name and the keyword arguments."""
    from cnnviz.core.loading import parse_kwargs

    name, paren, rest = text.partition("(")
    name = name.strip()
    if not name.isidentifier():
        raise ValueError(
            message("after the file comes the function or class that builds the model, such "
                    "as nets.py:TinyNet (got {text!r})", text=whole)
        )  # fmt: skip
    if not paren:
        return name, ()
    if not rest.rstrip().endswith(")"):
        raise ValueError(message("a closing parenthesis is missing in {text!r}", text=whole))
    kwargs = parse_kwargs(rest.rstrip()[:-1])
    return name, tuple(kwargs.items())


def input_shape_for(
    spec: ModelSpec, input_size: Sequence[int] | None = None, in_channels: int | None = None
) -> tuple[int, int, int, int]:
    """(1, C, H, W): the zoo network's book input, torchvision's 3×224×224 or a file's
    1×28×28, with ``input_size`` (H, W) and ``in_channels`` C given instead. Raises
    ``ValueError`` for a size or channel count below 1."""
    if spec.source == "zoo":
        _, c, h, w = (1, *catalog.NETWORKS[spec.name].input_shape)
    else:
        c, h, w = DEFAULT_INPUT[spec.source]
    if input_size is not None:
        if len(input_size) != 2 or min(input_size) < 1:
            raise ValueError(
                message("the input size must be two positive numbers H W, got {v}",
                        v=" ".join(map(str, input_size)))
            )  # fmt: skip
        h, w = int(input_size[0]), int(input_size[1])
    if in_channels is not None:
        if in_channels < 1:
            raise ValueError(
                message("the input must have at least 1 channel, got {n}", n=in_channels)
            )
        c = int(in_channels)
    return (1, c, h, w)


def build_spec_model(
    spec: ModelSpec, *, num_classes: int | None = None, in_channels: int | None = None
) -> nn.Module:
    """The network of ``spec`` on the meta device (shapes, no weights). A zoo network gets
    ``num_classes`` (default 10) and ``in_channels``; torchvision's ``num_classes`` (default
    1000); a file's builder is called with its spec's keyword arguments. Raises
    ``ValueError`` (a :class:`~cnnviz.core.loading.ModelLoadError` for files and torchvision)
    with a sentence."""
    import torch

    if spec.source == "zoo":
        from cnnviz.core import models

        c = in_channels if in_channels is not None else catalog.NETWORKS[spec.name].input_shape[0]
        with torch.device("meta"):
            return models.get_model(spec.name, num_classes=num_classes or 10, in_channels=c)
    if spec.source == "torchvision":
        from cnnviz.core.loading import load_torchvision_model

        return load_torchvision_model(spec.name, num_classes=num_classes or 1000)
    from cnnviz.core.loading import load_model_from_file

    return load_model_from_file(spec.path, spec.name, **dict(spec.kwargs))


def layer_graph_for_spec(
    spec: ModelSpec | str,
    input_size: Sequence[int] | None = None,
    in_channels: int | None = None,
) -> LayerGraph:
    """The :class:`~cnnviz.core.graph.LayerGraph` of any spec on its input (see
    :func:`input_shape_for`). Raises ``ValueError`` with a sentence when the spec, the model
    or the input is wrong (an input too small names the layer where it fails)."""
    from cnnviz.core.graph import layer_graph, layer_graph_for

    spec = parse_model_spec(spec) if isinstance(spec, str) else spec
    shape = input_shape_for(spec, input_size, in_channels)
    if spec.source == "zoo":
        return layer_graph_for(spec.name, shape[2:], in_channels=shape[1])
    model = build_spec_model(spec, in_channels=shape[1])
    return layer_graph(model, shape, name=str(spec) if spec.source == "file" else spec.name)


def build_trainable(
    spec: ModelSpec | str, *, num_classes: int, input_shape: tuple[int, int, int, int]
) -> nn.Module:
    """The network of ``spec`` with real (CPU) parameters, to train on images of
    ``input_shape`` (1, C, H, W) into ``num_classes`` classes.

    A zoo network is built for them; a torchvision one gets ``num_classes`` and, for other
    than 3 channels, a first convolution that takes C; a file's builder gets ``num_classes``
    and ``in_channels`` when it declares them. Raises ``ValueError`` with a sentence saying
    what the network must accept when it does not take the images or put out the classes.
    """
    import torch

    spec = parse_model_spec(spec) if isinstance(spec, str) else spec
    _, c, h, w = input_shape
    if spec.source == "zoo":
        from cnnviz.core import models

        return models.get_model(spec.name, num_classes=num_classes, in_channels=c)
    if spec.source == "torchvision":
        import torchvision

        from cnnviz.core.loading import load_torchvision_model, torchvision_model_names

        if spec.name not in torchvision_model_names():
            load_torchvision_model(spec.name)  # raises the sentence naming close matches
        model = torchvision.models.get_model(spec.name, weights=None, num_classes=num_classes)
        if c != 3:
            _first_conv_takes(model, c)
    else:
        from cnnviz.core.loading import load_model_from_file

        model = load_model_from_file(
            spec.path, spec.name, on_meta=False,
            if_accepted={"num_classes": num_classes, "in_channels": c}, **dict(spec.kwargs),
        )  # fmt: skip
    model.eval()
    try:
        with torch.no_grad():
            out = model(torch.zeros(input_shape))
        got = tuple(out.shape) if isinstance(out, torch.Tensor) else None
    except Exception as exc:  # the user's forward: any exception is theirs to read
        got = None
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    else:
        reason = ""
    if got != (1, num_classes):
        raise ValueError(
            message(
                "{name} must take {c}×{h}×{w} images and put out {n} class scores to train on "
                "this data ({what}); give its builder num_classes and in_channels arguments, "
                "or choose --input-size",
                name=str(spec), c=c, h=h, w=w, n=num_classes,
                what=reason or f"it puts out {got}",
            )
        )  # fmt: skip
    model.train()
    return model


def _first_conv_takes(model: nn.Module, channels: int) -> None:
    """Replace ``model``'s first 2-D convolution by one taking ``channels`` input channels."""
    from torch import nn

    for parent in model.modules():
        for key, child in parent.named_children():
            if isinstance(child, nn.Conv2d):
                setattr(parent, key, nn.Conv2d(
                    channels, child.out_channels, child.kernel_size, child.stride,
                    child.padding, child.dilation, child.groups, child.bias is not None,
                    child.padding_mode,
                ))  # fmt: skip
                return
