"""Any network as an ONNX file, to open in Netron or any ONNX tool.

>>> export_onnx("lenet", "lenet.onnx")          # doctest: +SKIP
PosixPath('lenet.onnx')

The network is built from its spec (:mod:`cnnviz.core.model_spec`) with fresh random weights
(the zoo and torchvision ship none here) in evaluation mode, and exported by
``torch.onnx.export`` on its input: one input ``input`` (N, C, H, W) whose batch size may
vary, one output ``logits``. The ``onnx`` package is optional (``pip install 'cnnviz[onnx]'``):
without it the export says so in one sentence.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from pathlib import Path

from cnnviz.core.files import atomic_path
from cnnviz.core.messages import message
from cnnviz.core.model_spec import ModelSpec, build_spec_model, input_shape_for, parse_model_spec

__all__ = ["ONNX_OPSET", "export_onnx"]

ONNX_OPSET = 17


def _need_onnx() -> None:
    try:
        import onnx  # noqa: F401
    except ImportError as exc:
        raise ValueError(
            message(
                "exporting to ONNX needs the onnx package: pip install onnx "
                "(or pip install 'cnnviz[onnx]')"
            )
        ) from exc


def export_onnx(
    spec: ModelSpec | str,
    out: str | os.PathLike,
    input_size: Sequence[int] | None = None,
    in_channels: int | None = None,
) -> Path:
    """Write the network of ``spec`` to the ONNX file ``out`` (replaced only when the export
    succeeds). Raises ``ValueError`` with a sentence for a bad spec, a missing ``onnx``
    package or a network the exporter cannot follow, ``OSError`` when ``out`` can't be
    written."""
    import torch

    _need_onnx()
    out = Path(out)
    spec = parse_model_spec(spec) if isinstance(spec, str) else spec
    shape = input_shape_for(spec, input_size, in_channels)
    model = build_spec_model(spec, in_channels=shape[1]).to_empty(device="cpu")
    with torch.no_grad():
        for module in model.modules():  # real numbers instead of to_empty's garbage
            reset = getattr(module, "reset_parameters", None)
            if callable(reset):
                reset()
    model.eval()
    x = torch.zeros(shape)
    with atomic_path(out, ".onnx") as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notes
        try:
            torch.onnx.export(
                model, (x,), str(tmp), dynamo=False, opset_version=ONNX_OPSET,
                input_names=["input"], output_names=["logits"],
                dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
            )  # fmt: skip
        except (RuntimeError, TypeError, ValueError, torch.onnx.errors.OnnxExporterError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ValueError(
                message("{name} could not be exported to ONNX: {error}", name=str(spec),
                        error=first)
            ) from exc  # fmt: skip
    return out
