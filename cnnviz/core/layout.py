"""Layered drawing of a :class:`~cnnviz.core.graph.LayerGraph`, top to bottom, with blocks.

A block (a VGG block, an Inception, a ResNet stage…) is either *folded* — drawn as one box —
or *unfolded* — drawn as a frame around its own layout. Each frame is laid out on its own and
then placed as one item in its parent, so frames never overlap anything but what they contain.

Inside a frame the items are put in layers by topological generations (every edge goes
down), ordered left to right by the mean position of their predecessors so parallel
branches (Inception) stay in columns; edges that would cross a box take a lane on the right
of their frame (Residual's identity shortcut, DenseNet's concatenations).

Qt-free: text sizes come from a ``measure(role, text) -> (width, height)`` callback, so the
GUI passes font metrics, and tests or exporters can pass anything consistent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from cnnviz.core.graph import LayerGraph, LayerNode

__all__ = [
    "Box",
    "Edge",
    "Frame",
    "Layout",
    "LayoutOptions",
    "block_title",
    "box_lines",
    "layout_graph",
    "shape_text",
    "short_hparams",
]

Measure = Callable[[str, str], tuple[float, float]]  # (role, text) → (width, height)


@dataclass(frozen=True)
class LayoutOptions:
    """Spacing in scene units (multiply by the font scale for presentation mode)."""

    scale: float = 1.0
    pad_x: float = 10.0  # text to box border
    pad_y: float = 6.0
    line_gap: float = 2.0
    h_gap: float = 18.0  # between boxes in a layer
    v_gap: float = 30.0  # between layers
    frame_pad: float = 12.0
    lane: float = 26.0  # width reserved for detour edges on the right of a frame

    def s(self, v: float) -> float:
        return v * self.scale


@dataclass
class Box:
    """A drawn box: a layer, or a folded block."""

    key: str  # "n:<index>" for a layer, "b:<block name>" for a folded block
    kind: str  # the layer kind (see graph.KINDS), or "block"
    lines: list[str]  # [title, shape]
    x: float = 0.0  # top-left, scene units
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    node: int | None = None
    block: str | None = None
    repeat: int = 1  # a folded run of identical blocks is drawn once, marked ×repeat

    def rect(self) -> tuple[float, float, float, float]:
        return (self.x, self.y, self.w, self.h)


@dataclass
class Frame:
    """An unfolded block: a titled frame around its contents."""

    block: str
    title: str
    depth: int
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    title_h: float = 0.0

    def rect(self) -> tuple[float, float, float, float]:
        return (self.x, self.y, self.w, self.h)


@dataclass
class Edge:
    src: str  # box keys
    dst: str
    points: list[tuple[float, float]] = field(default_factory=list)  # polyline, src → dst


@dataclass
class Layout:
    boxes: dict[str, Box]
    frames: dict[str, Frame]
    edges: list[Edge]
    width: float
    height: float


# --------------------------------------------------------------------------- texts


def shape_text(shape: tuple[int, ...]) -> str:
    """``(1, 6, 28, 28)`` → ``'6×28×28'`` (the batch dimension of 1 left out)."""
    dims = shape[1:] if len(shape) > 1 and shape[0] == 1 else shape
    return "×".join(map(str, dims))


def _pair_text(v: object) -> str:
    if isinstance(v, tuple):
        return str(v[0]) if len(set(v)) == 1 else "×".join(map(str, v))
    return str(v)


def short_hparams(n: LayerNode) -> str:
    """The few hyper-parameters that fit in a box: ``'5×5 p2'``, ``'3×3 s2 p1'``, ``'400→120'``."""
    hp = n.hparams
    if n.kind in ("conv", "pool") and "kernel_size" in hp:
        k = hp["kernel_size"]
        k = k if isinstance(k, tuple) else (k, k)
        parts = [f"{k[0]}×{k[1]}"]
        stride = hp.get("stride")
        if stride not in (None, 1, (1, 1)) and not (
            n.kind == "pool" and stride == hp["kernel_size"]
        ):
            parts.append(f"s{_pair_text(stride)}")
        padding = hp.get("padding", 0)
        if padding not in (0, (0, 0), "valid"):
            parts.append(f"p{_pair_text(padding)}")
        if hp.get("dilation", 1) not in (1, (1, 1)):
            parts.append(f"d{_pair_text(hp['dilation'])}")
        return " ".join(parts)
    if n.kind == "pool" and "output_size" in hp:
        return f"→{_pair_text(hp['output_size'])}"
    if n.kind == "linear" and "in_features" in hp:
        return f"{hp['in_features']}→{hp['out_features']}"
    if n.kind == "dropout" and "p" in hp:
        return f"p={hp['p']}"
    return ""


#: how functional calls are named in a box (module layers keep their class name): one
#: spelling per layer type, the join by what it does
_FUNCTION_TITLES = {"relu": "ReLU", "cat": "concatenate", "add": "add", "mul": "multiply",
                    "flatten": "Flatten", "sigmoid": "Sigmoid", "tanh": "Tanh"}  # fmt: skip

#: blocks named by what they are (other classes keep their class name)
_BLOCK_TITLES = {"VGGBlock": "VGG block", "NiNBlock": "NiN block", "Residual": "Residual block",
                 "BasicBlock": "Residual block", "Bottleneck": "Bottleneck block",
                 "DenseBlock": "Dense block", "ConvBlock": "Conv block",
                 "TransitionBlock": "Transition", "_DenseBlock": "Dense block",
                 "_Transition": "Transition", "InceptionBlock": "Inception"}  # fmt: skip


#: the same names in Chinese (the d2l book's terms); layer class names stay as PyTorch spells them
_ZH_TITLES = {"concatenate": "连结", "add": "相加", "multiply": "相乘", "Stage": "阶段",
              "VGG block": "VGG 块", "NiN block": "NiN 块", "Residual block": "残差块",
              "Bottleneck block": "瓶颈块", "Dense block": "稠密块", "Conv block": "卷积块",
              "Transition": "过渡层", "Inception": "Inception 块", "Input": "输入"}  # fmt: skip


def _block_label(graph: LayerGraph, name: str) -> str:
    b = graph.blocks[name]
    if b.type == "Sequential" and b.depth == 1:
        return "Stage"
    return _BLOCK_TITLES.get(b.type, b.type)


def block_title(graph: LayerGraph, name: str, language: str = "en") -> str:
    """What a person calls block ``name``: "Stage 3 · Inception ×2", "Residual block 2",
    "Dense block 1", "Transition 3" — numbered among its siblings of that kind, never by
    its module path (the details panel keeps that). ``language`` "zh_CN": "阶段 3 · Inception
    块 ×2", "残差块 2"."""
    zh = language.startswith("zh")

    def say(label: str) -> str:
        return _ZH_TITLES.get(label, label) if zh else label

    b = graph.blocks[name]
    label = _block_label(graph, name)
    siblings = [c for c in graph.blocks if graph.blocks[c].parent == b.parent
                and _block_label(graph, c) == label]  # fmt: skip
    title = f"{say(label)} {siblings.index(name) + 1}" if len(siblings) > 1 else say(label)
    if label == "Stage":
        children = [c for c in graph.blocks if graph.blocks[c].parent == name]
        kinds = {_block_label(graph, c) for c in children}
        if len(kinds) == 1:
            (kind,) = kinds
            title += f" · {say(kind)}" + (f" ×{len(children)}" if len(children) > 1 else "")
    return title


