"""Feature maps: what every layer of a network makes of one image, and any convolution or
pooling layer as a case the stepper can replay number by number.

>>> from cnnviz.core import features, samples
>>> ex = features.FeatureExtractor(features.build_model("lenet"), (1, 1, 28, 28))
>>> result = ex.run(samples.load_sample("fashion_ankle_boot"))
>>> [m.name for m in result.maps][:3]
['input', '0', '1']
>>> case = ex.layer_case(result, "0", channel=2)   # conv '0', output channel 2
>>> case.X.shape, case.K.shape, case.exact
(torch.Size([1, 28, 28]), torch.Size([1, 1, 5, 5]), True)

Layers are named as :func:`cnnviz.core.graph.layer_graph` names them (module names, and
``"<block>.<function>"`` for functions such as ``add`` or ``relu``), because the network is
traced the same way with ``torch.fx``; models that fx cannot trace fall back to forward hooks on
their leaf modules.

This module belongs to ``cnnviz.core`` and must not import any GUI library.
"""

from __future__ import annotations

import copy
import math
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import torch
import torch.fx as fx
import torch.nn.functional as F
from torch import Tensor, nn

from cnnviz.core.graph import LayerGraph, kind_of, layer_graph, run_with_leaf_hooks
from cnnviz.core.messages import message
from cnnviz.core.samples import MAX_SIDE, adapt_channels

__all__ = [
    "FeatureExtractor",
    "FeatureMap",
    "FeatureResult",
    "LayerCase",
    "build_model",
    "feature_extractor",
    "input_shape_for",
    "prepare_input",
]

MAX_TILE = 64  # channel images are averaged down to at most this many pixels a side
_BUILD_LOCK = threading.Lock()


@dataclass(eq=False)
class FeatureMap:
    """One layer's output for one image, ready to be drawn channel by channel."""

    name: str  # as in the LayerGraph: "0", "3.1.conv1", "b2.0.add"
    op: str  # "Conv2d", "ReLU", "add", "Input"
    kind: str  # a cnnviz.core.graph kind: "conv", "pool", "activation", …
    shape: tuple[int, ...]  # output shape without the batch axis: (C, H, W) or (F,)
    maps: Tensor  # (C, h, w) float32, h, w <= MAX_TILE (averaged down); vectors: (F, 1, 1)
    lo: float  # smallest value of the whole output
    hi: float  # largest value
    input: Tensor | None = None  # (C_in, H, W) float32: the layer's input (conv and pooling)
    #: batch normalisation: each channel's (mean, standard deviation) over every image run
    #: and every position, and how many values each statistic covers
    channel_stats: tuple[tuple[float, float], ...] | None = None
    stats_count: int = 0

    @property
    def channels(self) -> int:
        return self.maps.shape[0]

    @property
    def steppable(self) -> bool:
        """True for a convolution or pooling layer the stepper can replay."""
        return self.input is not None


@dataclass(eq=False)
class FeatureResult:
    """Every layer's :class:`FeatureMap` for one image, input first."""

    maps: list[FeatureMap]
    x: Tensor  # (1, C, H, W) float32: what the network was fed
    notes: list[str] = field(default_factory=list)  # how the image was adapted (messages)

    def get(self, name: str) -> FeatureMap:
        """The map of layer ``name``; KeyError if there is none."""
        for m in self.maps:
            if m.name == name:
                return m
        raise KeyError(name)


