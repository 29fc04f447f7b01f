"""Structure inference: what a network does to the shape of its input, layer by layer.

:func:`layer_graph` turns any ``nn.Module`` and input shape into a :class:`LayerGraph`: the
real data flow (Inception's four branches and their concatenation, Residual's shortcut and
addition, DenseNet's concatenations), each layer's hyper-parameters, input and output shapes,
parameter count, multiply-accumulates and, for convolution and pooling, the output-size
formula with the numbers filled in.

How: ``torch.fx`` traces the forward pass into a graph; an ``fx.Interpreter`` runs it on the
*meta* device (shapes without arithmetic) and records every node; MACs come from
``torch.utils.flop_counter``'s formulas. Models that fx cannot trace (data-dependent control
flow) fall back to forward hooks on the leaf modules, which still give shapes and data flow
between modules but not between functional calls.

>>> g = layer_graph_for("lenet")
>>> g.nodes[1].formula
'⌊(28 + 2·2 − 5)/1⌋ + 1 = 28'
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import operator
import os
import sysconfig
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import fx, nn
from torch.utils import flop_counter

__all__ = [
    "Block",
    "LayerGraph",
    "LayerNode",
    "ShapeError",
    "SummaryRow",
    "kind_of",
    "layer_graph",
    "layer_graph_for",
    "output_size_formula",
    "run_with_leaf_hooks",
]

Shape = tuple[int, ...]


class ShapeError(ValueError):
    """The input does not fit the network (too small, wrong channels, …); the message says where."""


# --------------------------------------------------------------------------- kinds

#: layer kind by lower-cased type name (module class name or function/method name)
_KINDS: dict[str, str] = {}
for _kind, _names in {
    "conv": "conv1d conv2d conv3d convtranspose1d convtranspose2d convtranspose3d lazyconv2d",
    "pool": "maxpool1d maxpool2d maxpool3d avgpool1d avgpool2d avgpool3d adaptiveavgpool1d "
    "adaptiveavgpool2d adaptivemaxpool2d max_pool2d avg_pool2d adaptive_avg_pool2d "
    "adaptive_max_pool2d lppool2d",
    "norm": "batchnorm batchnorm1d batchnorm2d batchnorm3d layernorm groupnorm instancenorm2d "
    "localresponsenorm layernorm2d batch_norm layer_norm",
    "activation": "relu relu6 sigmoid tanh gelu silu leakyrelu elu selu hardswish hardsigmoid "
    "softmax log_softmax logsoftmax mish prelu hardtanh leaky_relu relu_ sigmoid_ softplus",
    "linear": "linear bilinear lazylinear matmul",
    "merge": "cat concat concatenate add iadd add_ mul imul sub stack",
    "reshape": "flatten view reshape unflatten permute transpose squeeze unsqueeze contiguous "
    "identity",
    "dropout": "dropout dropout2d alphadropout dropout1d",
}.items():
    for _n in _names.split():
        _KINDS[_n] = _kind

#: the kinds a view colours, in legend order
KINDS: tuple[str, ...] = (
    "input", "conv", "pool", "norm", "activation", "linear", "merge", "reshape", "dropout", "other"
)  # fmt: skip


def kind_of(type_name: str) -> str:
    """Category of a layer type (``"Conv2d"`` → ``"conv"``, ``"cat"`` → ``"merge"``)."""
    return _KINDS.get(type_name.lower(), "other")


# --------------------------------------------------------------------------- data


@dataclass
class LayerNode:
    """One operation in the data flow."""

    index: int
    name: str  # qualified module name ("3.1.p2_2"), or "<block>.<fx name>" for functions
    op: str  # layer type: "Conv2d", "ReLU", "relu", "cat", "add", "Input"
    kind: str  # one of KINDS
    blocks: tuple[str, ...]  # enclosing blocks (module names), outermost first
    hparams: dict[str, Any]  # kernel_size, stride, padding, channels, …
    input_shapes: list[Shape]
    output_shape: Shape
    params: int  # parameters owned by this layer
    macs: int  # multiply-accumulates for one forward pass of this input
    formula: str = ""  # output-size formula with numbers, for convolution and pooling


@dataclass
class Block:
    """A module that contains other layers (a VGG block, an Inception, a ResNet stage…)."""

    name: str  # qualified module name
    type: str  # class name ("Inception", "VGGBlock", "Sequential")
    base_type: str  # the book's name for it: "Sequential" for every Sequential subclass
    parent: str | None
    depth: int  # 1 for a direct child of the model
    nodes: list[int] = field(default_factory=list)  # indices of the layers inside, in order
    params: int = 0
    macs: int = 0
    output_shape: Shape = ()


@dataclass
class SummaryRow:
    """One row of a summary at a given depth: a layer, or a block folded into one row."""

    name: str
    type: str
    output_shape: Shape
    params: int
    macs: int
    depth: int  # 1 for the model's direct children
    is_block: bool
    open: bool = False  # a block whose inner rows follow
    base_type: str = ""  # the book's name for a block ("Sequential"), else ""


@dataclass
class LayerGraph:
    """The layers of a network on one input shape, and the edges of its data flow."""

    model_name: str
    input_shape: Shape
    nodes: list[LayerNode]
    edges: list[tuple[int, int]]  # (producer index, consumer index)
    blocks: dict[str, Block]
    total_params: int  # sum(p.numel()) over the whole model
    traced: bool  # True: torch.fx data flow; False: forward-hook fallback

    @property
    def total_macs(self) -> int:
        return sum(n.macs for n in self.nodes)

    @property
    def output_shape(self) -> Shape:
        return self.nodes[-1].output_shape

    def node(self, name: str) -> LayerNode:
        """The node called ``name``; ``KeyError`` if there is none."""
        for n in self.nodes:
            if n.name == name:
                return n
        raise KeyError(name)

    def predecessors(self, index: int) -> list[int]:
        return [a for a, b in self.edges if b == index]

    def successors(self, index: int) -> list[int]:
        return [b for a, b in self.edges if a == index]

    def max_depth(self) -> int:
        return max((b.depth for b in self.blocks.values()), default=0)

    def summary(self, depth: int = 1) -> list[SummaryRow]:
        """Rows of the network as a tree cut at ``depth``.

        ``depth=1`` lists the model's top-level children, each block folded into one row (what
        the book prints). A larger depth opens the blocks above that depth: an open block is a
        row with ``open=True`` followed by the rows inside it. The input is not a row.
        """
        depth = max(depth, 1)
        rows: list[SummaryRow] = []
        seen: set[str] = set()
        for n in self.nodes[1:]:
            for qual in n.blocks[: depth - 1]:  # blocks shown open, as headers
                if qual not in seen:
                    seen.add(qual)
                    rows.append(self._block_row(self.blocks[qual], open_=True))
            if len(n.blocks) >= depth:
                qual = n.blocks[depth - 1]
                if qual not in seen:
                    seen.add(qual)
                    rows.append(self._block_row(self.blocks[qual], open_=False))
            else:
                rows.append(
                    SummaryRow(
                        n.name,
                        n.op,
                        n.output_shape,
                        n.params,
                        n.macs,
                        len(n.blocks) + 1,
                        is_block=False,
                    )
                )
        return rows

    @staticmethod
    def _block_row(b: Block, open_: bool) -> SummaryRow:
        return SummaryRow(
            b.name,
            b.type,
            b.output_shape,
            b.params,
            b.macs,
            b.depth,
            is_block=True,
            open=open_,
            base_type=b.base_type,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data (lists, dicts, numbers, strings) for JSON."""
        return {
            "model": self.model_name,
            "input_shape": list(self.input_shape),
            "output_shape": list(self.output_shape),
            "total_params": self.total_params,
            "total_macs": self.total_macs,
            "traced": self.traced,
            "nodes": [_jsonable(dataclasses.asdict(n)) for n in self.nodes],
            "edges": [list(e) for e in self.edges],
            "blocks": [_jsonable(dataclasses.asdict(b)) for b in self.blocks.values()],
        }


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (int, float, str, bool)) or obj is None:
        return obj
    return str(obj)


