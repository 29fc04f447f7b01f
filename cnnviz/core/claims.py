"""What a slide says, checked against what the app shows.

A slide's ``claims`` table names what its text states as *probes* of the state the slide
creates, with the value the text gives::

    [slides.claims]
    output = [[19, 25], [37, 43]]       # the lab's output map
    "shape:3" = [6, 14, 14]              # the layer graph: what layer 3 puts out
    "params:densenet@1.net.0" = 18592    # a layer of a zoo network not on screen
    "params:total" = 61706

:func:`check_claims` evaluates every probe in a :class:`ClaimContext` and returns the claims that
do not hold. A context is either built from the slide's keys by the core
(:class:`SlideContext`: the same trace and layer graph the views compute), or by the GUI from the
views on screen, so a test can check the live state too.

:func:`unexplained_numbers` reads a slide's text (in either language) and returns every number
in it that neither a claim's value, the slide's own keys nor its ``given`` list accounts for:
a number a slide states is then always one a test checks. Numbers are read as the text writes
them: ``61.7K`` is 61,700 give or take the last digit, ``200 万`` two million, ``70 %`` 0.7.

>>> from cnnviz.core.lessons import load_lesson
>>> slide = load_lesson("01_cross_correlation").slides[0]
>>> check_claims(slide.state, SlideContext(slide.state))
[]
>>> unexplained_numbers(slide, "zh")
[]

This module belongs to ``cnnviz.core``; it imports torch only when a probe needs a trace or a
graph.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from cnnviz.core import catalog

if TYPE_CHECKING:
    from cnnviz.core.features import FeatureResult
    from cnnviz.core.graph import LayerGraph
    from cnnviz.core.stepper import ConvTrace, PoolTrace

__all__ = [
    "PROBES",
    "ClaimContext",
    "SlideContext",
    "check_claims",
    "numbers_in",
    "probe_names",
    "unexplained_numbers",
]


class ClaimContext(Protocol):
    """Where probes read the state: the lab's trace and the layer graph of a network."""

    def lab_trace(self) -> ConvTrace | PoolTrace:
        """The trace the lab shows (conv or pool)."""
        ...

    def lab_step(self) -> int:
        """The output element the lab's stepper is on."""
        ...

    def graph(self) -> LayerGraph:
        """The layer graph the architecture view shows."""
        ...

    def features(self) -> FeatureResult:
        """The feature maps the lab shows."""
        ...


# --------------------------------------------------------------------------- probes


@dataclass(frozen=True)
class Probe:
    """A named reading of the state; ``arg`` probes take ``name:ARG`` (a layer, a network)."""

    name: str
    read: Callable[[ClaimContext, str | None], Any]
    arg: bool = False
    about: str = ""


def _output(ctx: ClaimContext, _arg: str | None) -> Any:
    out = ctx.lab_trace().output  # (C, OH, OW)
    return (out[0] if out.shape[0] == 1 else out).tolist()


def _output_channel(ctx: ClaimContext, arg: str | None) -> Any:
    return ctx.lab_trace().output[int(arg or 0)].tolist()


def _output_shape(ctx: ClaimContext, _arg: str | None) -> list[int]:
    return list(ctx.lab_trace().output.shape)


def _input_shape(ctx: ClaimContext, _arg: str | None) -> list[int]:
    t = ctx.lab_trace()
    return list(t.input.shape)


def _value(ctx: ClaimContext, _arg: str | None) -> float:
    return float(ctx.lab_trace().output.reshape(-1)[ctx.lab_step()])


def _input(ctx: ClaimContext, _arg: str | None) -> Any:
    x = ctx.lab_trace().input  # (C, H, W)
    return (x[0] if x.shape[0] == 1 else x).tolist()


def _learned(ctx: ClaimContext, arg: str | None) -> Any:
    """The book's experiment as the Learn mode runs it: 10 steps at lr 0.03 from the edge
    kernel's output; the learned kernel rounded to ``arg`` decimals (default 0)."""
    from cnnviz.core import ops

    X = ops.stripe_image()
    Y = ops.corr2d(X, ops.edge_kernel())
    *_, (_step, _loss, kernel) = ops.learn_kernel(X, Y)
    return [[round(float(v), int(arg or 0)) for v in row] for row in kernel.tolist()]