def box_lines(graph: LayerGraph, key: str, language: str = "en") -> list[str]:
    """Title and shape lines of the box ``key`` (names in ``language``: "en" or "zh_CN")."""
    if key.startswith("b:"):
        b = graph.blocks[key[2:]]
        return [block_title(graph, b.name, language), shape_text(b.output_shape)]
    n = graph.nodes[int(key[2:])]
    extra = short_hparams(n)
    op = _FUNCTION_TITLES.get(n.op, n.op) if n.op.islower() else n.op
    if language.startswith("zh"):
        op = _ZH_TITLES.get(op, op)
    return [f"{op} {extra}".strip(), shape_text(n.output_shape)]


# --------------------------------------------------------------------------- structure


def _visible_key(n: LayerNode, expanded: set[str]) -> str:
    for b in n.blocks:
        if b not in expanded:
            return f"b:{b}"
    return f"n:{n.index}"


def _container_of(graph: LayerGraph, key: str) -> str | None:
    """The frame (unfolded block) that directly holds ``key``; None for the top level."""
    if key.startswith("b:"):
        return graph.blocks[key[2:]].parent
    blocks = graph.nodes[int(key[2:])].blocks
    return blocks[-1] if blocks else None


def _ancestors(graph: LayerGraph, container: str | None) -> list[str | None]:
    """``container`` and the frames around it, innermost first, ending with None (top)."""
    out: list[str | None] = []
    while container is not None:
        out.append(container)
        container = graph.blocks[container].parent
    out.append(None)
    return out


