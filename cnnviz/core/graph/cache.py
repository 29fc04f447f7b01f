"""The zoo's graphs, traced once and shipped as JSON, so the window draws its first network
before torch is imported (importing torch takes 1.5–3 s; reading a graph, milliseconds).

>>> g = cached_layer_graph("lenet")
>>> g.nodes[1].formula
'⌊(28 + 2·2 − 5)/1⌋ + 1 = 28'

Each file holds one :class:`LayerGraph` exactly — tuples stay tuples — with the format's version
(:data:`FORMAT`). A missing, unreadable or older file gives ``None`` and the caller traces the
network instead; the tests compare every file with a fresh trace, so a changed network or
graph engine fails them until the files are written again::

    python -m cnnviz.core.graph.cache        # writes resources/graphs/NAME.json
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from cnnviz import resource_path
from cnnviz.core.graph.nodes import Block, LayerGraph, LayerNode

__all__ = ["FORMAT", "cache_file", "cached_layer_graph", "decode", "encode", "write_cache"]

#: the version of the file format; a file of another version is not read
FORMAT = 1
_TUPLE = "__tuple__"


def cache_file(name: str) -> Path:
    return resource_path("graphs", f"{name}.json")


def _enc(obj: Any) -> Any:
    if isinstance(obj, tuple):
        return {_TUPLE: [_enc(v) for v in obj]}
    if isinstance(obj, list):
        return [_enc(v) for v in obj]
    if isinstance(obj, dict):
        if not all(isinstance(k, str) for k in obj):
            raise TypeError(f"a graph's dict keys must be strings: {list(obj)!r}")
        return {k: _enc(v) for k, v in obj.items()}
    if isinstance(obj, (bool, int, float, str)) or obj is None:
        return obj
    raise TypeError(f"cannot store {type(obj).__name__} in a graph file: {obj!r}")


def _dec(obj: Any) -> Any:
    if isinstance(obj, dict):
        if set(obj) == {_TUPLE}:
            return tuple(_dec(v) for v in obj[_TUPLE])
        return {k: _dec(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_dec(v) for v in obj]
    return obj


def encode(graph: LayerGraph) -> dict[str, Any]:
    """``graph`` as JSON-ready data that :func:`decode` turns back into an equal graph."""
    fields = {f.name: getattr(graph, f.name) for f in dataclasses.fields(graph)}
    fields["nodes"] = [dataclasses.asdict(n) for n in graph.nodes]
    fields["blocks"] = [dataclasses.asdict(b) for b in graph.blocks.values()]
    return {"format": FORMAT, "graph": _enc(fields)}


def decode(data: dict[str, Any]) -> LayerGraph:
    """The graph in ``data`` (from :func:`encode`); ``ValueError`` when it is not one."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a graph file of format {FORMAT}")
    try:
        fields = _dec(data["graph"])
        fields["nodes"] = [LayerNode(**n) for n in fields["nodes"]]
        fields["blocks"] = {b["name"]: Block(**b) for b in fields["blocks"]}
        fields["edges"] = [tuple(e) for e in fields["edges"]]
        return LayerGraph(**fields)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"a broken graph file: {exc}") from exc


def cached_layer_graph(name: str) -> LayerGraph | None:
    """The shipped graph of the zoo network ``name`` on its book input, or ``None`` when there
    is no usable file (never raises: the caller then traces the network)."""
    try:
        return decode(json.loads(cache_file(name).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def write_cache(names: list[str] | None = None) -> list[Path]:
    """Trace the zoo networks ``names`` (default: all) and write their files."""
    from cnnviz.core import models
    from cnnviz.core.graph.build import layer_graph_for

    written = []
    for name in names or models.list_models():
        path = cache_file(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(encode(layer_graph_for(name)), ensure_ascii=False, separators=(",", ":"))
        path.write_text(text + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_cache(sys.argv[1:] or None):
        print(f"wrote {p}")
