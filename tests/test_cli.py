"""``cnnviz list`` and ``cnnviz summary`` in every format, and their errors."""

import json
import os
import subprocess
import sys

import pytest

from cnnviz.cli import main
from cnnviz.core import models

# The book's printouts (d2l, PyTorch edition), whitespace aside.
LENET_D2L = """
Conv2d output shape: torch.Size([1, 6, 28, 28])
Sigmoid output shape: torch.Size([1, 6, 28, 28])
AvgPool2d output shape: torch.Size([1, 6, 14, 14])
Conv2d output shape: torch.Size([1, 16, 10, 10])
Sigmoid output shape: torch.Size([1, 16, 10, 10])
AvgPool2d output shape: torch.Size([1, 16, 5, 5])
Flatten output shape: torch.Size([1, 400])
Linear output shape: torch.Size([1, 120])
Sigmoid output shape: torch.Size([1, 120])
Linear output shape: torch.Size([1, 84])
Sigmoid output shape: torch.Size([1, 84])
Linear output shape: torch.Size([1, 10])
"""
ALEXNET_D2L = """
Conv2d output shape: torch.Size([1, 96, 54, 54])
ReLU output shape: torch.Size([1, 96, 54, 54])
MaxPool2d output shape: torch.Size([1, 96, 26, 26])
Conv2d output shape: torch.Size([1, 256, 26, 26])
ReLU output shape: torch.Size([1, 256, 26, 26])
MaxPool2d output shape: torch.Size([1, 256, 12, 12])
Conv2d output shape: torch.Size([1, 384, 12, 12])
ReLU output shape: torch.Size([1, 384, 12, 12])
Conv2d output shape: torch.Size([1, 384, 12, 12])
ReLU output shape: torch.Size([1, 384, 12, 12])
Conv2d output shape: torch.Size([1, 256, 12, 12])
ReLU output shape: torch.Size([1, 256, 12, 12])
MaxPool2d output shape: torch.Size([1, 256, 5, 5])
Flatten output shape: torch.Size([1, 6400])
Linear output shape: torch.Size([1, 4096])
ReLU output shape: torch.Size([1, 4096])
Dropout output shape: torch.Size([1, 4096])
Linear output shape: torch.Size([1, 4096])
ReLU output shape: torch.Size([1, 4096])
Dropout output shape: torch.Size([1, 4096])
Linear output shape: torch.Size([1, 10])
"""
# the book prints ResNet on a 224×224 input
RESNET_D2L_224 = """
Sequential output shape: torch.Size([1, 64, 56, 56])
Sequential output shape: torch.Size([1, 64, 56, 56])
Sequential output shape: torch.Size([1, 128, 28, 28])
Sequential output shape: torch.Size([1, 256, 14, 14])
Sequential output shape: torch.Size([1, 512, 7, 7])
AdaptiveAvgPool2d output shape: torch.Size([1, 512, 1, 1])
Flatten output shape: torch.Size([1, 512])
Linear output shape: torch.Size([1, 10])
"""


def _words(text: str) -> list[list[str]]:
    return [line.split() for line in text.strip().splitlines()]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["lenet"], LENET_D2L),
        (["alexnet"], ALEXNET_D2L),
        (["resnet18", "--input-size", "224", "224"], RESNET_D2L_224),
    ],
)
def test_d2l_format_equals_the_books_printout(capsys, argv, expected):
    code, out, _ = run(capsys, "summary", *argv, "--format", "d2l")
    assert code == 0
    assert _words(out) == _words(expected)


@pytest.mark.parametrize("name", models.list_models())
@pytest.mark.parametrize("fmt", ["table", "d2l", "json"])
def test_every_model_in_every_format(capsys, name, fmt):
    code, out, err = run(capsys, "summary", name, "--format", fmt)
    assert code == 0 and not err
    if fmt == "json":
        data = json.loads(out)
        assert data["model"] == name and data["output_shape"] == [1, 10]
        assert sum(r["params"] for r in data["rows"]) == data["total_params"]
    elif fmt == "table":
        assert out.splitlines()[-2].startswith("Total")
        assert "(1, 10)" in out.splitlines()[-2]
    else:
        assert out.strip().splitlines()[-1].endswith("torch.Size([1, 10])")