@dataclass(eq=False)
class LayerCase:
    """One output channel of a convolution (or one channel of a pooling), made steppable.

    ``conv2d_trace(X, K, bias, stride=…, padding=…, dilation=…)`` (or ``pool2d_trace``)
    replays it.  ``exact`` is True when every input channel and the whole input are used, so
    the trace's output equals the layer's output channel; ``notes`` say what was reduced.
    """

    kind: str  # "conv" or "pool"
    layer: str
    op: str
    channel: int  # the output channel (conv) or channel (pooling)
    X: Tensor  # (C, H, W) float64, C <= 3, H, W <= MAX_SIDE
    K: Tensor | None  # (1, C, kh, kw) float64 for convolution
    bias: Tensor | None  # (1,) float64
    kernel_size: tuple[int, int]
    stride: tuple[int, int]
    padding: tuple[int, int]
    dilation: tuple[int, int]
    mode: str | None = None  # "max" or "avg" for pooling
    input_channels: tuple[int, ...] = ()  # which input channels of the layer X holds
    total_input_channels: int = 1
    crop: tuple[int, int, int, int] = (0, 0, 0, 0)  # (top, left, height, width) of the input
    input_size: tuple[int, int] = (0, 0)  # the layer input's (H, W)
    notes: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return not self.notes


# --------------------------------------------------------------------------- models and input


def build_model(name: str, *, seed: int = 0) -> nn.Module:
    """The zoo network ``name`` on the CPU, initialised reproducibly, in eval mode.

    The global random state is left as it was.  Safe to call from several threads at once (the
    initialisation draws from torch's global generator, so builds take turns).  Raises
    ValueError for an unknown name.
    """
    from cnnviz.core import models

    with _BUILD_LOCK, torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = models.get_model(name)
    return model.eval()


def input_shape_for(name: str | None, model: nn.Module) -> tuple[int, int, int, int]:
    """(1, C, H, W) the network expects: the book's shape for a zoo network, else C from the
    first convolution and 224×224."""
    from cnnviz.core import models

    if name in models.list_models():
        return models.model_info(name).input_shape
    first = next((m for m in model.modules() if isinstance(m, nn.Conv2d)), None)
    channels = first.in_channels if first is not None else 3
    if name is not None and ":" in name:  # a spec's input: a file's 28×28, torchvision's 224×224
        from cnnviz.core.model_spec import input_shape_for as spec_input
        from cnnviz.core.model_spec import parse_model_spec

        try:
            return spec_input(parse_model_spec(name), in_channels=channels)
        except ValueError:
            pass
    return (1, channels, 224, 224)


def feature_extractor(name: str | None, model: nn.Module | None = None) -> FeatureExtractor:
    """A :class:`FeatureExtractor` for ``model`` or, without one, for zoo network ``name``.

    ``model`` (trained weights, on any device) is deep-copied to the CPU in eval mode and left
    untouched; otherwise the zoo network is built with :func:`build_model`.  The input shape
    comes from :func:`input_shape_for`.  Raises ValueError when neither is given, or for an
    unknown zoo name.
    """
    if model is not None:
        net = copy.deepcopy(model).to("cpu").eval()
    elif name is not None:
        net = build_model(name)
    else:
        raise ValueError(message("no network is chosen"))
    return FeatureExtractor(net, input_shape_for(name, net))


def _is_batch_norm(m: nn.Module) -> bool:
    from cnnviz.core.ops import BatchNorm

    return isinstance(m, (nn.modules.batchnorm._BatchNorm, BatchNorm))


#: images that batch normalisation in training mode shares its statistics with
STATISTICS_BATCH = 63


def statistics_batch(n: int = STATISTICS_BATCH) -> tuple[Tensor, str]:
    """(n, 1, 28, 28) float Fashion-MNIST test images in [0, 1] (the first after the ones the lab
    offers), and a note saying so; the lab's own Fashion-MNIST samples when the data set is not
    installed."""
    from cnnviz.core import data, samples

    try:
        ds = data.load_dataset("fashion-mnist")
        images = ds.test_images[100 : 100 + n].to(torch.float32) / 255.0
        return images, message(
            "batch normalisation in training mode, over this image and {n} others from the "
            "Fashion-MNIST test set",
            n=len(images),
        )
    except (ValueError, OSError):
        names = [s for s in samples.list_samples() if s.startswith("fashion_")]
        images = torch.stack([samples.load_sample(s).to(torch.float32) for s in names])
        return images, message(
            "batch normalisation in training mode, over this image and {n} others (the lab's "
            "Fashion-MNIST samples; the data set is not installed)",
            n=len(images),
        )