# --------------------------------------------------------------------------- formulas


def _pair(v: Any) -> tuple[Any, Any]:
    if isinstance(v, (tuple, list)):
        return (v[0], v[1]) if len(v) > 1 else (v[0], v[0])
    return (v, v)


def _one_size(n: int, k: int, s: int, p: int, d: int, ceil: bool) -> tuple[str, int]:
    inner = f"{n} + 2·{p} − {k}" if d == 1 else f"{n} + 2·{p} − {d}·({k} − 1) − 1"
    num = n + 2 * p - d * (k - 1) - 1
    out = (math.ceil(num / s) if ceil else num // s) + 1
    lb, rb = ("⌈", "⌉") if ceil else ("⌊", "⌋")
    return f"{lb}({inner})/{s}{rb} + 1 = {out}", out


def output_size_formula(
    size: Sequence[int],
    kernel_size: Any,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    ceil_mode: bool = False,
) -> tuple[str, tuple[int, int]]:
    """The output-size formula of a 2-D convolution or pooling, with the numbers in it.

    ``size`` is the input (H, W); the others are ints or pairs. Returns the text, e.g.
    ``"⌊(28 + 2·2 − 5)/1⌋ + 1 = 28"`` (one line when height and width agree, else
    ``"H: …; W: …"``) and the output (H, W), which may be < 1 for an input that is too small.
    """
    args = [_pair(v) for v in (kernel_size, stride, padding, dilation)]
    parts = [
        _one_size(size[i], args[0][i], args[1][i], args[2][i], args[3][i], ceil_mode)
        for i in range(2)
    ]
    out = (parts[0][1], parts[1][1])
    if parts[0][0] == parts[1][0]:
        return parts[0][0], out
    return f"H: {parts[0][0]};  W: {parts[1][0]}", out


# --------------------------------------------------------------------------- per-layer facts

_HPARAM_ATTRS = (
    "in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups",
    "in_features", "out_features", "num_features", "eps", "momentum", "p", "output_size",
    "start_dim", "end_dim", "ceil_mode", "count_include_pad", "negative_slope", "dim",
)  # fmt: skip

_FUNCTION_POOLS = {"max_pool2d", "avg_pool2d"}


def _module_hparams(m: nn.Module) -> dict[str, Any]:
    hp: dict[str, Any] = {}
    for a in _HPARAM_ATTRS:
        if hasattr(m, a):
            v = getattr(m, a)
            if isinstance(v, (int, float, str, bool, tuple, list)) or v is None:
                hp[a] = tuple(v) if isinstance(v, list) else v
    if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Conv3d, nn.Linear)):
        hp["bias"] = m.bias is not None
    return hp


