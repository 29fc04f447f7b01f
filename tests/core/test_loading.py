"""Loading networks from Python files and torchvision: the model, or one readable sentence."""

import textwrap

import pytest
from torch import nn

from cnnviz.core.graph import ShapeError, layer_graph
from cnnviz.core.loading import (
    ModelLoadError,
    file_candidates,
    load_model_from_file,
    load_torchvision_model,
    parse_kwargs,
    torchvision_model_names,
)

GOOD = """
import torch
from torch import nn

class TinyNet(nn.Module):
    def __init__(self, num_classes=10, in_channels=1):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, 4, 3, padding=1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(4, num_classes)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(torch.relu(self.conv(x))), 1))

def build(width=8):
    return nn.Sequential(nn.Conv2d(1, width, 5), nn.ReLU(), nn.Flatten(), nn.LazyLinear(10))

def not_a_model():
    return [1, 2, 3]

def config_with_tensors():
    widths = (torch.arange(3) * 4 + 4).tolist()   # real arithmetic: fails on meta
    return nn.Sequential(*[nn.Conv2d(1, w, 3) for w in widths[:1]])

model = nn.Sequential(nn.Conv2d(1, 2, 3))
answer = 42
"""


def write(tmp_path, text, name="nets.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_loads_a_class_with_kwargs_on_the_meta_device(tmp_path):
    net = load_model_from_file(write(tmp_path, GOOD), "TinyNet", num_classes=3)
    assert isinstance(net, nn.Module) and net.fc.out_features == 3
    assert {p.device.type for p in net.parameters()} == {"meta"}
    g = layer_graph(net, (1, 1, 8, 8), name="TinyNet")
    assert g.output_shape == (1, 3) and g.model_name == "TinyNet"


def test_loads_a_function_an_instance_and_a_builder_that_needs_real_tensors(tmp_path):
    path = write(tmp_path, GOOD)
    assert load_model_from_file(path, "build", width=4)[0].out_channels == 4
    assert isinstance(load_model_from_file(path, "model"), nn.Sequential)
    net = load_model_from_file(path, "config_with_tensors")
    assert {p.device.type for p in net.parameters()} == {"meta"}
    assert net[0].out_channels == 4


def test_each_load_runs_the_file_again(tmp_path):
    path = write(tmp_path, "from torch import nn\ndef f():\n    return nn.Linear(1, 2)\n")
    assert load_model_from_file(path, "f").out_features == 2
    path.write_text("from torch import nn\ndef f():\n    return nn.Linear(1, 5)\n")
    assert load_model_from_file(path, "f").out_features == 5


def test_missing_file(tmp_path):
    with pytest.raises(ModelLoadError, match="There is no file"):
        load_model_from_file(tmp_path / "nope.py", "Net")


def test_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path, "from torch import nn\n\ndef f(:\n    pass\n")
    with pytest.raises(ModelLoadError, match=r"syntax error on line 3") as info:
        load_model_from_file(path, "f")
    assert isinstance(info.value.__cause__, SyntaxError)


def test_exception_while_running_the_file_is_named(tmp_path):
    path = write(tmp_path, "raise RuntimeError('no GPU here')\n")
    with pytest.raises(ModelLoadError, match=r"Running nets.py raised RuntimeError: no GPU here"):
        load_model_from_file(path, "f")


def test_exception_while_calling_is_named(tmp_path):
    path = write(tmp_path, "def f(depth=3):\n    raise KeyError(depth)\n")
    with pytest.raises(ModelLoadError, match=r"Calling f from nets.py raised KeyError: 3"):
        load_model_from_file(path, "f")


def test_missing_attribute_lists_the_candidates(tmp_path):
    path = write(tmp_path, GOOD)
    with pytest.raises(ModelLoadError) as info:
        load_model_from_file(path, "ResNet")
    msg = str(info.value)
    assert "has no 'ResNet'" in msg
    for name in ("TinyNet", "build", "model"):
        assert name in msg
    assert "answer" not in msg and "torch" not in msg


def test_result_must_be_a_module(tmp_path):
    path = write(tmp_path, GOOD)
    with pytest.raises(ModelLoadError, match="returned a list, not an nn.Module"):
        load_model_from_file(path, "not_a_model")
    with pytest.raises(ModelLoadError, match="is of type int, not an nn.Module"):
        load_model_from_file(path, "answer")


def test_every_message_is_one_sentence(tmp_path):
    bad = [
        (tmp_path / "missing.py", "f"),
        (write(tmp_path, "def f(:\n", "a.py"), "f"),
        (write(tmp_path, "1/0\n", "b.py"), "f"),
        (write(tmp_path, GOOD, "c.py"), "Nope"),
        (write(tmp_path, GOOD, "d.py"), "not_a_model"),
    ]
    for path, attr in bad:
        with pytest.raises(ModelLoadError) as info:
            load_model_from_file(path, attr)
        msg = str(info.value)
        assert msg.endswith(".") and "\n" not in msg and msg[0].isupper(), msg