def _child_in(graph: LayerGraph, key: str, container: str | None) -> str | None:
    """The item of ``container`` that contains ``key`` ("f:<block>" for a frame), or None."""
    c = _container_of(graph, key)
    if c == container:
        return key
    while c is not None:
        parent = graph.blocks[c].parent
        if parent == container:
            return f"f:{c}"
        c = parent
    return None


def _repeat_runs(graph: LayerGraph, children: list[str]) -> dict[str, list[str]]:
    """Runs of consecutive identical folded blocks: first key → the keys it stands for."""
    runs: dict[str, list[str]] = {}
    i = 0
    while i < len(children):
        k = children[i]
        j = i + 1
        if k.startswith("b:"):
            sig = _block_signature(graph, k[2:])
            while (
                j < len(children)
                and children[j].startswith("b:")
                and (_block_signature(graph, children[j][2:]) == sig)
            ):
                j += 1
        if j - i > 1:
            runs[k] = children[i:j]
        i = j
    return runs


def _block_signature(graph: LayerGraph, name: str) -> tuple:
    b = graph.blocks[name]
    first = graph.nodes[b.nodes[0]]
    return (b.type, b.params, b.macs, b.output_shape, tuple(first.input_shapes))


# --------------------------------------------------------------------------- layout


def layout_graph(
    graph: LayerGraph,
    expanded: Iterable[str],
    measure: Measure,
    options: LayoutOptions | None = None,
    *,
    group_repeats: bool = False,
    language: str = "en",
) -> Layout:
    """Place every visible box and frame and route every edge (titles in ``language``).

    ``expanded`` names the unfolded blocks (a block inside a folded block stays hidden whatever
    its state). With ``group_repeats``, a run of identical consecutive folded blocks (ResNet's
    second Residual of a stage…) is drawn as one box marked ×N.
    """
    opt = options or LayoutOptions()
    expanded = {b for b in expanded if b in graph.blocks}
    # a frame is shown only if all its ancestors are unfolded too
    expanded = {b for b in expanded if all(a in expanded for a in _ancestors(graph, b)[1:-1])}

    # visible items and edges between them
    keys: list[str] = []
    for n in graph.nodes:
        k = _visible_key(n, expanded)
        if k not in keys:
            keys.append(k)
    vis_edges: list[tuple[str, str]] = []
    for a, b in graph.edges:
        ka, kb = _visible_key(graph.nodes[a], expanded), _visible_key(graph.nodes[b], expanded)
        if ka != kb and (ka, kb) not in vis_edges:
            vis_edges.append((ka, kb))

    # containers and their children, in data-flow order
    children: dict[str | None, list[str]] = {None: []}
    for b in expanded:
        children[b] = []
    for k in keys:
        c = _container_of(graph, k)
        item = k
        while True:
            if item not in children[c]:
                children[c].append(item)
            if c is None:
                break
            item, c = f"f:{c}", graph.blocks[c].parent

    # runs of identical folded blocks become one box
    hidden: dict[str, str] = {}  # hidden key → the key drawn for it
    repeats: dict[str, int] = {}
    if group_repeats:
        for items in children.values():
            for first, run in _repeat_runs(graph, items).items():
                repeats[first] = len(run)
                for k in run[1:]:
                    hidden[k] = first
        for c in children:
            children[c] = [k for k in children[c] if k not in hidden]
        remapped: list[tuple[str, str]] = []
        for a, b in vis_edges:
            a2, b2 = hidden.get(a, a), hidden.get(b, b)
            if a2 != b2 and (a2, b2) not in remapped:
                remapped.append((a2, b2))
        vis_edges = remapped
        keys = [k for k in keys if k not in hidden]

    # boxes with their sizes
    boxes: dict[str, Box] = {}
    for k in keys:
        lines = box_lines(graph, k, language)
        if repeats.get(k, 1) > 1:
            lines[0] = f"{graph.blocks[k[2:]].type} ×{repeats[k]}"
        w1, h1 = measure("title", lines[0])
        w2, h2 = measure("body", lines[1])
        node = graph.nodes[int(k[2:])] if k.startswith("n:") else None
        boxes[k] = Box(
            key=k,
            kind=node.kind if node else "block",
            lines=lines,
            w=max(w1, w2) + 2 * opt.s(opt.pad_x),
            h=h1 + h2 + opt.s(opt.line_gap) + 2 * opt.s(opt.pad_y),
            node=node.index if node else None,
            block=k[2:] if k.startswith("b:") else None,
            repeat=repeats.get(k, 1),
        )

    frames: dict[str, Frame] = {}
    for b in expanded:
        blk = graph.blocks[b]
        title = f"{block_title(graph, b, language)}  → {shape_text(blk.output_shape)}"
        frames[b] = Frame(block=b, title=title, depth=blk.depth, title_h=measure("frame", title)[1])
        frames[b].w = measure("frame", title)[0] + 2 * opt.s(opt.frame_pad)

    # relative placement of each container's children, bottom-up (deepest frames first)
    rel: dict[str | None, dict[str, tuple[float, float]]] = {}
    lane_rel: dict[str | None, float] = {}  # x of each container's detour lane, relative
    size: dict[str, tuple[float, float]] = {k: (bx.w, bx.h) for k, bx in boxes.items()}
    order = sorted(children, key=lambda c: -len(_ancestors(graph, c)))
    for c in order:
        items = children[c]
        layers = _layers(graph, c, items, vis_edges)
        pos, (cw, ch), needs_lane = _place(graph, c, items, layers, vis_edges, size, opt)
        rel[c] = pos
        if c is not None:
            f = frames[c]
            pad = opt.s(opt.frame_pad)
            lane = opt.s(opt.lane) if needs_lane else 0.0
            inner_w = cw + lane
            f.w = max(f.w, inner_w + 2 * pad)
            f.h = ch + f.title_h + 2 * pad
            # centre the contents in a frame made wider by its title
            dx = pad + (f.w - 2 * pad - inner_w) / 2
            lane_rel[c] = dx + cw + (opt.s(opt.lane) / 2 if needs_lane else 0.0)
            rel[c] = {k: (x + dx, y + pad + f.title_h) for k, (x, y) in pos.items()}
            size[f"f:{c}"] = (f.w, f.h)
        else:
            root_size = (cw + (opt.s(opt.lane) if needs_lane else 0.0), ch)
            lane_rel[None] = cw + opt.s(opt.lane) / 2

    # absolute positions, top-down
    margin = opt.s(opt.frame_pad)

    def place(c: str | None, ox: float, oy: float) -> None:
        for k, (x, y) in rel[c].items():
            ax, ay = ox + x, oy + y
            if k.startswith("f:"):
                f = frames[k[2:]]
                f.x, f.y = ax, ay
                place(k[2:], ax, ay)
            else:
                boxes[k].x, boxes[k].y = ax, ay

    place(None, margin, margin)
    width = root_size[0] + 2 * margin
    height = root_size[1] + 2 * margin
    lanes = {c: (frames[c].x if c is not None else margin) + x for c, x in lane_rel.items()}
    edges = _route(graph, boxes, frames, lanes, vis_edges, opt)
    return Layout(boxes=boxes, frames=frames, edges=edges, width=width, height=height)