def _function_hparams(fn: Any, args: tuple, kwargs: dict) -> dict[str, Any]:
    """Keyword view of a functional call's non-tensor arguments (``F.max_pool2d(x, 3, 2)``)."""
    try:
        bound = inspect.signature(fn).bind(*args, **kwargs)
        items = bound.arguments.items()
    except (TypeError, ValueError):
        items = ((f"arg{i}", a) for i, a in enumerate(args))
    hp: dict[str, Any] = {}
    for k, v in items:
        if isinstance(v, (int, float, str, bool)) or (
            isinstance(v, (tuple, list)) and all(isinstance(e, (int, float)) for e in v)
        ):
            hp[k] = tuple(v) if isinstance(v, list) else v
    for k, v in kwargs.items():
        if isinstance(v, (int, float, str, bool)):
            hp[k] = v
    return hp


def _formula(kind: str, op: str, hp: dict[str, Any], in_shape: Shape | None) -> tuple[str, Any]:
    """(formula text, predicted (H, W)) for 2-D conv/pool layers; ("", None) otherwise."""
    if in_shape is None or len(in_shape) != 4 or "kernel_size" not in hp:
        return "", None
    if kind not in ("conv", "pool") or "adaptive" in op.lower():
        return "", None
    padding = hp.get("padding", 0)
    if isinstance(padding, str):  # Conv2d(padding="same"/"valid")
        return f"padding='{padding}'", None
    stride = hp.get("stride") or hp["kernel_size"]  # pooling: stride defaults to the kernel
    return output_size_formula(
        in_shape[2:],
        hp["kernel_size"],
        stride,
        padding,
        hp.get("dilation", 1),
        bool(hp.get("ceil_mode", False)),
    )


