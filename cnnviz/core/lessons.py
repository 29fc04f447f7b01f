"""Lessons: plain TOML files of slides, each slide a state of the app plus a short text.

A lesson file looks like this (every key but ``title`` and ``text`` is optional)::

    title = "Cross-correlation"
    title_zh = "互相关运算"

    [[slides]]
    title = "A 3×3 input, a 2×2 kernel"
    title_zh = "3×3 输入与 2×2 卷积核"
    text = "Each output number is the sum of the window times the kernel."
    text_zh = "每个输出都是窗口与卷积核逐元素相乘后求和。"
    view = "lab"               # architecture | compare | lab | training
    lab_mode = "conv"          # conv | pool | backward | learn | features
    input = "book_3x3"         # a sample (see cnnviz.core.samples.list_samples())
    kernel = [[0, 1], [2, 3]]  # or a preset name: "edge", "sobel_x", …
    step = 0                   # the output element to show, or "end"

The schema is :data:`SLIDE_KEYS`; :func:`parse_lesson` checks every key and value and raises
:class:`LessonError` (a ``ValueError``) naming the line and the problem. It also checks what the
app would only find out in class: a ``select`` layer or ``unfold`` block the slide's network
(or the last one an earlier slide named) doesn't have, an unknown sample or kernel preset, a
ragged kernel, sizes beyond the lab's :data:`LAB_LIMITS`, and a kernel or pooling window larger
than the (padded) input, whose output would be empty. :func:`dump_lesson`
writes a lesson back, so "save current state as slide" can append to a file a teacher edits.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from cnnviz.core import catalog
from cnnviz.core.lesson_schema import (
    LAB_LIMITS,
    LAB_MODES,
    MAX_KERNEL_SIDE,
    SLIDE_KEYS,
    VIEWS,
    check_value,
    rows_of_numbers,
)
from cnnviz.core.messages import message, message_of

__all__ = [
    "LAB_LIMITS",
    "LAB_MODES",
    "SLIDE_KEYS",
    "VIEWS",
    "Lesson",
    "LessonError",
    "Slide",
    "dump_lesson",
    "lesson_path",
    "lesson_titles",
    "list_lessons",
    "load_lesson",
    "parse_lesson",
]


class LessonError(ValueError):
    """A lesson file is broken; the message names the line and the problem."""


@dataclass
class Slide:
    """One slide: what the app shows (``state``) and what the teacher says (texts)."""

    title: str
    text: str
    title_zh: str = ""
    text_zh: str = ""
    state: dict[str, Any] = field(default_factory=dict)  # every other key of the slide

    def title_in(self, language: str) -> str:
        return self.title_zh if language.startswith("zh") and self.title_zh else self.title

    def text_in(self, language: str) -> str:
        return self.text_zh if language.startswith("zh") and self.text_zh else self.text

    @property
    def view(self) -> str:
        return self.state.get("view", "architecture")


@dataclass
class Lesson:
    title: str
    slides: list[Slide]
    title_zh: str = ""
    name: str = ""  # file stem
    path: str = ""

    def title_in(self, language: str) -> str:
        return self.title_zh if language.startswith("zh") and self.title_zh else self.title


# --------------------------------------------------------------------------- names and combinations
# Checked once every key has the right type, so that a slide never fails half-applied in class.
# Each check imports what it needs only when a slide has its key: only select and unfold build a
# network's layer graph (on the meta device), and a lesson without network, select, unfold, input
# or kernel doesn't import torch at all.


def _pair(v: Any) -> tuple[int, int]:
    return (v[0], v[1]) if isinstance(v, list) else (v, v)


def _hw(pair: tuple[int, int]) -> str:
    return f"{pair[0]}×{pair[1]}"


def _known(name: str, names: list[str] | tuple[str, ...], what: str, limit: int = 12) -> str:
    """``(did you mean 'x'? what: a, b, …)`` for an unknown ``name`` (``what``: a message)."""
    names = list(names)
    close = difflib.get_close_matches(name, names, n=1)
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown = message("{names}, … ({n} in all)", names=shown, n=len(names))
    if close:
        return message("(did you mean {close!r}? {what}: {names})", close=close[0], what=what,
                       names=shown)  # fmt: skip
    return message("({what}: {names})", what=what, names=shown)


@functools.cache
def _graph_names(network: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(layer names, block names) of a zoo network, as the architecture view names them."""
    from cnnviz.core.graph import layer_graph_for

    g = layer_graph_for(network)
    return tuple(n.name for n in g.nodes), tuple(g.blocks)


