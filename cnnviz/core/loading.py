"""Load a network from outside the zoo: a Python file, or a torchvision architecture.

>>> net = load_model_from_file("my_nets.py", "TinyNet", num_classes=10)
>>> net = load_torchvision_model("resnet18")
>>> g = layer_graph(net, (1, 3, 224, 224), name="resnet18")   # cnnviz.core.graph

Models are built with their parameters on the *meta* device (shapes, no memory, no
arithmetic), which is all :func:`cnnviz.core.graph.layer_graph` needs. Every failure raises
:class:`ModelLoadError`, a ``ValueError`` whose message is one sentence a user can act on; the
original exception, when there is one, is its ``__cause__``.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import itertools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import torch
from torch import nn

from cnnviz.core.messages import message

__all__ = [
    "ModelLoadError",
    "file_candidates",
    "load_model_from_file",
    "load_torchvision_model",
    "parse_kwargs",
    "torchvision_model_names",
]


class ModelLoadError(ValueError):
    """A model could not be loaded; the message is one readable sentence."""


_counter = itertools.count()


# --------------------------------------------------------------------------- building


@contextlib.contextmanager
def _meta_parameters() -> Iterator[None]:
    """Build modules on the CPU but move every parameter and buffer to meta as it is registered.

    For builders that compute their configuration with real tensors (torchvision's RegNet calls
    ``.tolist()``), which fails under ``torch.device("meta")``. Peak memory stays one layer.
    """
    register_parameter, register_buffer = nn.Module.register_parameter, nn.Module.register_buffer

    def parameter_on_meta(self: nn.Module, name: str, param: nn.Parameter | None) -> None:
        register_parameter(self, name, param)
        p = self._parameters.get(name)
        if p is not None and p.device.type != "meta":
            self._parameters[name] = type(p)(p.to("meta"), requires_grad=p.requires_grad)

    def buffer_on_meta(
        self: nn.Module, name: str, tensor: torch.Tensor | None, persistent: bool = True
    ) -> None:
        register_buffer(self, name, tensor, persistent)
        b = self._buffers.get(name)
        if b is not None:
            self._buffers[name] = b.to("meta")

    nn.Module.register_parameter = parameter_on_meta  # type: ignore[method-assign]
    nn.Module.register_buffer = buffer_on_meta  # type: ignore[method-assign]
    try:
        yield
    finally:
        nn.Module.register_parameter = register_parameter  # type: ignore[method-assign]
        nn.Module.register_buffer = register_buffer  # type: ignore[method-assign]


def _build_on_meta(build: Callable[[], Any]) -> Any:
    """``build()`` under ``torch.device("meta")``; if that fails, again with meta parameters.

    The second attempt runs the builder's own arithmetic on the CPU, so an exception it raises
    is the builder's real problem, not a limitation of the meta device.
    """
    try:
        with torch.device("meta"):
            return build()
    except Exception:
        pass
    with _meta_parameters():
        return build()


# --------------------------------------------------------------------------- files


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def file_candidates(path: str | Path) -> list[str]:
    """Public top-level classes and functions of a Python file, without running it.

    Classes come first. Returns ``[]`` when the file cannot be read or parsed.
    """
    try:
        tree = ast.parse(importlib.util.decode_source(Path(path).read_bytes()))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return []
    classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef)]
    functions = [
        n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]
    return [n for n in classes + functions if not n.startswith("_")]


def _read_source(path: Path) -> str:
    """The text of a Python file: UTF-8, or the encoding its ``# coding:`` line declares."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ModelLoadError(
            message(
                "The file {file} cannot be read: {error}.",
                file=path.name,
                error=exc.strerror or str(exc),
            )
        ) from exc
    try:
        return importlib.util.decode_source(raw)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            line = raw[: bad.start].count(b"\n") + 1
            raise ModelLoadError(
                message(
                    "The file {file} is not UTF-8 text (line {line} has the byte "
                    "0x{byte:02x}); save it as UTF-8.",
                    file=path.name,
                    line=line,
                    byte=raw[bad.start],
                )
            ) from exc
        raise ModelLoadError(
            message(
                "The file {file} cannot be decoded with the encoding its first lines declare "
                "({error}); save it as UTF-8.",
                file=path.name,
                error=_describe(exc),
            )
        ) from exc


def _import_file(path: Path) -> Any:
    source = _read_source(path)
    try:
        code = compile(source, str(path), "exec")
    except SyntaxError as exc:
        error = exc.msg or "invalid syntax"
        raise ModelLoadError(
            message(
                "The file {file} has a syntax error on line {line}: {error}.",
                file=path.name,
                line=exc.lineno,
                error=error,
            )
            if exc.lineno
            else message(
                "The file {file} has a syntax error: {error}.", file=path.name, error=error
            )
        ) from exc
    module_name = f"cnnviz_user_model_{next(_counter)}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses, pickling and fx look classes up here
    folder = str(path.parent)
    sys.path.insert(0, folder)  # so the file can import its neighbours
    try:
        exec(code, module.__dict__)
    except (Exception, SystemExit) as exc:
        sys.modules.pop(module_name, None)
        raise ModelLoadError(
            message("Running {file} raised {error}.", file=path.name, error=_describe(exc))
        ) from exc
    except BaseException:  # stopped from outside (the app's Cancel): leave nothing behind
        sys.modules.pop(module_name, None)
        raise
    finally:
        with contextlib.suppress(ValueError):
            sys.path.remove(folder)
    return module


def _module_candidates(module: Any) -> list[str]:
    """Names in an imported file that could give a model: nn.Modules, their classes, functions."""
    found = []
    for name, value in vars(module).items():
        if name.startswith("_"):
            continue
        if isinstance(value, nn.Module):
            found.append(name)
        elif isinstance(value, type) and issubclass(value, nn.Module):
            if value.__module__ == module.__name__:
                found.append(name)
        elif callable(value) and getattr(value, "__module__", None) == module.__name__:
            found.append(name)
    return found