def _macs(m: nn.Module | None, op: str, in_shapes: list[Shape], out: Shape | None) -> int:
    """Multiply-accumulates of one call, from torch's own FLOP formulas (FLOPs = 2·MACs)."""
    if out is None or m is None:
        return 0
    if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Conv3d)):
        flops = flop_counter.conv_flop_count(list(in_shapes[0]), list(m.weight.shape), list(out))
        return flops // 2
    if isinstance(m, (nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d)):
        flops = flop_counter.conv_flop_count(
            list(in_shapes[0]), list(m.weight.shape), list(out), transposed=True
        )
        return flops // 2
    if isinstance(m, nn.Linear):
        rows = math.prod(out[:-1])  # every leading dimension is a batch of rows
        flops = flop_counter.mm_flop([rows, m.in_features], [m.in_features, m.out_features])
        return flops // 2
    return 0


def _shape(v: Any) -> Shape | None:
    return tuple(v.shape) if isinstance(v, torch.Tensor) else None


def _op_name(n: fx.Node) -> str:
    if n.op == "call_function":
        name = getattr(n.target, "__name__", str(n.target))
        return {"iadd": "add", "imul": "mul"}.get(name, name)
    return str(n.target)


def _too_small(name: str, op: str, formula: str, hw: tuple[int, int], in_shape: Shape) -> str:
    return (
        f"the input is too small for this network: at layer '{name}' ({op}) the input is "
        f"{in_shape[2]}×{in_shape[3]} and the output would be {hw[0]}×{hw[1]} ({formula}); "
        "use a larger input size"
    )


# --------------------------------------------------------------------------- a failing forward

#: folders whose frames are not the user's code: torch, cnnviz's own modules, Python's library
_NOT_USER_DIRS = tuple(
    str(p) + os.sep
    for p in {
        Path(torch.__file__).resolve().parent,
        Path(__file__).resolve().parent,  # cnnviz/core
        Path(__file__).resolve().parent.parent / "gui",
        *(Path(sysconfig.get_paths()[k]).resolve() for k in ("stdlib", "purelib", "platlib")),
    }
)


def _is_user_file(filename: str) -> bool:
    if filename.startswith("<"):  # code fx generated, <string>, <frozen …>
        return False
    try:
        resolved = str(Path(filename).resolve())
    except (OSError, RuntimeError, ValueError):
        return False
    return not resolved.startswith(_NOT_USER_DIRS)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _forward_error(exc: Exception, failed_on: str) -> ShapeError | None:
    """A readable :class:`ShapeError` for an exception out of the model's forward, or None.

    Raised by the user's own code (the innermost frame is in their file): "your model's forward
    raised KeyError: 'x' (my_net.py, line 12)". Raised by torch (a shape that does not fit):
    "<failed_on>: <torch's first line>", with the user's line when there is one. None for an
    exception neither explains (the caller re-raises it).
    """
    frames = traceback.extract_tb(exc.__traceback__)
    user = [f for f in frames if _is_user_file(f.filename)]
    where = f" ({Path(user[-1].filename).name}, line {user[-1].lineno})" if user else ""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    described = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    if "Proxy(" in text:  # fx's placeholder, kept by a forward that stores state on the model
        described = f"{type(exc).__name__} on a value it stored while torch.fx traced it"
    if user and frames[-1] is user[-1]:
        return ShapeError(f"your model's forward raised {described}{where}")
    if isinstance(exc, (RuntimeError, ValueError, IndexError, TypeError)):
        return ShapeError(f"{failed_on}: {_first_line(exc)}{where}")
    if user:
        return ShapeError(f"your model's forward raised {described}{where}")
    return None


