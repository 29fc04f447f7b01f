""":class:`ShapeError` and the readable sentences it carries: an input too small for a layer,
or a model's forward that raised (naming the user's file and line)."""

from __future__ import annotations

import os
import sysconfig
import traceback
from pathlib import Path

import torch

from cnnviz.core.graph.nodes import Shape
from cnnviz.core.messages import message


class ShapeError(ValueError):
    """The input does not fit the network (too small, wrong channels, …); the message says where."""


def _too_small(name: str, op: str, formula: str, hw: tuple[int, int], in_shape: Shape) -> str:
    return message(
        "the input is too small for this network: at layer '{name}' ({op}) the input is "
        "{h}×{w} and the output would be {oh}×{ow} ({formula}); use a larger input size",
        name=name,
        op=op,
        h=in_shape[2],
        w=in_shape[3],
        oh=hw[0],
        ow=hw[1],
        formula=formula,
    )


#: folders whose frames are not the user's code: torch, cnnviz's own modules, Python's library
_NOT_USER_DIRS = tuple(
    str(p) + os.sep
    for p in {
        Path(torch.__file__).resolve().parent,
        Path(__file__).resolve().parents[1],  # cnnviz/core
        Path(__file__).resolve().parents[2] / "gui",
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
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    described = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    if "Proxy(" in text:  # fx's placeholder, kept by a forward that stores state on the model
        described = message(
            "{kind} on a value it stored while torch.fx traced it", kind=type(exc).__name__
        )

    def located(problem: str) -> ShapeError:
        if not user:
            return ShapeError(problem)
        return ShapeError(
            message(
                "{problem} ({file}, line {line})",
                problem=problem,
                file=Path(user[-1].filename).name,
                line=user[-1].lineno,
            )
        )

    if user and frames[-1] is user[-1]:
        return located(message("your model's forward raised {error}", error=described))
    if isinstance(exc, (RuntimeError, ValueError, IndexError, TypeError)):
        return located(message("{failed_on}: {error}", failed_on=failed_on, error=_first_line(exc)))
    if user:
        return located(message("your model's forward raised {error}", error=described))
    return None