def prepare_input(
    image: Tensor, input_shape: tuple[int, int, int, int]
) -> tuple[Tensor, list[str]]:
    """``image`` (C, H, W) as the network's input (1, C', H', W') float32, and notes saying how
    it was changed (channels adapted, size interpolated)."""
    _, c, h, w = input_shape
    notes = []
    x = image.detach().to(torch.float32)
    if x.shape[0] != c:
        if c == 1 and x.shape[0] == 3:
            notes.append(message("RGB to grey (0.299 R + 0.587 G + 0.114 B): 3 → 1 channel"))
        elif c < x.shape[0]:
            notes.append(message("the first {c} channels kept: {n} → {c}", n=x.shape[0], c=c))
        else:
            notes.append(message("channels repeated: {n} → {c}", n=x.shape[0], c=c))
        x = adapt_channels(x, c)
    if tuple(x.shape[1:]) != (h, w):
        notes.append(message("resized {h0}×{w0} → {h}×{w}", h0=x.shape[1], w0=x.shape[2], h=h, w=w))
        shrink = x.shape[1] > h or x.shape[2] > w
        x = F.interpolate(x[None], size=(h, w), mode="bilinear", antialias=shrink)[0]
    return x[None].contiguous(), notes


# --------------------------------------------------------------------------- tracing


class _Tracer(fx.Tracer):
    """Leaves: torch.nn layers and any module without children (as cnnviz.core.graph)."""

    def is_leaf_module(self, m: nn.Module, qualname: str) -> bool:
        return super().is_leaf_module(m, qualname) or not any(True for _ in m.children())


def _op_name(n: fx.Node) -> str:
    t = n.target
    if isinstance(t, str):
        return t
    return getattr(t, "__name__", str(t)).split(".")[-1]


_STEPPABLE = (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d)


class _Capture(fx.Interpreter):
    """Runs the traced network and keeps every tensor-valued node's output (batch item 0)."""

    def __init__(
        self,
        gm: fx.GraphModule,
        sink: Callable[[str, str, Tensor, Tensor | None], None],
        check: Callable[[], None] | None,
    ) -> None:
        super().__init__(gm)
        self.extra_traceback = False
        self.sink, self.check = sink, check
        self.used: set[str] = set()

    def run_node(self, n: fx.Node) -> Any:
        result = super().run_node(n)
        if n.op in ("placeholder", "output") or not isinstance(result, Tensor):
            return result
        if self.check is not None:
            self.check()
        stack = list(n.meta.get("nn_module_stack", {}).items())
        layer_input = None
        if n.op == "call_module":
            name = str(n.target)
            module = self.fetch_attr(name)
            op = type(module).__name__
            if isinstance(module, _STEPPABLE):
                arg = self.env[n.args[0]] if isinstance(n.args[0], fx.Node) else None
                layer_input = arg
        else:
            op = _op_name(n)
            parent = stack[-1][1][0] if stack else ""
            name = f"{parent}.{n.name}" if parent else n.name
        if name in self.used:  # a module called twice
            k = 2
            while f"{name}#{k}" in self.used:
                k += 1
            name = f"{name}#{k}"
        self.used.add(name)
        self.sink(name, op, result, layer_input)
        return result


def _leaf_hooks(
    model: nn.Module, x: Tensor, sink: Callable[[str, str, Tensor, Tensor | None], None]
) -> None:
    """Fallback for networks fx cannot trace: a forward hook on every leaf module."""

    def hook(name: str) -> Callable:
        def record(m: nn.Module, inputs: tuple, output: Any) -> None:
            if isinstance(output, Tensor):
                first = inputs[0] if inputs and isinstance(inputs[0], Tensor) else None
                sink(name, type(m).__name__, output, first if isinstance(m, _STEPPABLE) else None)

        return record

    run_with_leaf_hooks(model, x, hook)