# --------------------------------------------------------------------------- tracing


_ELEMENTWISE_KINDS = ("activation", "dropout", "norm")  # output shape == input shape
_BROADCASTING = {operator.add, operator.iadd, operator.mul, operator.imul, operator.sub,
                 torch.add, torch.mul}  # fmt: skip


def _meta_shape(op: Any, args: tuple, kwargs: dict | None = None) -> tuple[int, ...] | None:
    """Output shape of the commonest layers on meta tensors, or None to let torch run them.

    On the meta device torch computes shapes without arithmetic, but the first call of many meta
    kernels imports sympy or torch._dynamo (0.3–1 s, once per process). The layers of the zoo
    are answered here from their definitions instead; tests check every zoo graph against a
    real forward pass. Raises ``RuntimeError`` (like torch) when the channels don't match.
    """
    x = args[0] if args else None
    if (
        op is torch.cat
        and isinstance(x, (tuple, list))
        and all(isinstance(t, torch.Tensor) and t.is_meta for t in x)
    ):
        dim = (kwargs or {}).get("dim", args[1] if len(args) > 1 else 0)
        first = list(x[0].shape)
        for t in x[1:]:
            if t.dim() != len(first) or any(
                a != b for i, (a, b) in enumerate(zip(t.shape, first)) if i != dim % len(first)
            ):
                raise RuntimeError(f"torch.cat: sizes {[tuple(t.shape) for t in x]} do not match")
        first[dim] = sum(t.shape[dim] for t in x)
        return tuple(first)
    if not (isinstance(x, torch.Tensor) and x.is_meta):
        return None
    if op in _BROADCASTING and not kwargs:
        y = args[1] if len(args) > 1 else None
        return tuple(
            torch.broadcast_shapes(x.shape, y.shape if isinstance(y, torch.Tensor) else ())
        )
    if not isinstance(op, nn.Module):
        return (
            tuple(x.shape) if kind_of(getattr(op, "__name__", "")) in _ELEMENTWISE_KINDS else None
        )
    channels = getattr(op, "in_channels", None) or getattr(op, "num_features", None)
    if isinstance(channels, int) and (x.dim() < 2 or x.shape[1] != channels):
        raise RuntimeError(f"expected input with {channels} channels, got shape {tuple(x.shape)}")
    if isinstance(op, nn.Linear):
        if x.shape[-1] != op.in_features:
            raise RuntimeError(
                f"expected {op.in_features} input features, got {x.shape[-1]} "
                f"(input shape {tuple(x.shape)})"
            )
        return (*x.shape[:-1], op.out_features)
    if kind_of(type(op).__name__) in _ELEMENTWISE_KINDS:
        return tuple(x.shape)
    if x.dim() != 4:
        return None
    if isinstance(op, (nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)) and not getattr(
        op, "return_indices", False
    ):
        size = [o if o is not None else n for o, n in zip(_pair(op.output_size), x.shape[-2:])]
        return (*x.shape[:-2], *size)
    if isinstance(op, nn.Conv2d) and not isinstance(op.padding, str):
        _, hw = output_size_formula(x.shape[2:], op.kernel_size, op.stride, op.padding, op.dilation)
        return (x.shape[0], op.out_channels, *hw) if min(hw) >= 1 else None
    if isinstance(op, (nn.MaxPool2d, nn.AvgPool2d)) and not getattr(op, "return_indices", False):
        dilation = getattr(op, "dilation", 1)
        _, hw = output_size_formula(
            x.shape[2:],
            op.kernel_size,
            op.stride or op.kernel_size,
            op.padding,
            dilation,
            op.ceil_mode,
        )
        # ceil mode drops a last window that would start in the right padding: let torch decide
        return (*x.shape[:2], *hw) if min(hw) >= 1 and not op.ceil_mode else None
    return None