@functools.cache
def _sample_size(name: str) -> tuple[int, int]:
    """(H, W) of a sample (its channels are adapted to in_channels, its size never)."""
    from cnnviz.core import samples

    shape = samples.load_sample(name).shape
    return (int(shape[-2]), int(shape[-1]))


def _architecture_problem(raw: dict[str, Any], network: str | None) -> tuple[str, str] | None:
    """An unknown ``select`` layer or ``unfold`` block of the network the slide shows."""
    unfold = raw.get("unfold")
    if network is None or ("select" not in raw and not isinstance(unfold, list)):
        return None  # no network known (the one on screen is used): nothing to check against
    layers, blocks = _graph_names(network)
    select = raw.get("select")
    if select is not None and select not in layers:
        known = _known(select, layers, message("its layers"))
        return "select", message(
            "{name!r} is not a layer of {network} {known}", name=select, network=network,
            known=known,
        )  # fmt: skip
    for block in unfold if isinstance(unfold, list) else []:
        if block not in blocks:
            known = (
                _known(block, blocks, message("its blocks"))
                if blocks
                else message("(it has no blocks)")
            )
            return "unfold", message(
                "{name!r} is not a block of {network} {known}", name=block, network=network,
                known=known,
            )  # fmt: skip
    return None


#: the slide key a state field comes from, where their names differ
_KEY_OF_FIELD = {"mode": "lab_mode", "through": "pool"}
TRAINING_TABS = ("curves", "confusion", "predictions", "kernels")


def _state_problem(raw: dict[str, Any]) -> tuple[str, str] | None:
    """The slide's keys as its view's state model: the first field that model refuses."""
    from cnnviz.core.errors import FieldError
    from cnnviz.core.lab_state import LabState
    from cnnviz.core.states import ArchitectureState, TrainingState

    model = {"architecture": ArchitectureState, "lab": LabState, "training": TrainingState}.get(
        raw.get("view", "architecture")
    )
    if model is None:
        return None
    try:
        model.from_slide(raw)
    except FieldError as exc:
        return _KEY_OF_FIELD.get(exc.field, exc.field), message_of(exc)
    return None


def _claims_problem(raw: dict[str, Any]) -> tuple[str, str] | None:
    """A claim naming a probe that does not exist, or a field without a layer to take it."""
    from cnnviz.core.claims import PROBES, split_probe

    for key in raw.get("claims") or {}:
        try:
            split_probe(key)
        except ValueError:
            return "claims", message(
                "{key!r} is not a probe; the probes are {names}", key=key, names=", ".join(PROBES)
            )
    if "field" in raw and "select" not in raw:
        return "field", message("a receptive field needs the layer it belongs to (select)")
    return None


def _focus_problem(raw: dict[str, Any], network: str | None) -> tuple[str, str] | None:
    """A ``focus`` its view cannot bring into sight."""
    focus = raw.get("focus")
    if focus is None:
        return None
    view = raw.get("view", "architecture")
    if view == "lab" and raw.get("lab_mode") == "features":
        if network is not None and focus not in _graph_names(network)[0]:
            known = _known(focus, _graph_names(network)[0], message("its layers"))
            return "focus", message(
                "{name!r} is not a layer of {network} {known}", name=focus, network=network,
                known=known,
            )  # fmt: skip
        return None
    if view == "lab" and not (focus == "end" or focus.isdigit()):
        return "focus", message('the lab focuses on a step: a number or "end", not {v!r}', v=focus)
    if view == "training" and focus not in TRAINING_TABS:
        return "focus", message(
            "the training view focuses on one of {names}", names=", ".join(TRAINING_TABS)
        )
    if view == "compare" and focus not in catalog.network_names():
        known = _known(focus, catalog.network_names(), message("networks"))
        return "focus", message("{name!r} is not a zoo network {known}", name=focus, known=known)
    if view == "architecture" and network is not None:
        layers, blocks = _graph_names(network)
        if focus not in layers and focus not in blocks:
            known = _known(focus, [*layers, *blocks], message("its names"))
            return "focus", message(
                "{name!r} is neither a layer nor a block of {network} {known}", name=focus,
                network=network, known=known,
            )  # fmt: skip
    return None


