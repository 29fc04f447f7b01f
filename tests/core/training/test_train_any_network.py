"""Train your own network: a user's file and torchvision through the same spec as everywhere,
summarised, trained on the shapes set, resumed and evaluated, with readable refusals."""

import pytest

from cnnviz.cli import main
from cnnviz.core.evaluate import evaluate_run, load_run_model
from cnnviz.core.model_spec import build_trainable
from cnnviz.core.training import TrainConfig
from cnnviz.core.training.runs import RunDirectory

NETS = """
from torch import nn

class SmallCNN(nn.Module):
    def __init__(self, width=8, num_classes=10, in_channels=1):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(in_channels, width, 3, padding=1), nn.ReLU(),
                                      nn.MaxPool2d(2))
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(width * 14 * 14, num_classes))

    def forward(self, x):
        return self.head(self.features(x))

def fixed():  # takes no arguments: 3 channels, 1000 classes
    return nn.Sequential(nn.Conv2d(3, 4, 3), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                         nn.Linear(4, 1000))
"""

QUICK = ["--dataset", "shapes", "--batch-size", "64", "--device", "cpu", "--quiet"]


@pytest.fixture
def nets(tmp_path):
    path = tmp_path / "nets.py"
    path.write_text(NETS)
    return path


def test_a_users_file_is_summarised_trained_resumed_and_evaluated(nets, tmp_path, capsys):
    spec = f"{nets}:SmallCNN(width=6)"
    assert main(["summary", spec]) == 0
    assert "SmallCNN(width=6) on input (1, 1, 28, 28)" in capsys.readouterr().out
    run_dir = tmp_path / "run"
    assert main(["train", spec, "--epochs", "1", *QUICK, "--run-dir", str(run_dir)]) == 0
    assert RunDirectory(run_dir).read_config().model == spec  # the run records the spec
    capsys.readouterr()
    assert main(["train", spec, "--epochs", "2", "--resume", *QUICK,
                 "--run-dir", str(run_dir)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "epoch 2:" in out and "epoch 1:" not in out  # it went on from the checkpoint
    model, _config, ckpt = load_run_model(run_dir)
    assert type(model).__name__ == "SmallCNN" and ckpt["epoch"] == 1
    assert model.features[0].out_channels == 6  # the spec's keyword argument, rebuilt
    ev = evaluate_run(run_dir)
    assert ev.accuracy > 0.3 and ev.confusion.sum() == ev.test_count  # it learned something


def test_torchvision_gets_the_datas_channels_and_classes():
    model = build_trainable("torchvision:resnet18", num_classes=10, input_shape=(1, 1, 32, 32))
    assert model.conv1.in_channels == 1 and model.fc.out_features == 10
    assert TrainConfig(model="torchvision:resnet18").resolved().input_size == 224
    assert TrainConfig(model="torchvision:resnet18", input_size=32).resolved().lr == 0.1


def test_a_network_that_does_not_fit_the_data_says_what_it_must_accept(nets):
    with pytest.raises(ValueError) as caught:
        build_trainable(f"{nets}:fixed", num_classes=10, input_shape=(1, 1, 28, 28))
    text = str(caught.value)
    assert "must take 1×28×28 images and put out 10 class scores" in text
    assert "num_classes and in_channels" in text and "\n" not in text


def test_an_unknown_network_is_refused_before_training(capsys, tmp_path):
    assert main(["train", "torchvision:resnt18", *QUICK, "--run-dir", str(tmp_path / "r")]) == 2
    assert "did you mean" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()