class _Tracer(fx.Tracer):
    """Treats torch.nn layers and any module without children as one layer."""

    def is_leaf_module(self, m: nn.Module, qualname: str) -> bool:
        return super().is_leaf_module(m, qualname) or not any(True for _ in m.children())


class _Recorder(fx.Interpreter):
    """Runs the traced graph and records a LayerNode for every tensor-valued operation."""

    def __init__(self, gm: fx.GraphModule, input_shape: Shape) -> None:
        super().__init__(gm)
        self.extra_traceback = False  # our errors already name the layer
        self.input_shape = input_shape
        self.nodes: list[LayerNode] = []
        self.index_of: dict[fx.Node, int] = {}
        self.sources: dict[fx.Node, list[int]] = {}  # transparent node → nodes it stands for
        self.edges: list[tuple[int, int]] = []
        self.block_types: dict[str, tuple[str, str]] = {}
        self.seen_modules: set[int] = set()
        self.used_names: set[str] = set()

    def call_module(self, target: Any, args: tuple, kwargs: dict) -> Any:
        shape = _meta_shape(self.fetch_attr(target), args)
        if shape is not None:
            return args[0].new_empty(shape)
        return super().call_module(target, args, kwargs)

    def call_function(self, target: Any, args: tuple, kwargs: dict) -> Any:
        shape = _meta_shape(target, args, kwargs)
        if shape is not None:
            return args[0][0].new_empty(shape) if target is torch.cat else args[0].new_empty(shape)
        return super().call_function(target, args, kwargs)

    def _producers(self, n: fx.Node) -> list[int]:
        out: list[int] = []

        def visit(a: fx.Node) -> fx.Node:
            if a in self.index_of:
                out.append(self.index_of[a])
            else:
                out.extend(self.sources.get(a, []))
            return a

        fx.node.map_arg((n.args, n.kwargs), visit)
        return list(dict.fromkeys(out))

    def run_node(self, n: fx.Node) -> Any:
        if n.op == "placeholder":
            result = super().run_node(n)
            self.index_of[n] = self._add(
                LayerNode(0, "input", "Input", "input", (), {}, [], self.input_shape, 0, 0)
            )
            return result
        if n.op == "output":
            return super().run_node(n)

        stack = list(n.meta.get("nn_module_stack", {}).items())
        module: nn.Module | None = None
        if n.op == "call_module":
            name = str(n.target)
            module = self.fetch_attr(name)
            op = type(module).__name__
            # the stack ends with the called module itself; the rest are its blocks
            stack = [s for s in stack if s[1][0] != name]
        else:
            op = _op_name(n)
            parent = stack[-1][1][0] if stack else ""
            name = f"{parent}.{n.name}" if parent else n.name
        for _key, (qual, cls) in stack:
            cls_name = cls.__name__ if isinstance(cls, type) else str(cls).rsplit(".", 1)[-1]
            is_seq = isinstance(cls, type) and issubclass(cls, nn.Sequential)
            self.block_types.setdefault(qual, (cls_name, "Sequential" if is_seq else cls_name))
        blocks = tuple(qual for _key, (qual, _cls) in stack)

        args, kwargs = self.fetch_args_kwargs_from_env(n)
        in_shapes = [s for s in (_shape(a) for a in _flat(args, kwargs)) if s is not None]
        kind = kind_of(op)
        if module is not None:
            hp = _module_hparams(module)
        elif n.op == "call_function":
            hp = _function_hparams(n.target, args[1:], {})
            if "dim" in kwargs:
                hp["dim"] = kwargs["dim"]
        else:
            hp = {}
        formula, predicted = _formula(kind, op, hp, in_shapes[0] if in_shapes else None)
        if predicted is not None and min(predicted) < 1:
            raise ShapeError(_too_small(name, op, formula, predicted, in_shapes[0]))

        try:
            result = super().run_node(n)
        except ShapeError:
            raise
        except Exception as exc:
            shapes = ", ".join("×".join(map(str, s)) for s in in_shapes) or "no tensor"
            error = _forward_error(exc, f"layer '{name}' ({op}) failed on input {shapes}")
            if error is None:
                raise
            raise error from exc

        out_shape = _shape(result)
        if out_shape is None:
            # not a tensor (a tuple from split, a size…): let consumers see through it
            self.sources[n] = self._producers(n)
            return result

        params = 0
        if module is not None and id(module) not in self.seen_modules:
            self.seen_modules.add(id(module))
            params = sum(p.numel() for p in module.parameters())
        if name in self.used_names:  # a module called twice
            k = 2
            while f"{name}#{k}" in self.used_names:
                k += 1
            name = f"{name}#{k}"
        node = LayerNode(
            index=0,
            name=name,
            op=op,
            kind=kind,
            blocks=blocks,
            hparams=hp,
            input_shapes=in_shapes,
            output_shape=out_shape,
            params=params,
            macs=_macs(module, op, in_shapes, out_shape),
            formula=formula,
        )
        idx = self._add(node)
        for p in self._producers(n):
            self.edges.append((p, idx))
        self.index_of[n] = idx
        return result

    def _add(self, node: LayerNode) -> int:
        node.index = len(self.nodes)
        self.nodes.append(node)
        self.used_names.add(node.name)
        return node.index