def _numbers(n: int) -> str:
    return message("{n} number", n=n) if n == 1 else message("{n} numbers", n=n)


def _kernel_problem(raw: dict[str, Any]) -> tuple[str | None, tuple[int, int] | None]:
    """(what is wrong with ``kernel``, or None; the kernel's (kh, kw) when known)."""
    v = raw["kernel"]
    if isinstance(v, str):
        from cnnviz.core import samples

        presets = samples.list_kernel_presets()
        if v not in presets:
            known = _known(v, presets, message("the presets"))
            return message("{name!r} is not a kernel preset {known}", name=v, known=known), None
        return None, samples.get_kernel_preset(v).shape
    single = rows_of_numbers(v)
    matrices = [v] if single else v
    for c, m in enumerate(matrices):

        def of_channel(problem: str, c: int = c) -> str:
            if single:
                return problem
            return message("the matrix of channel {c}: {problem}", c=c + 1, problem=problem)

        for r, row in enumerate(m[1:], start=2):
            if len(row) != len(m[0]):
                return of_channel(
                    message(
                        "row {r} has {numbers} but row 1 has {first}; every row of a kernel "
                        "needs the same length",
                        r=r,
                        numbers=_numbers(len(row)),
                        first=_numbers(len(m[0])),
                    )
                ), None
        shape = (len(m), len(m[0]))
        if max(shape) > MAX_KERNEL_SIDE:
            return of_channel(
                message(
                    "a {shape} kernel is larger than the lab's largest, {most}×{most}",
                    shape=_hw(shape),
                    most=MAX_KERNEL_SIDE,
                )
            ), None
        first = (len(matrices[0]), len(matrices[0][0]))
        if shape != first:
            return message(
                "the matrix of channel {c} is {shape} but that of channel 1 is {first}; every "
                "channel's matrix needs the same shape",
                c=c + 1,
                shape=_hw(shape),
                first=_hw(first),
            ), None
    shape = (len(matrices[0]), len(matrices[0][0]))
    if single:
        return None, shape
    n, most = len(matrices), LAB_LIMITS["in_channels"][1]
    if n > most:
        return message(
            "{n} channel matrices, but the lab has at most {most} input channels", n=n, most=most
        ), None
    c_in = raw.get("in_channels", 1)
    if n > 1 and n != c_in:
        if "in_channels" in raw:
            return message(
                "{n} channel matrices but in_channels is {c_in}; give one matrix per input "
                "channel (and in_channels = {n}), or a single matrix for every channel",
                n=n,
                c_in=c_in,
            ), None
        return message(
            "{n} channel matrices but in_channels is {c_in} (the default); give one matrix "
            "per input channel (and in_channels = {n}), or a single matrix for every channel",
            n=n,
            c_in=c_in,
        ), None
    return None, shape


