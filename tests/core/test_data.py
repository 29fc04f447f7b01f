"""Data sets: real Fashion-MNIST offline, the embedded shapes set, and clear errors."""

import shutil

import pytest
import torch

from cnnviz.core import data


@pytest.fixture(scope="module")
def fashion_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    ds = data.load_dataset("fashion-mnist", root=root)
    return root, ds


def test_fashion_mnist_comes_from_the_debian_package_once(fashion_root):
    root, ds = fashion_root
    assert "Debian package" in ds.source
    assert ds.train_images.shape == (60000, 1, 28, 28) and ds.train_images.dtype == torch.uint8
    assert ds.test_images.shape == (10000, 1, 28, 28)
    assert ds.classes[0] == "T-shirt/top" and ds.classes[9] == "Ankle boot"
    # the real data: balanced classes, 6000 each in training
    assert torch.bincount(ds.train_labels).tolist() == [6000] * 10
    again = data.load_dataset("fashion-mnist", root=root)
    assert "data directory" in again.source
    assert torch.equal(again.test_labels, ds.test_labels)
    assert "60,000 training" in ds.describe()


def test_cnnviz_data_env_sets_the_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("CNNVIZ_DATA", str(tmp_path / "d"))
    assert data.data_dir() == tmp_path / "d"


@pytest.mark.parametrize("damage", ["truncate", "header"])
def test_a_corrupt_file_names_the_file_and_the_fix(fashion_root, tmp_path, damage):
    root, _ = fashion_root
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    victim = copy / "FashionMNIST" / "raw" / "t10k-labels-idx1-ubyte"
    raw = victim.read_bytes()
    victim.write_bytes(raw[:5000] if damage == "truncate" else b"\x01\x02" + raw[2:])
    with pytest.raises(data.DataError, match="t10k-labels-idx1-ubyte") as err:
        data.load_dataset("fashion-mnist", root=copy)
    assert "delete" in str(err.value)


def test_missing_data_without_download_says_what_to_do(tmp_path):
    with pytest.raises(data.DataError, match="allow the download.*shapes"):
        data.load_dataset("mnist", root=tmp_path)
    with pytest.raises(ValueError, match="unknown data set 'imagenet'"):
        data.load_dataset("imagenet")


def test_shapes_are_deterministic_balanced_and_distinct():
    a = data.make_shapes(500, 100, seed=3)
    b = data.make_shapes(500, 100, seed=3)
    assert torch.equal(a.train_images, b.train_images) and torch.equal(a.test_labels, b.test_labels)
    assert not torch.equal(a.train_images, data.make_shapes(500, 100, seed=4).train_images)
    assert torch.bincount(a.train_labels).tolist() == [50] * 10
    assert a.train_images.shape == (500, 1, 28, 28) and a.train_images.dtype == torch.uint8
    # classes differ visibly: a nearest-class-mean classifier on pixels beats chance by far
    x = a.train_images.float().flatten(1)
    means = torch.stack([x[a.train_labels == k].mean(0) for k in range(10)])
    xt = a.test_images.float().flatten(1)
    pred = torch.cdist(xt, means).argmin(1)
    assert (pred == a.test_labels).float().mean() > 0.3
    assert a.classes[0] == "circle" and a.path == "" and "generated" in a.source


def test_subset():
    s = data.make_shapes(100, 20).subset(30, 10)
    assert len(s.train_labels) == 30 and len(s.test_images) == 10
