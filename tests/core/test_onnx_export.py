"""Any network as ONNX, read back by the onnx package (Netron opens the same file)."""

import sys

import onnx
import pytest

from cnnviz.cli import main
from cnnviz.core.onnx_export import export_onnx


def _dims(value_info):
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


def test_lenet_reads_back_as_the_book_draws_it(tmp_path):
    out = export_onnx("lenet", tmp_path / "lenet.onnx")
    model = onnx.load(str(out))
    onnx.checker.check_model(model)
    assert [i.name for i in model.graph.input] == ["input"]
    assert _dims(model.graph.input[0]) == ["batch", 1, 28, 28]
    assert _dims(model.graph.output[0]) == ["batch", 10]
    ops = [n.op_type for n in model.graph.node]
    assert ops.count("Conv") == 2 and ops.count("Gemm") == 3 and ops.count("AveragePool") == 2
    weights = sum(int(t.dims[0]) if len(t.dims) == 1 else 0 for t in model.graph.initializer)
    assert weights > 0  # real tensors, not an empty shell


def test_a_users_file_and_a_torchvision_network(tmp_path, capsys):
    nets = tmp_path / "nets.py"
    nets.write_text(
        "from torch import nn\n"
        "def net(width=4):\n"
        "    return nn.Sequential(nn.Conv2d(3, width, 3), nn.BatchNorm2d(width), nn.ReLU(),\n"
        "                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(width, 5))\n"
    )
    out = tmp_path / "net.onnx"
    assert main(["export", "--model", f"{nets}:net(width=6)", "--in-channels", "3",
                 "--input-size", "32", "32", "-o", str(out)]) == 0  # fmt: skip
    assert capsys.readouterr().out.startswith(f"wrote {out}")
    model = onnx.load(str(out))
    assert _dims(model.graph.input[0]) == ["batch", 3, 32, 32]
    assert _dims(model.graph.output[0]) == ["batch", 5]
    r18 = export_onnx("torchvision:resnet18", tmp_path / "r18.onnx", (64, 64))
    assert _dims(onnx.load(str(r18)).graph.output[0]) == ["batch", 1000]


def test_without_the_onnx_package_it_says_what_to_install(tmp_path, monkeypatch, capsys):
    out = tmp_path / "lenet.onnx"
    out.write_bytes(b"an older export")
    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx now fails
    assert main(["export", "--model", "lenet", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "needs the onnx package: pip install onnx" in err and err.count("\n") == 1
    assert out.read_bytes() == b"an older export"  # nothing replaced
    with pytest.raises(ValueError, match="pip install 'cnnviz\\[onnx\\]'"):
        export_onnx("lenet", out)