def test_table_totals_and_depth(capsys):
    _, out, _ = run(capsys, "summary", "lenet")
    assert "61,706" in out.splitlines()[-2] and "416,520" in out.splitlines()[-2]
    _, shallow, _ = run(capsys, "summary", "googlenet")
    _, deep, _ = run(capsys, "summary", "googlenet", "--depth", "3")
    assert "2.0.p2_2" in deep and "2.0.p2_2" not in shallow
    assert "Inception" in deep and len(deep.splitlines()) > 3 * len(shallow.splitlines())


def test_list(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == models.list_models()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["summary", "lenet6"], "unknown model 'lenet6'"),
        (["summary", "alexnet", "--input-size", "28", "28"], "layer '5' (MaxPool2d)"),
        (["summary", "lenet", "--depth", "0"], "--depth"),
        (["summary", "lenet", "--input-size", "0", "5"], "--input-size"),
    ],
)
def test_errors_are_one_line_and_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and not out
    assert message in err and len(err.strip().splitlines()) == 1


def test_real_process_error_has_no_traceback():
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run(
        [sys.executable, "-m", "cnnviz", "summary", "alexnet", "--input-size", "28", "28"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("cnnviz: error: the input is too small")


def test_headless_export_of_graph_and_table(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    png, svg, csv_path = tmp_path / "g.png", tmp_path / "g.svg", tmp_path / "t.csv"
    for argv in (
        ["--model", "googlenet", "--unfold", "-o", str(svg)],
        ["--model", "lenet", "--theme", "contrast", "--scale", "2", "-o", str(png)],
        ["--model", "lenet", "--view", "table", "-o", str(csv_path)],
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "cnnviz", "export", *argv],
            capture_output=True, text=True, env=env, timeout=180,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = svg.read_text(encoding="utf-8")
    # blocks by what they are, joins by what they do: never a module path or torch.cat
    assert text.count("Stage 3 · Inception ×2") == 1 and "concatenate" in text
    assert "torch.cat" not in text and "Inception 2.0" not in text
    assert csv_path.read_text(encoding="utf-8").splitlines()[1].startswith("0,Conv2d,6×28×28")


def test_export_rejects_a_wrong_suffix(capsys, tmp_path):
    code, _, err = run(capsys, "export", "--model", "lenet", "-o", str(tmp_path / "x.gif"))
    assert code == 2 and ".png or .svg" in err
    assert not list(tmp_path.iterdir())


def test_summary_and_export_take_any_model_spec(capsys, tmp_path):
    """The user's own file (with keyword arguments) and torchvision, as the GUI opens them."""
    nets = tmp_path / "nets.py"
    nets.write_text(
        "from torch import nn\n\n"
        "def small_cnn(width=8):\n"
        "    return nn.Sequential(nn.Conv2d(1, width, 5, padding=2), nn.ReLU(),\n"
        "                         nn.AvgPool2d(2), nn.Flatten(), nn.Linear(width * 196, 10))\n"
    )
    assert main(["summary", f"{nets}:small_cnn(width=6)", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["input_shape"] == [1, 1, 28, 28]
    assert data["total_params"] == (6 * 25 + 6) + (6 * 196 * 10 + 10)
    assert main(["summary", "torchvision:mobilenet_v2", "--input-size", "96", "96"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("mobilenet_v2 on input (1, 3, 96, 96)")
    assert out.rstrip().endswith("3.5M parameters, 56.3M multiply-accumulates")
    svg = tmp_path / "small.svg"
    assert main(["export", "--model", f"{nets}:small_cnn", "-o", str(svg)]) == 0
    assert svg.read_text().startswith("<?xml") and "Conv2d" in svg.read_text()