def load_model_from_file(
    path: str | Path,
    attr: str,
    *,
    on_meta: bool = True,
    if_accepted: dict[str, Any] | None = None,
    **kwargs: Any,
) -> nn.Module:
    """The network that ``attr`` in the Python file ``path`` is, builds or returns.

    ``attr`` may name an ``nn.Module`` instance, an ``nn.Module`` subclass (instantiated with
    ``kwargs``) or a function returning one (called with ``kwargs``). The file runs as a fresh
    module each time, so edits show up on the next load; the model is built on the meta device.

    Raises :class:`ModelLoadError` when the file is missing, is not UTF-8 text (or the
    encoding its ``# coding:`` line declares) or has a syntax error, when running
    it or calling ``attr`` raises, when ``attr`` is not in it, or when the result is not an
    ``nn.Module``. ``on_meta=False`` builds real tensors on the CPU (to train it);
    ``if_accepted`` are keyword arguments passed only when the builder takes them (a
    ``num_classes`` or ``in_channels`` it declares) and ``kwargs`` does not set them.
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise ModelLoadError(message("There is no file {path!r}.", path=str(path)))
    attr = attr.strip()
    if not attr:
        raise ModelLoadError(
            message("Name the function or nn.Module class in the file that builds the model.")
        )
    module = _import_file(path)
    if not hasattr(module, attr):
        found = _module_candidates(module)
        raise ModelLoadError(
            message(
                "The file {file} has no {name!r}; it defines {found}.",
                file=path.name,
                name=attr,
                found=", ".join(found),
            )
            if found
            else message(
                "The file {file} has no {name!r}; it defines no model.", file=path.name, name=attr
            )
        )
    target = getattr(module, attr)
    if isinstance(target, nn.Module):
        model = target
    elif callable(target):
        kwargs = {**_accepted(target, if_accepted or {}, kwargs), **kwargs}
        try:
            model = _build_on_meta(lambda: target(**kwargs)) if on_meta else target(**kwargs)
        except Exception as exc:
            raise ModelLoadError(
                message(
                    "Calling {name} from {file} raised {error}.",
                    name=attr,
                    file=path.name,
                    error=_describe(exc),
                )
            ) from exc
    else:
        raise ModelLoadError(
            message(
                "The name {name!r} in {file} is of type {kind}, not an nn.Module, an nn.Module "
                "class or a function.",
                name=attr,
                file=path.name,
                kind=type(target).__name__,
            )
        )
    if not isinstance(model, nn.Module):
        raise ModelLoadError(
            message(
                "Calling {name} from {file} returned a {kind}, not an nn.Module.",
                name=attr,
                file=path.name,
                kind=type(model).__name__,
            )
        )
    return model


def _accepted(target: Any, offered: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """The ``offered`` keyword arguments ``target`` declares (or takes as ``**kwargs``) and
    ``given`` leaves unset."""
    import inspect

    try:
        params = inspect.signature(target).parameters
    except (TypeError, ValueError):
        return {}
    var = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    return {k: v for k, v in offered.items() if k not in given and (k in params or var)}


def parse_kwargs(text: str) -> dict[str, Any]:
    """Keyword arguments written as Python (``"num_classes=10, widths=(8, 16)"``), literals only.

    Raises :class:`ModelLoadError` when the text is not a list of ``name=literal``.
    """
    text = text.strip()
    if not text:
        return {}
    try:
        call = ast.parse(f"f({text})", mode="eval").body
        assert isinstance(call, ast.Call)
        if call.args:
            raise ValueError("positional")
        out = {}
        for kw in call.keywords:
            if kw.arg is None:
                raise ValueError("**")
            out[kw.arg] = ast.literal_eval(kw.value)
        return out
    except (SyntaxError, ValueError, TypeError) as exc:
        raise ModelLoadError(
            message(
                "Write the arguments as name=value pairs with plain values, like "
                "num_classes=10 (got {text!r}).",
                text=text,
            )
        ) from exc


# --------------------------------------------------------------------------- torchvision


def torchvision_model_names() -> list[str]:
    """torchvision's classification architectures (``resnet18``, ``vit_b_16``, …), sorted."""
    import torchvision.models

    return sorted(torchvision.models.list_models(module=torchvision.models))


def load_torchvision_model(name: str, *, num_classes: int = 1000) -> nn.Module:
    """torchvision's classification network ``name`` without weights, on the meta device.

    Raises :class:`ModelLoadError` for an unknown name or when building it fails.
    """
    import warnings

    import torchvision.models

    names = torchvision_model_names()
    if name not in names:
        close = [n for n in names if n.startswith(name[:3])] if name else []
        raise ModelLoadError(
            message(
                "torchvision has no classification model {name!r} (did you mean {close}?).",
                name=name,
                close=", ".join(close[:5]),
            )
            if close
            else message("torchvision has no classification model {name!r}.", name=name)
        )
    if num_classes < 1:
        raise ModelLoadError(
            message("The number of classes must be at least 1, got {n}.", n=num_classes)
        )
    try:
        with warnings.catch_warnings():
            # GoogLeNet and Inception v3 warn that their default init will change: no weights
            # are computed here, so the warning is noise.
            warnings.simplefilter("ignore", FutureWarning)
            warnings.simplefilter("ignore", UserWarning)
            return _build_on_meta(
                lambda: torchvision.models.get_model(name, weights=None, num_classes=num_classes)
            )
    except Exception as exc:
        raise ModelLoadError(
            message(
                "Building torchvision's {name} raised {error}.", name=name, error=_describe(exc)
            )
        ) from exc