def _step(ctx: ClaimContext, _arg: str | None) -> list[int]:
    """The step's output element (channel, row, column) and its window's top-left cell in
    the padded input (row, column)."""
    step = ctx.lab_trace().steps[ctx.lab_step()]
    return [*step.out_index, step.rows[0], step.cols[0]]


def _kernel_size(ctx: ClaimContext, _arg: str | None) -> list[int]:
    return list(ctx.lab_trace().kernel_size)


def _kernel(ctx: ClaimContext, _arg: str | None) -> Any:
    t = ctx.lab_trace()
    k = getattr(t, "kernel", None)
    if k is None:
        raise ValueError("the lab shows pooling, which has no kernel")
    return k.tolist()


def _graph_of(ctx: ClaimContext, arg: str | None) -> tuple[LayerGraph, str]:
    """The graph a layer argument names (``"densenet@1.net.0"``: that zoo network's, else the
    one on screen) and the layer's name."""
    arg = str(arg)
    if "@" in arg:
        network, _, name = arg.partition("@")
        return _zoo_graph(network), name
    return ctx.graph(), arg


def _node_or_block(g: LayerGraph, name: str) -> tuple[tuple[int, ...], int, int]:
    """(output shape without the batch, parameters, MACs) of a layer or a block."""
    if name in g.blocks:
        b = g.blocks[name]
        return tuple(b.output_shape[1:]), b.params, b.macs
    n = g.node(name)
    return tuple(n.output_shape[1:]), n.params, n.macs


def _shape(ctx: ClaimContext, arg: str | None) -> list[int]:
    g, name = _graph_of(ctx, arg)
    return list(g.input_shape[1:] if name == "input" else _node_or_block(g, name)[0])


def _channels(ctx: ClaimContext, arg: str | None) -> int:
    return _shape(ctx, arg)[0]


def _params(ctx: ClaimContext, arg: str | None) -> int:
    g, name = _graph_of(ctx, arg)
    return g.total_params if name in ("None", "total") else _node_or_block(g, name)[1]


def _macs(ctx: ClaimContext, arg: str | None) -> int:
    g, name = _graph_of(ctx, arg)
    return g.total_macs if name in ("None", "total") else _node_or_block(g, name)[2]


def _blocks(ctx: ClaimContext, arg: str | None) -> int:
    """How many blocks of a type (its class name, such as ``TransitionBlock``) a graph has."""
    g, kind = _graph_of(ctx, arg)
    return sum(1 for b in g.blocks.values() if b.type == kind)


def _hparams(ctx: ClaimContext, arg: str | None) -> list[int]:
    """A conv or pooling layer's kernel size, stride and padding, flattened."""
    g, name = _graph_of(ctx, arg)
    hp = g.node(name).hparams
    out: list[int] = []
    for key in ("kernel_size", "stride", "padding"):
        v = hp.get(key)
        if v is None:
            continue
        out.extend(v if isinstance(v, (tuple, list)) else (v, v))
    return out


def _field(ctx: ClaimContext, arg: str | None) -> list[int]:
    from cnnviz.core.receptive import receptive_field_of

    f = receptive_field_of(*_graph_of(ctx, arg))
    return list(f.size)


def _jump(ctx: ClaimContext, arg: str | None) -> list[int]:
    from cnnviz.core.receptive import receptive_field_of

    f = receptive_field_of(*_graph_of(ctx, arg))
    return list(f.jump)


def _bn_stats(ctx: ClaimContext, arg: str | None, which: int) -> list[float]:
    fm = next((m for m in ctx.features().maps if m.name == arg), None)
    if fm is None or fm.channel_stats is None:
        raise ValueError(f"the feature maps have no batch-norm layer {arg!r}")
    values = [round(t[which], 2) + 0.0 for t in fm.channel_stats]
    return [min(values), max(values)]


@functools.cache
def _zoo_graph(name: str) -> LayerGraph:
    from cnnviz.core.graph import layer_graph_for

    return layer_graph_for(name)


def _network_params(_ctx: ClaimContext, arg: str | None) -> int:
    return _zoo_graph(str(arg)).total_params


