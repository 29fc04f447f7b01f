"""The traced path: ``torch.fx`` traces the forward pass and :class:`_Recorder` (an
``fx.Interpreter``) runs it on the meta device, recording a :class:`LayerNode` per operation."""

from __future__ import annotations

import contextlib
import operator
from typing import Any

import torch
from torch import fx, nn
from torch.utils.flop_counter import FlopCounterMode

from cnnviz.core.graph.errors import ShapeError, _forward_error, _too_small
from cnnviz.core.graph.formulas import _formula, _pair, output_size_formula
from cnnviz.core.graph.kinds import kind_of
from cnnviz.core.graph.layer_facts import (
    _flat,
    _function_hparams,
    _macs,
    _module_hparams,
    _shape,
    has_mac_formula,
)
from cnnviz.core.graph.nodes import LayerNode, Shape
from cnnviz.core.messages import message

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


def _op_name(n: fx.Node) -> str:
    if n.op == "call_function":
        name = getattr(n.target, "__name__", str(n.target))
        return {"iadd": "add", "imul": "mul"}.get(name, name)
    return str(n.target)


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
        self.counted: set[int] = set()  # ids of the parameters a node owns already
        self.param_ids = {id(p) for p in gm.parameters()}  # buffers are not parameters
        self.used_names: set[str] = set()
        self.tuple_nodes: set[fx.Node] = set()  # recorded layers that return a tuple (attention)

    def _own(self, params: Any) -> int:
        """The number of the ``params`` not owned by an earlier node; they are now owned."""
        total = 0
        for p in params:
            if id(p) in self.param_ids and id(p) not in self.counted:
                self.counted.add(id(p))
                total += p.numel()
        return total

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
        if n.op == "get_attr":  # a parameter or buffer used in a function: no layer of its own
            self.sources[n] = []
            return super().run_node(n)
        if (
            n.op == "call_function"
            and n.target is operator.getitem
            and isinstance(n.args[0], fx.Node)
            and n.args[0] in self.tuple_nodes
        ):  # attention's output from its (output, weights): the layer itself
            self.sources[n] = [self.index_of[n.args[0]]]
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

        # torch's FLOP counter measures what no formula here knows (attention, matmul, a
        # user's function); entering it the first time costs a second of imports, so the
        # layers whose cost is known (or nil: activations, norms, pooling, reshapes) skip it
        counter = (
            FlopCounterMode(display=False)
            if kind in ("linear", "conv", "other") and not has_mac_formula(module)
            else contextlib.nullcontext()
        )
        try:
            with counter:
                result = super().run_node(n)
        except ShapeError:
            raise
        except Exception as exc:
            shapes = ", ".join("×".join(map(str, s)) for s in in_shapes) or message("no tensor")
            failed_on = message(
                "layer '{name}' ({op}) failed on input {shapes}", name=name, op=op, shapes=shapes
            )
            error = _forward_error(exc, failed_on)
            if error is None:
                raise
            raise error from exc

        out_shape = _shape(result)
        returns_tuple = (
            out_shape is None
            and n.op == "call_module"
            and isinstance(result, (tuple, list))
            and bool(result)
            and isinstance(result[0], torch.Tensor)
        )
        if returns_tuple:  # nn.MultiheadAttention: (output, weights) — the output is the layer's
            out_shape = _shape(result[0])
            self.tuple_nodes.add(n)
        if out_shape is None:
            # not a tensor (a tuple from split, a size…): let consumers see through it
            self.sources[n] = self._producers(n)
            return result

        params = self._own(module.parameters()) if module is not None else 0
        # parameters a function reads through attributes (ConvNeXt's layer scale, Swin's
        # attention weights and position tables, ViT's class token) belong to that function
        for a in n.all_input_nodes:
            if a.op == "get_attr":
                params += self._own([self.fetch_attr(str(a.target))])
        macs = _macs(module, op, in_shapes, out_shape)
        if not macs and isinstance(counter, FlopCounterMode):  # what torch's counter saw
            macs = counter.get_total_flops() // 2
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
            macs=macs,
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
