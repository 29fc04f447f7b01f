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
:class:`LessonError` (a ``ValueError``) naming the line and the problem. :func:`dump_lesson`
writes a lesson back, so "save current state as slide" can append to a file a teacher edits.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
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

VIEWS = ("architecture", "compare", "lab", "training")
LAB_MODES = ("conv", "pool", "backward", "learn", "features")

_INT_PAIR = "an integer or a pair of integers"

#: every key a slide may have: (type description, checker)
SLIDE_KEYS: dict[str, str] = {
    "title": "text",
    "title_zh": "text",
    "text": "text",
    "text_zh": "text",
    "view": "one of " + ", ".join(VIEWS),
    "network": "a zoo network name",
    # architecture view
    "unfold": 'a list of block names, or "all"',
    "select": "a layer name",
    "zoom": "a number from 0.05 to 8",
    # convolution lab
    "lab_mode": "one of " + ", ".join(LAB_MODES),
    "input": "a sample name",
    "kernel": "a kernel preset name, a matrix (list of rows), or one matrix per input channel",
    "kernel_size": _INT_PAIR,
    "padding": _INT_PAIR,
    "stride": _INT_PAIR,
    "dilation": _INT_PAIR,
    "in_channels": "an integer from 1 to 3",
    "out_channels": "an integer from 1 to 4",
    "bias": "a number",
    "pool": '"max" or "avg"',
    "step": 'an integer (the output element) or "end"',
    "gradient": '"ones", "random" or "one"',
    # training
    "dataset": "fashion-mnist, mnist, cifar10 or shapes",
    "epochs": "a positive integer",
    "lr": "a positive number",
    "batch_size": "a positive integer",
    "train_subset": "a positive integer",
    "autostart": "true or false",
}


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


# --------------------------------------------------------------------------- checks


def _is_int(v: Any, lo: int = 0, hi: int | None = None) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= lo and (hi is None or v <= hi)


def _int_pair(v: Any, lo: int) -> bool:
    if _is_int(v, lo):
        return True
    return isinstance(v, list) and len(v) == 2 and all(_is_int(x, lo) for x in v)


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _matrix(v: Any) -> bool:
    return (
        isinstance(v, list)
        and len(v) > 0
        and all(isinstance(r, list) and len(r) == len(v[0]) > 0 for r in v)
        and all(_number(x) for r in v for x in r)
    )


def _check_value(key: str, v: Any) -> bool:
    checks = {
        "title": lambda: isinstance(v, str) and v.strip() != "",
        "title_zh": lambda: isinstance(v, str),
        "text": lambda: isinstance(v, str),
        "text_zh": lambda: isinstance(v, str),
        "view": lambda: v in VIEWS,
        "network": lambda: _zoo_name(v),
        "unfold": lambda: (
            v == "all" or (isinstance(v, list) and all(isinstance(x, str) for x in v))
        ),
        "select": lambda: isinstance(v, str) and v != "",
        "zoom": lambda: _number(v) and 0.05 <= v <= 8,
        "lab_mode": lambda: v in LAB_MODES,
        "input": lambda: isinstance(v, str) and v != "",
        "kernel": lambda: (
            (isinstance(v, str) and v != "")
            or _matrix(v)
            or (isinstance(v, list) and len(v) > 0 and all(_matrix(m) for m in v))
        ),
        "kernel_size": lambda: _int_pair(v, 1),
        "padding": lambda: _int_pair(v, 0),
        "stride": lambda: _int_pair(v, 1),
        "dilation": lambda: _int_pair(v, 1),
        "in_channels": lambda: _is_int(v, 1, 3),
        "out_channels": lambda: _is_int(v, 1, 4),
        "bias": lambda: _number(v),
        "pool": lambda: v in ("max", "avg"),
        "step": lambda: v == "end" or _is_int(v, 0),
        "gradient": lambda: v in ("ones", "random", "one"),
        "dataset": lambda: v in ("fashion-mnist", "mnist", "cifar10", "shapes"),
        "epochs": lambda: _is_int(v, 1),
        "lr": lambda: _number(v) and v > 0,
        "batch_size": lambda: _is_int(v, 1),
        "train_subset": lambda: _is_int(v, 1),
        "autostart": lambda: isinstance(v, bool),
    }
    return checks[key]()