def _network_macs(_ctx: ClaimContext, arg: str | None) -> int:
    return _zoo_graph(str(arg)).total_macs


#: the layers a ``layer`` probe may build: the ones slides compare a network's layers with
_LAYERS = ("Conv2d", "Linear")


def _layer(_ctx: ClaimContext, arg: str | None) -> list[int]:
    """[parameters, multiply-accumulates] of one standalone torch layer, such as
    ``Conv2d(192, 32, 5, padding=2)@12`` (on a 12×12 input) or ``Linear(784, 4704, bias=False)``:
    what a slide says a layer *would* cost, computed by the graph engine on a real module. The
    text is parsed, never evaluated: a layer name and literal arguments.
    """
    import ast

    import torch

    from cnnviz.core.graph import layer_graph

    call_text, _, side = str(arg).partition("@")
    try:
        call = ast.parse(call_text.strip(), mode="eval").body
    except SyntaxError as exc:
        raise ValueError(f"{call_text!r} is not a layer such as Conv2d(3, 6, 5)") from exc
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
        raise ValueError(f"{call_text!r} is not a layer such as Conv2d(3, 6, 5)")
    if call.func.id not in _LAYERS:
        raise ValueError(f"{call.func.id!r} is not one of {', '.join(_LAYERS)}")
    args = [ast.literal_eval(a) for a in call.args]
    kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}
    module = getattr(torch.nn, call.func.id)(*args, **kwargs)
    if call.func.id == "Linear":
        shape: tuple[int, ...] = (1, module.in_features)
    else:
        h = int(side or 1)
        shape = (1, module.in_channels, h, h)
    g = layer_graph(torch.nn.Sequential(module), shape)  # a leaf of its own, as in a network
    return [g.total_params, g.total_macs]


def _year(_ctx: ClaimContext, arg: str | None) -> int:
    return catalog.NETWORKS[str(arg)].year


def _recipe(_ctx: ClaimContext, arg: str | None) -> list[float]:
    r = catalog.NETWORKS[str(arg)].recipe
    return [r.lr, r.epochs, r.batch_size]


PROBES: dict[str, Probe] = {
    p.name: p
    for p in (
        Probe("output", _output, about="the lab's output (one channel: a matrix)"),
        Probe("output_channel", _output_channel, True, "one output channel of the lab"),
        Probe("output_shape", _output_shape, about="the lab's output shape (C, H, W)"),
        Probe("input_shape", _input_shape, about="the lab's input shape (C, H, W)"),
        Probe("input", _input, about="the lab's input (one channel: a matrix)"),
        Probe("learned_kernel", _learned, True, "the Learn mode's kernel after 10 steps"),
        Probe("value", _value, about="the output number of the lab's step"),
        Probe("step", _step, about="the step: output (c, i, j), window top-left (row, col)"),
        Probe("kernel_size", _kernel_size, about="the lab's kernel or window size (kh, kw)"),
        Probe("kernel", _kernel, about="the kernels the lab uses (C_out, C_in, kh, kw)"),
        Probe("shape", _shape, True, "a layer's or block's output shape, without the batch"),
        Probe("channels", _channels, True, "a layer's or block's output channels"),
        Probe("params", _params, True, "parameters of a layer, a block or the total"),
        Probe("macs", _macs, True, "multiply-accumulates of a layer, a block or the total"),
        Probe("blocks", _blocks, True, "how many blocks of a type (a class name) a graph has"),
        Probe("hparams", _hparams, True, "a layer's kernel size, stride and padding"),
        Probe("field", _field, True, "a layer's receptive field (height, width)"),
        Probe("jump", _jump, True, "a layer's jump on the input (height, width)"),
        Probe(
            "bn_mean",
            lambda c, a: _bn_stats(c, a, 0),
            True,
            "a batch-norm layer's channel means in the feature maps, [lowest, highest]",
        ),
        Probe(
            "bn_std",
            lambda c, a: _bn_stats(c, a, 1),
            True,
            "a batch-norm layer's channel standard deviations, [lowest, highest]",
        ),
        Probe("network_params", _network_params, True, "a zoo network's parameters"),
        Probe("network_macs", _network_macs, True, "a zoo network's multiply-accumulates"),
        Probe("layer", _layer, True, "[parameters, MACs] of a standalone Conv2d or Linear"),
        Probe("year", _year, True, "the year a zoo network was published"),
        Probe("recipe", _recipe, True, "a zoo network's recipe: lr, epochs, batch size"),
    )
}