def _lab_problem(raw: dict[str, Any]) -> tuple[str, str] | None:
    """An unknown ``input`` or ``kernel``, or a geometry the lab can't trace (empty output)."""
    if "input" in raw:
        from cnnviz.core import samples

        names = samples.list_samples()
        if raw["input"] not in names:
            known = _known(raw["input"], names, message("the samples"))
            return "input", message(
                "{name!r} is not a sample {known}", name=raw["input"], known=known
            )
    kernel_shape = None
    if "kernel" in raw:
        problem, kernel_shape = _kernel_problem(raw)
        if problem:
            return "kernel", problem
    mode = raw.get("lab_mode")
    op = ("pool" if "pool" in raw else "conv") if mode == "backward" else mode
    if op not in ("conv", "pool"):
        return None  # learn / feature maps, or the mode on screen: no stepper to trace
    p = _pair(raw.get("padding", 0))  # the lab's defaults for what a slide leaves out
    if op == "pool":
        if "kernel_size" not in raw:
            return None
        k = _pair(raw["kernel_size"])
        half = (k[0] // 2, k[1] // 2)
        if p[0] > half[0] or p[1] > half[1]:
            return "padding", message(
                "{p} is more than half the {k} pooling window; at most {half} (PyTorch's rule)",
                p=_hw(p),
                k=_hw(k),
                half=_hw(half),
            )
        extent, key = k, "kernel_size"
        what = message("the {k} pooling window", k=_hw(k))
        advice = message("use a smaller kernel_size or a larger input")
    else:
        if "kernel_size" in raw:  # the lab resizes the kernel to kernel_size
            kernel_shape, key = _pair(raw["kernel_size"]), "kernel_size"
        else:
            key = "kernel"
        if kernel_shape is None:
            return None  # the kernel on screen is used
        d = _pair(raw.get("dilation", 1))
        extent = (d[0] * (kernel_shape[0] - 1) + 1, d[1] * (kernel_shape[1] - 1) + 1)
        what = (
            message("the {k} kernel", k=_hw(kernel_shape))
            if d == (1, 1)
            else message("the {k} kernel with dilation {d}", k=_hw(kernel_shape), d=_hw(d))
        )
        advice = message("use a smaller kernel or dilation, or more padding")
    if "input" not in raw:
        return None  # the input on screen is used
    try:
        h, w = _sample_size(raw["input"])
    except (OSError, ValueError) as exc:
        return "input", message(
            "sample {name!r} can't be read ({error})", name=raw["input"], error=message_of(exc)
        )
    padded = (h + 2 * p[0], w + 2 * p[1])
    if extent[0] > padded[0] or extent[1] > padded[1]:
        return key, message(
            "{what} spans {extent} cells, more than the {hw} input {name!r} padded to "
            "{padded}, so the output would be empty; {advice}",
            what=what,
            extent=_hw(extent),
            hw=_hw((h, w)),
            name=raw["input"],
            padded=_hw(padded),
            advice=advice,
        )
    return None


def _line_of(text: str, slide_index: int | None, key: str | None) -> int:
    """1-based line of ``key`` in slide ``slide_index`` (or of the slide, or of a top key)."""
    lines = text.splitlines()
    start = 0
    if slide_index is not None:
        headers = [i for i, ln in enumerate(lines) if re.match(r"\s*\[\[\s*slides\s*\]\]", ln)]
        if slide_index < len(headers):
            start = headers[slide_index]
        if key is None:
            return start + 1
    if key is not None:
        pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
        for i in range(start, len(lines)):
            if i > start and slide_index is not None and re.match(r"\s*\[\[", lines[i]):
                break
            if pattern.match(lines[i]):
                return i + 1
    return start + 1


# --------------------------------------------------------------------------- parse / dump


def parse_lesson(text: str, *, name: str = "", path: str = "") -> Lesson:
    """Read a lesson from TOML ``text``; :class:`LessonError` with the line when it is wrong."""
    where = path or name or message("lesson")

    def at(line: int, problem: str) -> LessonError:
        return LessonError(
            message("{where}: line {line}: {problem}", where=where, line=line, problem=problem)
        )

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        problem = message("not valid TOML ({error})", error=str(exc))
        if m:
            raise at(int(m.group(1)), problem) from exc
        raise LessonError(message("{where}: {problem}", where=where, problem=problem)) from exc
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise at(1, message('the lesson needs a title = "…" at the top'))
    for key in data:
        if key not in ("title", "title_zh", "slides"):
            raise at(
                _line_of(text, None, key),
                message(
                    "unknown key {key!r} at the top; only title, title_zh and [[slides]] "
                    "belong there",
                    key=key,
                ),
            )
    raw_slides = data.get("slides")
    if not isinstance(raw_slides, list) or not raw_slides:
        raise LessonError(
            message(
                "{where}: the lesson has no slides; add at least one [[slides]] table", where=where
            )
        )
    slides = []
    network: str | None = None
    for i, raw in enumerate(raw_slides):
        if not isinstance(raw, dict):
            raise at(
                _line_of(text, None, "slides"),
                message("slide {n} must be a [[slides]] table of keys, not {v!r}", n=i + 1, v=raw),
            )
        for key, value in raw.items():
            if key not in SLIDE_KEYS:
                close = [k for k in SLIDE_KEYS if k.startswith(key[:3])]
                problem = (
                    message(
                        "slide {n} has an unknown key {key!r} (did you mean {close!r}?)",
                        n=i + 1,
                        key=key,
                        close=close[0],
                    )
                    if close
                    else message("slide {n} has an unknown key {key!r}", n=i + 1, key=key)
                )
                raise at(_line_of(text, i, key), problem)
            if not check_value(key, value):
                raise at(
                    _line_of(text, i, key),
                    message(
                        "slide {n}: {key} must be {what}, not {v!r}",
                        n=i + 1,
                        key=key,
                        what=SLIDE_KEYS[key],
                        v=value,
                    ),
                )
        if "title" not in raw or "text" not in raw:
            missing = "title" if "title" not in raw else "text"
            raise at(
                _line_of(text, i, None),
                message("slide {n} needs a {missing}", n=i + 1, missing=missing),
            )
        network = raw.get("network", network)  # a slide without one keeps the shown network
        problem = (
            _architecture_problem(raw, network)
            or _lab_problem(raw)
            or _state_problem(raw)
            or _claims_problem(raw)
            or _focus_problem(raw, network)
        )
        if problem:
            key, text_of_problem = problem
            raise at(
                _line_of(text, i, key),
                message("slide {n}: {key}: {problem}", n=i + 1, key=key, problem=text_of_problem),
            )
        state = {k: v for k, v in raw.items() if k not in ("title", "title_zh", "text", "text_zh")}
        slides.append(
            Slide(raw["title"], raw["text"], raw.get("title_zh", ""), raw.get("text_zh", ""), state)
        )
    return Lesson(title, slides, data.get("title_zh", ""), name, path)


def dump_lesson(lesson: Lesson) -> str:
    """The lesson as TOML text that :func:`parse_lesson` reads back to an equal lesson.

    Written by ``tomli_w``; texts with line breaks become multi-line strings. Raises
    ``TypeError`` for a state value TOML cannot hold (``None``, an object).
    """
    data: dict[str, Any] = {"title": lesson.title}
    if lesson.title_zh:
        data["title_zh"] = lesson.title_zh
    slides = []
    for s in lesson.slides:
        slide: dict[str, Any] = {"title": s.title}
        if s.title_zh:
            slide["title_zh"] = s.title_zh
        slide["text"] = s.text
        if s.text_zh:
            slide["text_zh"] = s.text_zh
        slides.append(slide | s.state)
    data["slides"] = slides
    return tomli_w.dumps(data, multiline_strings=True)


# --------------------------------------------------------------------------- files


def _lessons_dir() -> Path:
    from cnnviz import resource_path

    return resource_path("lessons")


def list_lessons() -> list[str]:
    """Names of the shipped lessons, in chapter order (file names start with a number)."""
    return sorted(p.stem for p in _lessons_dir().glob("*.toml"))


def lesson_path(name: str) -> Path:
    p = _lessons_dir() / f"{name}.toml"
    if not p.exists():
        raise LessonError(
            message(
                "no lesson called {name!r}; shipped: {names}",
                name=name,
                names=", ".join(list_lessons()),
            )
        )
    return p


def lesson_titles(name: str) -> tuple[str, str]:
    """(title, title_zh) of a shipped lesson, read without checking the slides (fast, no
    torch); ``LessonError`` when the file is not TOML."""
    try:
        data = tomllib.loads(lesson_path(name).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LessonError(
            message("cannot read lesson {name!r}: {error}", name=name, error=str(exc))
        ) from exc
    return str(data.get("title", name)), str(data.get("title_zh", ""))


def load_lesson(name_or_path: str | Path) -> Lesson:
    """A shipped lesson by name, or any lesson file by path."""
    p = Path(name_or_path)
    if p.suffix != ".toml":
        p = lesson_path(str(name_or_path))
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LessonError(message("cannot read {path}: {error}", path=p, error=str(exc))) from exc
    return parse_lesson(text, name=p.stem, path=str(p))