def _layers(
    graph: LayerGraph, c: str | None, items: list[str], vis_edges: list[tuple[str, str]]
) -> list[list[str]]:
    """Topological generations of a container's items (edges lifted to its children): the
    items no edge enters, then those whose predecessors are all placed, and so on — each
    generation in the items' order."""
    succ: dict[str, set[str]] = {k: set() for k in items}
    for a, b in vis_edges:
        ca, cb = _child_in(graph, a, c), _child_in(graph, b, c)
        if ca is not None and cb is not None and ca != cb:
            succ[ca].add(cb)
    indegree = dict.fromkeys(items, 0)
    for targets in succ.values():
        for t in targets:
            indegree[t] += 1
    generations, current = [], [k for k in items if indegree[k] == 0]
    while current:
        generations.append(current)
        nxt = set()
        for k in current:
            for t in succ[k]:
                indegree[t] -= 1
                if indegree[t] == 0:
                    nxt.add(t)
        current = [k for k in items if k in nxt]
    if sum(map(len, generations)) != len(items):
        raise ValueError(f"the data flow inside {c or 'the network'} has a cycle")
    return generations


def _place(
    graph: LayerGraph,
    c: str | None,
    items: list[str],
    layers: list[list[str]],
    vis_edges: list[tuple[str, str]],
    size: dict[str, tuple[float, float]],
    opt: LayoutOptions,
) -> tuple[dict[str, tuple[float, float]], tuple[float, float], bool]:
    """Positions (top-left, relative) of a container's items; its content size; lane needed."""
    preds: dict[str, list[str]] = {k: [] for k in items}
    layer_of = {k: i for i, layer in enumerate(layers) for k in layer}
    long_edge = False
    for a, b in vis_edges:
        ca, cb = _child_in(graph, a, c), _child_in(graph, b, c)
        if cb is not None and ca is not None and ca != cb:
            preds[cb].append(ca)
            if layer_of[cb] - layer_of[ca] > 1:
                long_edge = True
        elif cb is not None and ca is None and layer_of[cb] > 0:
            long_edge = True  # enters the frame and skips its first layer
        elif ca is not None and cb is None and layer_of[ca] < len(layers) - 1:
            long_edge = True  # leaves the frame from above its last layer
    centre: dict[str, float] = {}
    h_gap, v_gap = opt.s(opt.h_gap), opt.s(opt.v_gap)
    pos: dict[str, tuple[float, float]] = {}
    y = 0.0
    for layer in layers:
        desired = []
        for i, k in enumerate(layer):
            ps = [centre[p] for p in preds[k] if p in centre]
            desired.append((sum(ps) / len(ps) if ps else None, i, k))
        # items without predecessors here keep their order, packed around the others
        known = [d for d in desired if d[0] is not None]
        base = sum(d[0] for d in known) / len(known) if known else 0.0
        total = sum(size[k][0] for k in layer) + h_gap * (len(layer) - 1)
        x = base - total / 2
        seq = []
        for d, i, k in desired:
            want = d if d is not None else x + size[k][0] / 2
            seq.append((want, i, k))
            x += size[k][0] + h_gap
        seq.sort(key=lambda t: (t[0], t[1]))
        # sweep: no overlap, then shift back so the layer sits where it wants on average
        placed = []
        right = -float("inf")
        for want, _, k in seq:
            w = size[k][0]
            left = max(want - w / 2, right + h_gap)
            placed.append((left, want, k))
            right = left + w
        shift = sum(want - (left + size[k][0] / 2) for left, want, k in placed) / len(placed)
        row_h = max(size[k][1] for k in layer)
        for left, _, k in placed:
            lx = left + shift
            centre[k] = lx + size[k][0] / 2
            pos[k] = (lx, y + (row_h - size[k][1]) / 2 if k.startswith("n:") else y)
        y += row_h + v_gap
    if not pos:
        return {}, (0.0, 0.0), False
    min_x = min(x for x, _ in pos.values())
    pos = {k: (x - min_x, yy) for k, (x, yy) in pos.items()}
    width = max(x + size[k][0] for k, (x, _) in pos.items())
    height = y - v_gap
    return pos, (width, height), long_edge