def probe_names() -> tuple[str, ...]:
    return tuple(PROBES)


def split_probe(key: str) -> tuple[Probe, str | None]:
    """The probe of a claim key (``"shape:3"`` → the shape probe and ``"3"``); ValueError if
    the probe is unknown or its argument missing or unexpected."""
    name, _, arg = key.partition(":")
    probe = PROBES.get(name)
    if probe is None:
        raise ValueError(f"{name!r} is not a probe (one of {', '.join(PROBES)})")
    if probe.arg and not arg and name not in ("params", "macs", "output_channel", "learned_kernel"):
        raise ValueError(f"the probe {name!r} needs an argument: {name}:NAME")
    if not probe.arg and arg:
        raise ValueError(f"the probe {name!r} takes no argument")
    return probe, arg or None


# --------------------------------------------------------------------------- comparing


def _flat(v: Any) -> Iterable[float]:
    if isinstance(v, bool):
        return
    if isinstance(v, (int, float)):
        yield float(v)
    elif isinstance(v, (list, tuple)):
        for x in v:
            yield from _flat(x)
    elif isinstance(v, dict):
        for x in v.values():
            yield from _flat(x)


def _same(expected: Any, actual: Any, rel: float = 1e-6) -> bool:
    if isinstance(expected, (list, tuple)) or isinstance(actual, (list, tuple)):
        if not (isinstance(expected, (list, tuple)) and isinstance(actual, (list, tuple))):
            return False
        return len(expected) == len(actual) and all(
            _same(e, a, rel) for e, a in zip(expected, actual, strict=True)
        )
    if isinstance(expected, str) or isinstance(actual, str):
        return expected == actual
    return math.isclose(float(expected), float(actual), rel_tol=rel, abs_tol=1e-9)


def check_claims(state: dict[str, Any], ctx: ClaimContext) -> list[str]:
    """Every claim of a slide's ``state`` that ``ctx`` contradicts, as a sentence."""
    problems = []
    for key, expected in (state.get("claims") or {}).items():
        probe, arg = split_probe(key)
        try:
            actual = probe.read(ctx, arg)
        except (KeyError, ValueError, IndexError, TypeError) as exc:
            problems.append(f"{key}: cannot be read ({exc})")
            continue
        if not _same(expected, actual):
            problems.append(f"{key}: the slide says {expected!r}, the app shows {actual!r}")
    return problems


# --------------------------------------------------------------------------- the slide's keys


class SlideContext:
    """The state a slide creates, computed by the core as the views compute it.

    ``network`` is the network on screen when the slide names none (an earlier slide's).
    """

    def __init__(self, state: dict[str, Any], network: str | None = None) -> None:
        self.state = state
        self.network = state.get("network", network)

    @functools.cached_property
    def _trace(self) -> ConvTrace | PoolTrace:
        import numpy as np
        import torch

        from cnnviz.core import samples
        from cnnviz.core.lab_state import LabState, stacked_bank
        from cnnviz.core.stepper import conv2d_trace, pool2d_trace

        s = LabState.from_slide(self.state)
        source = samples.load_sample(s.input or "book_3x3")
        channels = self.state.get("in_channels", min(source.shape[0], 3))
        X = samples.adapt_channels(source.to(torch.float64), channels)
        mode = self.state.get("lab_mode", "conv")
        op = s.through if mode == "backward" else ("pool" if mode == "pool" else "conv")
        if op == "pool":
            assert s.kernel_size is not None
            return pool2d_trace(X, s.kernel_size, stride=s.stride, padding=s.padding, mode=s.pool)
        if isinstance(s.kernel, str):
            preset = samples.get_kernel_preset(s.kernel).tensor()
            bank = samples.kernel_bank(preset, s.out_channels, channels)
        else:
            bank = torch.from_numpy(
                np.ascontiguousarray(stacked_bank(s.kernel)[: s.out_channels, :channels])
            )
        bias = None
        if s.bias is not None:
            bias = torch.full((s.out_channels,), float(s.bias), dtype=torch.float64)
        return conv2d_trace(X, bank, bias, stride=s.stride, padding=s.padding, dilation=s.dilation)

    def lab_trace(self) -> ConvTrace | PoolTrace:
        return self._trace

    def lab_step(self) -> int:
        step = self.state.get("step", 0)
        n = self._trace.output.numel()
        return n - 1 if step == "end" else min(int(step), n - 1)

    @functools.cached_property
    def _features(self) -> FeatureResult:
        from cnnviz.core import samples
        from cnnviz.core.features import feature_extractor

        if self.network is None:
            raise ValueError("the slide shows no network")
        image = samples.load_sample(self.state.get("input", "fashion_ankle_boot"))
        mode = self.state.get("bn_mode", "eval")
        return feature_extractor(self.network).run(image, batch_norm=mode)

    def features(self) -> FeatureResult:
        return self._features

    def graph(self) -> LayerGraph:
        if self.network is None:
            raise ValueError("the slide shows no network")
        return _zoo_graph(self.network)


