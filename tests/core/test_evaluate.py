"""Evaluation of a checkpoint: confusion matrix by hand, predictions, kernels, run loading."""

import numpy as np
import pytest
import torch
from torch import nn

from cnnviz.core import data
from cnnviz.core.evaluate import (
    confusion_matrix,
    evaluate_model,
    evaluate_run,
    first_layer_kernels,
    load_run_model,
    predict_proba,
)
from cnnviz.core.training import TrainConfig, Trainer

SHAPES = data.make_shapes(600, 150, seed=3)


def tiny_dataset() -> data.DataSet:
    g = torch.Generator().manual_seed(0)
    x = torch.randint(0, 256, (12, 1, 2, 2), generator=g, dtype=torch.uint8)
    y = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2])
    return data.DataSet("tiny", x[:4], y[:4], x, y, ("a", "b", "c"), "test", "")


def tiny_model() -> nn.Module:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(4, 3))
    with torch.no_grad():
        model[1].weight.copy_(torch.tensor([[1.0, -1, 0, 0], [0, 1, -1, 0], [0, 0, 1, -1]]))
        model[1].bias.copy_(torch.tensor([0.0, 0.1, -0.1]))
    return model


def test_confusion_matrix_matches_a_hand_computation_on_a_tiny_model():
    ds, model = tiny_dataset(), tiny_model()
    ev = evaluate_model(model, ds, input_size=2, samples=5)
    # by hand: scores = W·(x/255) + b, the prediction is the largest score
    w = model[1].weight.detach().numpy()
    b = model[1].bias.detach().numpy()
    expected = np.zeros((3, 3), dtype=np.int64)
    for img, label in zip(ds.test_images.numpy(), ds.test_labels.numpy()):
        scores = w @ (img.reshape(-1) / 255.0) + b
        expected[label, int(np.argmax(scores))] += 1
    np.testing.assert_array_equal(ev.confusion, expected)
    assert ev.confusion.sum() == ev.test_count == 12
    assert ev.accuracy == pytest.approx(np.trace(expected) / 12)
    assert ev.images.shape == (5, 1, 2, 2) and ev.probabilities.shape == (5, 3)
    np.testing.assert_allclose(ev.probabilities.sum(1), 1, rtol=1e-5)
    assert ev.kernels is None and ev.kernel_layer == ""  # no convolution in it
    assert model.training  # evaluation left the mode as it was


def test_confusion_matrix_counts_and_checks_its_input():
    cm = confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)
    assert cm.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]
    with pytest.raises(ValueError, match="labels but"):
        confusion_matrix([0, 1], [0], 3)
    with pytest.raises(ValueError, match=r"\[0, 3\)"):
        confusion_matrix([0, 3], [0, 0], 3)


def test_predict_proba_resizes_and_stays_in_eval_mode():
    model = nn.Sequential(nn.BatchNorm2d(1), nn.Flatten(), nn.Linear(16, 4))
    images = torch.randint(0, 256, (7, 1, 8, 8), dtype=torch.uint8)
    p = predict_proba(model, images, input_size=4, batch_size=3)
    assert p.shape == (7, 4) and np.allclose(p.sum(1), 1, atol=1e-5)
    assert model.training and model[0].num_batches_tracked.item() == 0  # no BN update


def test_a_run_is_evaluated_from_its_latest_checkpoint(tmp_path):
    config = TrainConfig(model="lenet_bn", dataset="shapes", epochs=1, batch_size=64, lr=0.5,
                         device="cpu", test_subset=100)  # fmt: skip
    run_dir = tmp_path / "run"
    with pytest.raises(ValueError, match="no checkpoint"):
        load_run_model(run_dir)
    history = Trainer(config, dataset=SHAPES, run_dir=run_dir).fit()
    ev = evaluate_run(run_dir, dataset=SHAPES, samples=8)
    assert ev.test_count == 100 and ev.confusion.sum() == 100
    assert ev.accuracy == pytest.approx(history[-1].test_acc, abs=1e-9)  # the trainer's own
    assert ev.classes == data.SHAPES_CLASSES and ev.model_name == "lenet_bn"
    assert ev.kernels.shape == (6, 1, 5, 5) and ev.kernel_layer == "0"
    assert ev.epoch == 1.0 and ev.step > 0
    assert ev.predictions.shape == (8,)
    model, cfg, _ = load_run_model(run_dir)
    assert cfg.model == "lenet_bn" and not model.training
    _, k = first_layer_kernels(model)
    np.testing.assert_array_equal(k, ev.kernels)