def _route(
    graph: LayerGraph,
    boxes: dict[str, Box],
    frames: dict[str, Frame],
    lanes: dict[str | None, float],
    vis_edges: list[tuple[str, str]],
    opt: LayoutOptions,
) -> list[Edge]:
    """Polylines: down from the source, a short join into the target's top; a lane on the
    right of the frame when the straight drop would cross a box."""
    rects = {k: b.rect() for k, b in boxes.items()}
    incoming: dict[str, list[str]] = {}
    for a, b in vis_edges:
        incoming.setdefault(b, []).append(a)
    for b in incoming:
        incoming[b].sort(key=lambda a: boxes[a].x + boxes[a].w / 2)
    gap = opt.s(opt.v_gap)
    edges: list[Edge] = []
    for a, b in vis_edges:
        src, dst = boxes[a], boxes[b]
        ins = incoming[b]
        slot = (ins.index(a) + 1) / (len(ins) + 1)
        sx, sy = src.x + src.w / 2, src.y + src.h
        tx, ty = dst.x + dst.w * slot, dst.y
        last_gap = ty - gap * 0.45  # the gap just above the target
        knee = last_gap
        # entering frames: turn above the outermost one, not across its title
        entered = [
            frames[f]
            for f in _ancestors(graph, _container_of(graph, b))[:-1]
            if f not in _ancestors(graph, _container_of(graph, a))
        ]
        if entered:
            knee = min(knee, min(f.y for f in entered) - gap * 0.45)
        others = [r for k, r in rects.items() if k not in (a, b)]

        def clear(x: float, y0: float, y1: float, others: list = others) -> bool:
            return not any(_vsegment_hits(x, y0, y1, r) for r in others)

        if ty <= sy:  # target not below the source (should not happen): go straight
            pts = [(sx, sy), (tx, ty)]
        elif clear(sx, sy, knee) and clear(tx, knee, ty):
            # down, across in the gap, down into the target's top
            pts = (
                [(sx, sy), (sx, knee), (tx, knee), (tx, ty)]
                if abs(sx - tx) > 0.5
                else [
                    (sx, sy),
                    (tx, ty),
                ]
            )
        else:  # a detour along the lane on the right of the frame
            lane = lanes[_lane_container(graph, a, b)]
            top = sy + gap * 0.45
            pts = [(sx, sy), (sx, top), (lane, top), (lane, last_gap), (tx, last_gap), (tx, ty)]
        edges.append(Edge(a, b, pts))
    return edges


def _vsegment_hits(x: float, y0: float, y1: float, r: tuple[float, float, float, float]) -> bool:
    rx, ry, rw, rh = r
    return rx - 1 < x < rx + rw + 1 and y0 < ry + rh and ry < y1


def _lane_container(graph: LayerGraph, a: str, b: str) -> str | None:
    """The frame whose lane a detour from ``a`` to ``b`` takes: the target's frame when the
    edge enters it, else the source's frame when it leaves it, else their common frame."""
    anc_a = _ancestors(graph, _container_of(graph, a))
    anc_b = _ancestors(graph, _container_of(graph, b))
    if anc_b[0] is not None and anc_b[0] not in anc_a:
        return anc_b[0]
    if anc_a[0] is not None and anc_a[0] not in anc_b:
        return anc_a[0]
    return next(x for x in anc_a if x in anc_b)