# --------------------------------------------------------------------------- numbers in text

_SCALES = {"K": 1e3, "k": 1e3, "M": 1e6, "G": 1e9, "万": 1e4, "亿": 1e8, "%": 0.01}
_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
#: names with digits in them that are not numbers a slide states
_NAMES = re.compile(
    r"LeNet-5|VGG-\d+|ResNet-\d+|DenseNet-\d+|CIFAR-10|Inception v\d|d2l|BatchNorm2d|"
    r"Conv2d|MaxPool2d|AvgPool2d|AdaptiveAvgPool2d|BatchNorm1d|[A-Za-z_]+\d+[A-Za-z_\d]*"
)
_NUMBER = re.compile(
    r"(?P<sign>[−-])?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>[KkMG万亿%])(?![A-Za-z])|\s(?P<word>thousand|million|billion)\b)?"
)


@dataclass(frozen=True)
class Number:
    """A number as a text writes it."""

    text: str
    value: float  # the number as read, before the scale
    decimals: int
    scale: float

    def matches(self, x: float) -> bool:
        """Whether ``x`` would be written as this number (rounded to its digits)."""
        if self.scale != 1.0 and self.scale != 0.01:
            # 61.7K, 2 million, 200 万: the last digit shown, or 1 % for round figures
            y = x / self.scale
            return round(y, self.decimals) == self.value or abs(y - self.value) <= 0.01 * abs(
                self.value
            )
        y = x / self.scale
        return round(y, self.decimals) == self.value


def numbers_in(text: str) -> list[Number]:
    """The numbers of ``text``: digits in names (VGG-11, conv3, d2l) are not numbers."""
    text = _NAMES.sub(" ", text)
    found = []
    for m in _NUMBER.finditer(text):
        raw = m.group("num")
        value = float(raw.replace(",", ""))
        if m.group("sign"):
            value = -value
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        scale = _SCALES.get(m.group("scale") or "", 1.0)
        if m.group("word"):
            scale = _WORDS[m.group("word")]
        found.append(Number(m.group(0), value, decimals, scale))
    return found


_TEXT_KEYS = ("title", "title_zh", "text", "text_zh", "claims", "given")


def _accounted(state: dict[str, Any]) -> list[float]:
    """The numbers a slide's keys account for: claims, given numbers and its own settings."""
    values = list(_flat(state.get("claims") or {}))
    values += list(_flat(state.get("given") or []))
    values += list(_flat({k: v for k, v in state.items() if k not in _TEXT_KEYS}))
    return values


def unexplained_numbers(slide: Any, language: str) -> list[str]:
    """Numbers of a slide's title and text in ``language`` that nothing checks."""
    text = slide.title_in(language) + "\n" + slide.text_in(language)
    values = _accounted(slide.state)
    missing = []
    for n in numbers_in(text):
        if not any(n.matches(v) for v in values) and not any(n.matches(-v) for v in values):
            missing.append(n.text)
    return missing