def test_too_small_input_is_a_shape_error(tmp_path):
    path = write(tmp_path, GOOD)
    net = load_model_from_file(path, "build")
    with pytest.raises(ShapeError):
        layer_graph(net, (1, 1, 3, 3))


def test_file_candidates_without_running_the_file(tmp_path):
    path = write(tmp_path, GOOD + "\nraise SystemExit(1)\n")
    assert file_candidates(path) == ["TinyNet", "build", "not_a_model", "config_with_tensors"]
    assert file_candidates(tmp_path / "missing.py") == []


def test_parse_kwargs():
    assert parse_kwargs("") == {}
    assert parse_kwargs("num_classes=10, widths=(8, 16), name='x'") == {
        "num_classes": 10,
        "widths": (8, 16),
        "name": "x",
    }
    for bad in ("10", "a=b", "a=", "**k"):
        with pytest.raises(ModelLoadError, match="name=value"):
            parse_kwargs(bad)


def test_torchvision_models():
    names = torchvision_model_names()
    assert {"resnet18", "vgg11", "vit_b_16", "regnet_x_400mf"} <= set(names)
    assert not any(n.startswith(("fcn_", "raft", "r3d")) for n in names)  # classification only
    net = load_torchvision_model("resnet18", num_classes=7)
    assert {p.device.type for p in net.parameters()} == {"meta"}
    g = layer_graph(net, (1, 3, 224, 224), name="resnet18")
    assert g.output_shape == (1, 7) and g.total_params == 11_180_103
    regnet = load_torchvision_model("regnet_x_400mf")  # builds its config with real tensors
    assert {p.device.type for p in regnet.parameters()} == {"meta"}


def test_unknown_torchvision_model():
    with pytest.raises(ModelLoadError, match=r"no classification model 'resnet19'.*resnet18"):
        load_torchvision_model("resnet19")


def test_a_file_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "latin.py"
    path.write_bytes(
        b"from torch import nn\n# caf\xe9 au lait\ndef f():\n    return nn.Linear(1, 2)\n"
    )
    with pytest.raises(ModelLoadError) as info:
        load_model_from_file(path, "f")
    msg = str(info.value)
    assert (
        msg == "The file latin.py is not UTF-8 text (line 2 has the byte 0xe9); save it as UTF-8."
    )
    assert file_candidates(path) == []
    declared = tmp_path / "declared.py"  # a file that says which encoding it uses is fine
    declared.write_bytes(b"# -*- coding: latin-1 -*-\n" + path.read_bytes())
    assert load_model_from_file(declared, "f").out_features == 2
    assert file_candidates(declared) == ["f"]


FORWARD_RAISES = """
from torch import nn


class Lookup(nn.Module):  # no children: fx treats it as one layer and runs it as it is
    def forward(self, x):
        return {"a": x}["b"]


class Net(nn.Module):
    def __init__(self, leaf=False):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)
        self.lookup = Lookup() if leaf else None

    def forward(self, x):
        y = self.conv(x)
        if self.lookup is not None:
            return self.lookup(y)
        return {}["x"]
"""


def test_a_forward_that_raises_names_the_users_file_and_line(tmp_path):
    path = write(tmp_path, FORWARD_RAISES, "my_net.py")
    lines = path.read_text(encoding="utf-8").splitlines()
    # fx cannot trace this one (the KeyError happens while tracing): the hook fallback runs it
    with pytest.raises(ShapeError) as info:
        layer_graph(load_model_from_file(path, "Net"), (1, 1, 8, 8))
    line = lines.index('        return {}["x"]') + 1
    assert str(info.value) == f"your model's forward raised KeyError: 'x' (my_net.py, line {line})"
    assert isinstance(info.value.__cause__, KeyError)
    # traced by fx, the error comes out of a layer the interpreter runs
    with pytest.raises(ShapeError) as info:
        layer_graph(load_model_from_file(path, "Net", leaf=True), (1, 1, 8, 8))
    line = lines.index('        return {"a": x}["b"]') + 1
    assert str(info.value) == f"your model's forward raised KeyError: 'b' (my_net.py, line {line})"
    assert "Proxy" not in str(info.value)


def test_a_forward_that_keeps_a_traced_value_does_not_show_fx_placeholders(tmp_path):
    path = write(
        tmp_path,
        """
        from torch import nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(1, 4, 3)
                self.sizes = {4: "four"}

            def forward(self, x):
                y = self.conv(x)
                if not hasattr(self, "width"):
                    self.width = y.shape[1]  # the first call is fx's tracing: a Proxy
                return y * len(self.sizes[self.width])
        """,
        "stateful.py",
    )
    with pytest.raises(ShapeError) as info:
        layer_graph(load_model_from_file(path, "Net"), (1, 1, 8, 8))
    msg = str(info.value)
    assert msg.startswith("your model's forward raised KeyError") and "Proxy" not in msg
    assert msg.endswith("(stateful.py, line 14)")