def _flat(args: Any, kwargs: dict) -> Iterable[Any]:
    for a in (*args, *kwargs.values()):
        if isinstance(a, (tuple, list)):
            yield from _flat(a, {})
        else:
            yield a


def run_with_leaf_hooks(
    model: nn.Module, x: torch.Tensor, make_hook: Callable[[str], Callable[..., None]]
) -> None:
    """Run ``model(x)`` with ``make_hook(qualified_name)`` as forward hook on every leaf module
    (a module without children); the hooks are removed afterwards, also on error."""
    handles = [
        m.register_forward_hook(make_hook(q))
        for q, m in model.named_modules()
        if q and not any(True for _ in m.children())
    ]
    try:
        model(x)
    finally:
        for h in handles:
            h.remove()


def _hook_graph(model: nn.Module, x: torch.Tensor) -> tuple[list[LayerNode], list, dict]:
    """Fallback for models fx cannot trace: forward hooks on every leaf module."""
    nodes = [LayerNode(0, "input", "Input", "input", (), {}, [], tuple(x.shape), 0, 0)]
    edges: list[tuple[int, int]] = []
    producer: dict[int, int] = {id(x): 0}
    keep: list[torch.Tensor] = [x]  # keeps tensors alive so their ids stay unique
    block_types: dict[str, tuple[str, str]] = {}
    named = dict(model.named_modules())
    for qual, m in named.items():
        if qual and any(True for _ in m.children()):
            is_seq = isinstance(m, nn.Sequential)
            block_types[qual] = (type(m).__name__, "Sequential" if is_seq else type(m).__name__)

    def hook(name: str):
        def record(m: nn.Module, inputs: tuple, output: Any) -> None:
            tensors = [t for t in _flat(inputs, {}) if isinstance(t, torch.Tensor)]
            out = output if isinstance(output, torch.Tensor) else None
            if out is None:
                return
            op = type(m).__name__
            hp = _module_hparams(m)
            in_shapes = [tuple(t.shape) for t in tensors]
            formula, _ = _formula(kind_of(op), op, hp, in_shapes[0] if in_shapes else None)
            parts = name.split(".")
            blocks = tuple(".".join(parts[:i]) for i in range(1, len(parts)))
            idx = len(nodes)
            nodes.append(
                LayerNode(
                    idx,
                    name,
                    op,
                    kind_of(op),
                    blocks,
                    hp,
                    in_shapes,
                    tuple(out.shape),
                    sum(p.numel() for p in m.parameters()),
                    _macs(m, op, in_shapes, tuple(out.shape)),
                    formula,
                )
            )
            srcs = [producer[id(t)] for t in tensors if id(t) in producer] or [idx - 1]
            edges.extend((s, idx) for s in dict.fromkeys(srcs))
            producer[id(out)] = idx
            keep.append(out)

        return record

    run_with_leaf_hooks(model, x, hook)
    return nodes, edges, block_types