def _as_maps(t: Tensor, max_tile: int) -> Tensor:
    """One output (batch axis dropped) as channel images (C, h, w), averaged down if large."""
    t = t.detach().to("cpu", torch.float32)
    if t.ndim == 3:
        maps = t
    elif t.ndim == 2:  # (C, L)
        maps = t[:, None, :]
    elif t.ndim == 1:  # (F,): one square per feature
        maps = t[:, None, None]
    elif t.ndim == 0:
        maps = t.reshape(1, 1, 1)
    else:
        maps = t.reshape(t.shape[0], t.shape[1], -1)
    h, w = maps.shape[1:]
    if max(h, w) > max_tile:
        scale = max_tile / max(h, w)
        size = (max(1, math.floor(h * scale)), max(1, math.floor(w * scale)))
        maps = F.adaptive_avg_pool2d(maps[None], size)[0]
    return maps.contiguous()


class FeatureExtractor:
    """Runs a network on one image and returns every layer's output as a :class:`FeatureMap`.

    The network is traced once (on the first :meth:`run`); it is only ever run in eval mode
    under ``torch.no_grad()`` and its mode is restored afterwards.
    """

    def __init__(self, model: nn.Module, input_shape: tuple[int, int, int, int]) -> None:
        self.model = model
        self.input_shape = tuple(int(s) for s in input_shape)
        self._gm: fx.GraphModule | None = None
        self._traced: bool | None = None

    def layer_graph(self) -> LayerGraph | None:
        """The network's :class:`~cnnviz.core.graph.LayerGraph` on its input shape (for
        receptive fields; names match the feature maps'), built once; None if it fails."""
        if not hasattr(self, "_layer_graph"):
            try:
                self._layer_graph: LayerGraph | None = layer_graph(self.model, self.input_shape)
            except (ValueError, RuntimeError, TypeError):
                self._layer_graph = None
        return self._layer_graph

    @property
    def traced(self) -> bool | None:
        """True once fx traced the network, False when it fell back to hooks, None before."""
        return self._traced

    def _graph_module(self) -> fx.GraphModule | None:
        if self._traced is None:
            try:
                self._gm = fx.GraphModule(self.model, _Tracer().trace(self.model))
                self._traced = True
            except Exception:  # any fx failure: use hooks instead
                self._gm, self._traced = None, False
        return self._gm

    def run(
        self,
        image: Tensor,
        *,
        check: Callable[[], None] | None = None,
        max_tile: int = MAX_TILE,
        batch_norm: str = "eval",
        batch: Tensor | None = None,
    ) -> FeatureResult:
        """Every layer's output for ``image`` (C, H, W), adapted to the network's input shape.

        ``batch_norm="train"`` runs the batch-normalisation layers in training mode: they
        normalise with the statistics of ``image`` together with ``batch`` (N, C, H, W; by
        default :func:`statistics_batch`), as in a training step; the maps are still those of
        ``image``, and the running averages are left as they were. ``check`` is called after
        each layer; it may raise to cancel.  Raises ValueError when the network fails on the
        input.
        """
        device = next((p.device for p in self.model.parameters()), torch.device("cpu"))
        x, notes = prepare_input(image, self.input_shape)  # (1, C, H, W)
        x0 = x[0]
        run_x = x
        if batch_norm == "train":
            if batch is None:
                others, note = statistics_batch()
            else:
                others = batch
                note = message(
                    "batch normalisation in training mode, over this image and {n} others",
                    n=len(batch),
                )
            rest = [prepare_input(b, self.input_shape)[0] for b in others]
            run_x = torch.cat([x, *rest])  # (1 + N, C, H, W): image first
            notes.append(note)
        maps = [
            FeatureMap(
                "input",
                "Input",
                "input",
                tuple(x0.shape),
                _as_maps(x0, max_tile),
                float(x0.min()),
                float(x0.max()),
            )
        ]

        def sink(name: str, op: str, out: Tensor, layer_input: Tensor | None) -> None:
            o = out.detach()[0] if out.ndim >= 1 else out.detach()
            stats, count = None, 0
            if "BatchNorm" in op and out.ndim in (2, 4):
                dims = (0, 2, 3) if out.ndim == 4 else (0,)
                d = out.detach().to(torch.float64)
                mean = d.mean(dim=dims)
                std = d.std(dim=dims, unbiased=False)
                stats = tuple(zip(mean.tolist(), std.tolist(), strict=True))
                count = d.numel() // d.shape[1]
            maps.append(
                FeatureMap(
                    name=name,
                    op=op,
                    kind=kind_of(op),
                    shape=tuple(o.shape),
                    maps=_as_maps(o, max_tile),
                    lo=float(o.min()) if o.numel() else 0.0,
                    hi=float(o.max()) if o.numel() else 0.0,
                    input=None
                    if layer_input is None
                    else layer_input.detach()[0].to("cpu", torch.float32).clone(),
                    channel_stats=stats,
                    stats_count=count,
                )
            )

        was_training = self.model.training
        saved = None
        self.model.eval()
        if batch_norm == "train":
            saved = copy.deepcopy(self.model.state_dict())  # running averages stay as they were
            for m in self.model.modules():
                if _is_batch_norm(m):
                    m.train()
        try:
            with torch.no_grad():
                gm = self._graph_module()
                xd = run_x.to(device)
                try:
                    if gm is not None:
                        _Capture(gm, sink, check).run(xd)
                    else:
                        _leaf_hooks(self.model, xd, lambda *a: (check and check(), sink(*a)))
                except (RuntimeError, IndexError, TypeError) as exc:
                    first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
                    shape = "×".join(map(str, x.shape))
                    raise ValueError(
                        message(
                            "the network failed on an input of {shape}: {error}",
                            shape=shape,
                            error=first,
                        )
                    ) from exc
        finally:
            if saved is not None:
                self.model.load_state_dict(saved)
            self.model.train(was_training)
        return FeatureResult(maps, x, notes)

    # ------------------------------------------------------------------ stepper cases

    def layer_case(
        self,
        result: FeatureResult,
        name: str,
        channel: int,
        *,
        max_side: int = MAX_SIDE,
        max_channels: int = 3,
    ) -> LayerCase:
        """Output channel ``channel`` of conv/pool layer ``name`` as a :class:`LayerCase`.

        The layer's real input is used, cut to its first ``max_channels`` input channels (of
        the kernel's group) and to a centred ``max_side``×``max_side`` window if larger; the
        notes say so.

        Raises
        ------
        ValueError
            If ``name`` is not a convolution or pooling module, ``channel`` is out of range or
            the layer uses options the stepper does not replay (dilated or ceil-mode pooling,
            non-zero padding modes).
        """
        try:
            fm = result.get(name)
        except KeyError:
            raise ValueError(message("there is no layer called {name!r}.", name=name)) from None
        module = self.model.get_submodule(name.split("#")[0]) if fm.input is not None else None
        if module is None or not isinstance(module, _STEPPABLE):
            raise ValueError(
                message(
                    "layer {name!r} ({op}) is not a convolution or pooling layer the stepper "
                    "can replay.",
                    name=name,
                    op=fm.op,
                )
            )
        x_in = fm.input  # (C_in, H, W)
        assert x_in is not None
        C_in, H, W = x_in.shape
        notes: list[str] = []
        if isinstance(module, nn.Conv2d):
            C_out = module.out_channels
            if not 0 <= channel < C_out:
                raise ValueError(
                    message("channel must be in 0 … {last}, got {v}.", last=C_out - 1, v=channel)
                )
            if module.padding_mode != "zeros":
                notes.append(
                    message("padding mode {mode!r} drawn as zero padding", mode=module.padding_mode)
                )
            groups = module.groups
            per_group_in = C_in // groups
            group = channel // (C_out // groups)
            first = group * per_group_in
            used = list(range(first, first + min(per_group_in, max_channels)))
            if len(used) < per_group_in:
                notes.append(
                    message(
                        "input channels {first}–{last} of {n}: the sum over the other channels "
                        "is left out",
                        first=used[0], last=used[-1], n=per_group_in,
                    )
                )  # fmt: skip
            weight = module.weight.detach()[channel, : len(used)].to("cpu", torch.float64)
            K = weight[None]  # (1, C, kh, kw)
            bias = None
            if module.bias is not None:
                bias = module.bias.detach()[channel : channel + 1].to("cpu", torch.float64)
            kernel_size = tuple(module.kernel_size)
            stride = tuple(module.stride)
            dilation = tuple(module.dilation)
            padding = _conv_padding(module, kernel_size, dilation)
            mode = None
            kind = "conv"
        else:
            if not 0 <= channel < C_in:
                raise ValueError(
                    message("channel must be in 0 … {last}, got {v}.", last=C_in - 1, v=channel)
                )
            if getattr(module, "ceil_mode", False):
                raise ValueError(
                    message(
                        "layer {name!r} uses ceil_mode, which the stepper does not show.", name=name
                    )
                )
            if isinstance(module, nn.MaxPool2d) and _pair(module.dilation) != (1, 1):
                raise ValueError(
                    message(
                        "layer {name!r} is a dilated pooling, which the stepper lacks.", name=name
                    )
                )
            if isinstance(module, nn.AvgPool2d) and not module.count_include_pad:
                notes.append(
                    message("average drawn with the padding counted (count_include_pad=True)")
                )
            used = [channel]
            K = bias = None
            kernel_size = _pair(module.kernel_size)
            stride = _pair(module.stride or module.kernel_size)
            padding = _pair(module.padding)
            dilation = (1, 1)
            mode = "max" if isinstance(module, nn.MaxPool2d) else "avg"
            kind = "pool"
        top, left, h, w = 0, 0, H, W
        if H > max_side or W > max_side:
            h, w = min(H, max_side), min(W, max_side)
            top, left = (H - h) // 2, (W - w) // 2
            notes.append(
                message(
                    "the centre {h}×{w} of the {H}×{W} input (cells near the cut differ from "
                    "the layer's output)",
                    h=h, w=w, H=H, W=W,
                )
            )  # fmt: skip
        X = x_in[used, top : top + h, left : left + w].to(torch.float64)
        return LayerCase(
            kind=kind,
            layer=name,
            op=fm.op,
            channel=channel,
            X=X,
            K=K,
            bias=bias,
            kernel_size=kernel_size,  # type: ignore[arg-type]
            stride=stride,  # type: ignore[arg-type]
            padding=padding,
            dilation=dilation,  # type: ignore[arg-type]
            mode=mode,
            input_channels=tuple(used),
            total_input_channels=C_in if kind == "pool" else C_in // module.groups,
            crop=(top, left, h, w),
            input_size=(H, W),
            notes=notes,
        )


def _pair(v: Any) -> tuple[int, int]:
    if isinstance(v, Iterable):
        items = tuple(v)
        a, b = items[:2] if len(items) > 1 else (items[0], items[0])
        return (int(a), int(b))
    return (int(v), int(v))


def _conv_padding(
    conv: nn.Conv2d, kernel_size: tuple[int, ...], dilation: tuple[int, ...]
) -> tuple[int, int]:
    """The numeric (ph, pw) of a convolution ('valid' is 0; 'same' needs symmetric padding)."""
    p = conv.padding
    if p == "valid":
        return (0, 0)
    if p == "same":
        total = [d * (k - 1) for k, d in zip(kernel_size, dilation)]
        if any(t % 2 for t in total):
            raise ValueError(
                message("padding='same' with an even kernel pads unevenly; not shown.")
            )
        return (total[0] // 2, total[1] // 2)
    return _pair(p)
