"""One model spec everywhere: the zoo, torchvision and the user's own file."""

import pytest

from cnnviz.core.graph import layer_graph_for
from cnnviz.core.model_spec import (
    ModelSpec,
    input_shape_for,
    layer_graph_for_spec,
    parse_model_spec,
)

TINY = """
from torch import nn

class TinyNet(nn.Module):
    def __init__(self, width=8, num_classes=10):
        super().__init__()
        self.conv = nn.Conv2d(1, width, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(width * 14 * 14, num_classes)

    def forward(self, x):
        return self.fc(self.pool(self.conv(x).relu()).flatten(1))
"""


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "my nets.py"  # a space in the path, as people's folders have
    path.write_text(TINY)
    return path


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("lenet", ModelSpec("zoo", "lenet")),
        (" torchvision:vit_b_16 ", ModelSpec("torchvision", "vit_b_16")),
        ("nets.py:TinyNet", ModelSpec("file", "TinyNet", "nets.py")),
        ("C:\\work\\nets.py:Net(width=32, sizes=(8, 16))",
         ModelSpec("file", "Net", "C:\\work\\nets.py", (("width", 32), ("sizes", (8, 16))))),
    ],
)  # fmt: skip
def test_specs_are_parsed_and_written_back(text, spec):
    assert parse_model_spec(text) == spec
    assert parse_model_spec(str(spec)) == spec  # the text a recent list keeps reads back


def test_parsing_runs_nothing(tmp_path):
    trap = tmp_path / "trap.py"
    trap.write_text(f"open({str(tmp_path / 'ran')!r}, 'w').close()\n")
    parse_model_spec(f"{trap}:Net")
    with pytest.raises(ValueError, match="plain values"):
        parse_model_spec(f"{trap}:Net(x=__import__('os').system('true'))")
    assert not (tmp_path / "ran").exists()


def test_inputs_where_the_spec_has_none():
    assert input_shape_for(parse_model_spec("googlenet")) == (1, 1, 96, 96)
    assert input_shape_for(parse_model_spec("torchvision:resnet50")) == (1, 3, 224, 224)
    assert input_shape_for(parse_model_spec("x.py:Net")) == (1, 1, 28, 28)
    assert input_shape_for(parse_model_spec("x.py:Net"), (32, 40), 3) == (1, 3, 32, 40)
    with pytest.raises(ValueError, match="two positive numbers"):
        input_shape_for(parse_model_spec("lenet"), (0, 28))


def test_a_users_file_is_drawn_with_its_arguments(tiny):
    g = layer_graph_for_spec(f"{tiny}:TinyNet(width=4)")
    assert g.input_shape == (1, 1, 28, 28)
    assert g.total_params == (4 * 9 + 4) + (4 * 14 * 14 * 10 + 10)
    assert [n.name for n in g.nodes][:2] == ["input", "conv"]
    assert g.model_name.endswith("TinyNet(width=4)")


def test_the_zoo_and_torchvision_through_the_spec():
    assert layer_graph_for_spec("lenet").total_params == layer_graph_for("lenet").total_params
    g = layer_graph_for_spec("torchvision:resnet18", (64, 64))
    assert g.input_shape == (1, 3, 64, 64) and g.total_params == 11_689_512
    assert g.output_shape == (1, 1000)