def layer_graph(
    model: nn.Module, input_shape: Sequence[int], *, name: str | None = None
) -> LayerGraph:
    """Infer the :class:`LayerGraph` of ``model`` for an input of ``input_shape`` (N, C, H, W).

    The model runs once in eval mode under ``torch.no_grad()`` on the device of its
    parameters; build it on the meta device (``with torch.device("meta"): ...``) to get shapes
    without any arithmetic. Raises :class:`ShapeError` (a ``ValueError``) when the input does
    not fit, naming the layer where it fails, and when the model's forward raises, naming the
    exception and the line of the user's file it came from.
    """
    input_shape = tuple(int(s) for s in input_shape)
    if any(s < 1 for s in input_shape):
        raise ShapeError(f"every input dimension must be at least 1, got {input_shape}")
    first = next(iter(model.parameters()), None)
    device = first.device if first is not None else torch.device("cpu")
    x = torch.zeros(input_shape, device=device)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            try:
                gm = fx.GraphModule(model, _Tracer().trace(model))
            except Exception:
                gm = None
            if gm is not None:
                rec = _Recorder(gm, input_shape)
                rec.run(x)
                nodes, edges, block_types, traced = rec.nodes, rec.edges, rec.block_types, True
            else:
                try:
                    nodes, edges, block_types = _hook_graph(model, x)
                except ShapeError:
                    raise
                except Exception as exc:
                    error = _forward_error(exc, f"the model failed on input {input_shape}")
                    if error is None:
                        raise
                    raise error from exc
                traced = False
    finally:
        model.train(was_training)

    blocks = _collect_blocks(nodes, block_types)
    return LayerGraph(
        model_name=name or type(model).__name__,
        input_shape=input_shape,
        nodes=nodes,
        edges=edges,
        blocks=blocks,
        total_params=sum(p.numel() for p in model.parameters()),
        traced=traced,
    )


def _collect_blocks(
    nodes: list[LayerNode], block_types: dict[str, tuple[str, str]]
) -> dict[str, Block]:
    blocks: dict[str, Block] = {}
    for n in nodes:
        for depth, qual in enumerate(n.blocks, start=1):
            b = blocks.get(qual)
            if b is None:
                cls_name, base = block_types.get(qual, ("Module", "Module"))
                parent = n.blocks[depth - 2] if depth > 1 else None
                b = blocks[qual] = Block(qual, cls_name, base, parent, depth)
            b.nodes.append(n.index)
            b.params += n.params
            b.macs += n.macs
            b.output_shape = n.output_shape
    return blocks


def layer_graph_for(
    name: str,
    input_size: Sequence[int] | None = None,
    *,
    num_classes: int = 10,
    in_channels: int | None = None,
) -> LayerGraph:
    """:class:`LayerGraph` of the zoo network ``name``, built on the meta device (fast).

    ``input_size`` (H, W) overrides the book's input size; ``in_channels`` its channel count.
    """
    from cnnviz.core import models

    info = models.model_info(name)
    _, c, h, w = info.input_shape
    if in_channels is not None:
        c = in_channels
    if input_size is not None:
        h, w = (int(input_size[0]), int(input_size[1]))
    with torch.device("meta"):
        model = models.get_model(name, num_classes=num_classes, in_channels=c)
    return layer_graph(model, (1, c, h, w), name=name)