def _zoo_name(v: Any) -> bool:
    from cnnviz.core import zoo

    return isinstance(v, str) and v in zoo.list_models()


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
    where = f"{path or name or 'lesson'}"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = f"line {m.group(1)}: " if m else ""
        raise LessonError(f"{where}: {line}not valid TOML ({exc})") from exc
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise LessonError(f'{where}: line 1: the lesson needs a title = "…" at the top')
    for key in data:
        if key not in ("title", "title_zh", "slides"):
            line = _line_of(text, None, key)
            raise LessonError(
                f"{where}: line {line}: unknown key {key!r} at the top; only title, title_zh "
                "and [[slides]] belong there"
            )
    raw_slides = data.get("slides")
    if not isinstance(raw_slides, list) or not raw_slides:
        raise LessonError(f"{where}: the lesson has no slides; add at least one [[slides]] table")
    slides = []
    for i, raw in enumerate(raw_slides):
        for key, value in raw.items():
            if key not in SLIDE_KEYS:
                close = [k for k in SLIDE_KEYS if k.startswith(key[:3])]
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise LessonError(
                    f"{where}: line {_line_of(text, i, key)}: slide {i + 1} has an unknown key "
                    f"{key!r}{hint}"
                )
            if not _check_value(key, value):
                raise LessonError(
                    f"{where}: line {_line_of(text, i, key)}: slide {i + 1}: {key} must be "
                    f"{SLIDE_KEYS[key]}, not {value!r}"
                )
        if "title" not in raw or "text" not in raw:
            missing = "title" if "title" not in raw else "text"
            raise LessonError(
                f"{where}: line {_line_of(text, i, None)}: slide {i + 1} needs a {missing}"
            )
        state = {k: v for k, v in raw.items() if k not in ("title", "title_zh", "text", "text_zh")}
        slides.append(
            Slide(raw["title"], raw["text"], raw.get("title_zh", ""), raw.get("text_zh", ""), state)
        )
    return Lesson(title, slides, data.get("title_zh", ""), name, path)


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        if "\n" in v:
            body = v.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
            return '"""\n' + body + '"""'
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise TypeError(f"can't write {type(v).__name__} to a lesson file")


def dump_lesson(lesson: Lesson) -> str:
    """The lesson as TOML text that :func:`parse_lesson` reads back to an equal lesson."""
    out = [f"title = {_toml_value(lesson.title)}"]
    if lesson.title_zh:
        out.append(f"title_zh = {_toml_value(lesson.title_zh)}")
    for s in lesson.slides:
        out += ["", "[[slides]]", f"title = {_toml_value(s.title)}"]
        if s.title_zh:
            out.append(f"title_zh = {_toml_value(s.title_zh)}")
        out.append(f"text = {_toml_value(s.text)}")
        if s.text_zh:
            out.append(f"text_zh = {_toml_value(s.text_zh)}")
        for k, v in s.state.items():
            out.append(f"{k} = {_toml_value(v)}")
    return "\n".join(out) + "\n"


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
        raise LessonError(f"no lesson called {name!r}; shipped: {', '.join(list_lessons())}")
    return p


def lesson_titles(name: str) -> tuple[str, str]:
    """(title, title_zh) of a shipped lesson, read without checking the slides (fast, no
    torch); ``LessonError`` when the file is not TOML."""
    try:
        data = tomllib.loads(lesson_path(name).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LessonError(f"cannot read lesson {name!r}: {exc}") from exc
    return str(data.get("title", name)), str(data.get("title_zh", ""))


def load_lesson(name_or_path: str | Path) -> Lesson:
    """A shipped lesson by name, or any lesson file by path."""
    p = Path(name_or_path)
    if p.suffix != ".toml":
        p = lesson_path(str(name_or_path))
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LessonError(f"cannot read {p}: {exc}") from exc
    return parse_lesson(text, name=p.stem, path=str(p))
