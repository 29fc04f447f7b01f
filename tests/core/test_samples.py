"""cnnviz.core.samples (inputs, kernel presets, image loading) and cnnviz.core.features (every
layer's output, conv/pool layers as stepper cases)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image

from cnnviz import resource_path
from cnnviz.core import features, samples
from cnnviz.core.graph import layer_graph_for
from cnnviz.core.ops import corr2d, stripe_image
from cnnviz.core.stepper import conv2d_trace, pool2d_trace

# --------------------------------------------------------------------------- kernel presets


def test_kernel_presets_are_registered_with_the_book_kernels():
    names = samples.list_kernel_presets()
    for name in (
        "identity",
        "edge",
        "sobel_x",
        "sobel_y",
        "box_blur",
        "gaussian",
        "sharpen",
        "laplacian",
        "book_2x2",
    ):
        assert name in names
    assert samples.get_kernel_preset("edge").tensor().tolist() == [[1.0, -1.0]]
    for name in ("box_blur", "gaussian"):  # blurs keep the brightness
        assert samples.get_kernel_preset(name).tensor().sum().item() == pytest.approx(1.0)
    for name in ("sobel_x", "sobel_y", "laplacian"):  # edge detectors ignore flat regions
        assert samples.get_kernel_preset(name).tensor().sum().item() == 0
    X = torch.arange(25.0).reshape(5, 5)
    identity = samples.get_kernel_preset("identity").tensor().float()
    assert torch.equal(corr2d(X, identity), X[1:-1, 1:-1])


def test_kernel_registry_rejects_bad_entries():
    with pytest.raises(ValueError, match="unknown kernel preset 'nope'"):
        samples.get_kernel_preset("nope")
    with pytest.raises(ValueError, match="already registered"):
        samples.register_kernel_preset(samples.KernelPreset("edge", "again", ((1,),)))
    with pytest.raises(ValueError, match="rectangle"):
        samples.register_kernel_preset(samples.KernelPreset("ragged", "x", ((1, 2), (3,))))
    assert "ragged" not in samples.KERNEL_PRESETS


def test_kernel_bank_and_random_kernel():
    bank = samples.kernel_bank([[1, -1]], out_channels=3, in_channels=2)
    assert bank.shape == (3, 2, 1, 2) and bank.dtype == torch.float64
    bank[0, 0, 0, 0] = 5  # a real copy, not a broadcast view
    assert bank[1, 1, 0, 0] == 1
    with pytest.raises(ValueError):
        samples.kernel_bank([1, 2, 3])
    a = samples.random_kernel(2, 3, 3, 3, seed=4)
    assert torch.equal(a, samples.random_kernel(2, 3, 3, 3, seed=4))
    assert not torch.equal(a, samples.random_kernel(2, 3, 3, 3, seed=5))
    assert a.abs().max() <= 1 and torch.equal(a, torch.round(a, decimals=1))


def test_random_input_is_reproducible_integers():
    X = samples.random_input(2, 4, 5, seed=1)
    assert X.shape == (2, 4, 5) and torch.equal(X, X.round()) and 0 <= X.min() and X.max() <= 9
    assert torch.equal(X, samples.random_input(2, 4, 5, seed=1))
    U = samples.random_input(1, 3, 3, integers=False)
    assert 0 <= U.min() and U.max() < 1 and not torch.equal(U, U.round())
    with pytest.raises(ValueError, match="sizes >= 1"):
        samples.random_input(1, 0, 3)


# --------------------------------------------------------------------------- samples


def test_every_sample_loads_as_a_small_image():
    for name in samples.list_samples():
        info = samples.get_sample(name)
        X = info.load()
        assert X.ndim == 3 and X.dtype == torch.float64, name
        assert X.shape[0] in (1, 2, 3) and max(X.shape[1:]) <= samples.MAX_SIDE, name
        assert info.licence, name
    assert samples.load_sample("book_3x3").tolist() == [[[0, 1, 2], [3, 4, 5], [6, 7, 8]]]
    assert torch.equal(samples.load_sample("book_stripes")[0], stripe_image().double())
    assert samples.load_sample("book_4x4")[0, 3].tolist() == [12, 13, 14, 15]
    assert samples.load_sample("generated_house").shape == (3, 48, 48)
    boot = samples.load_sample("fashion_ankle_boot")
    assert boot.shape == (1, 28, 28) and 0 <= boot.min() and boot.max() <= 1
    assert len([n for n in samples.list_samples() if n.startswith("fashion_")]) == 6


def test_sample_files_and_their_licences_ship_in_resources():
    folder = resource_path("samples")
    note = (folder / "LICENSES.md").read_text(encoding="utf-8")
    for _, file, _ in samples.FASHION_FILES:
        assert (folder / file).is_file() and file in note
    assert "MIT" in note and "Zalando" in note and "generated_house.png" in note


def test_generated_pictures_are_deterministic():
    assert np.array_equal(samples.synthetic_house(), samples.synthetic_house())
    house = samples.synthetic_house(48)
    stored = np.asarray(Image.open(resource_path("samples", "generated_house.png")))
    assert np.array_equal(house, stored)
    assert samples.synthetic_shapes(32).shape == (32, 32)


# --------------------------------------------------------------------------- images


def test_load_image_grey_rgb_alpha_and_reduction(tmp_path):
    grey = tmp_path / "grey.png"
    Image.fromarray(np.full((10, 12), 128, dtype=np.uint8)).save(grey)
    X = samples.load_image(grey)
    assert X.shape == (1, 10, 12) and X.max().item() == pytest.approx(128 / 255)
    rgb = tmp_path / "rgb.jpg"
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 255, (300, 150, 3), dtype=np.uint8)).save(rgb)
    X = samples.load_image(rgb)
    assert X.shape == (3, 64, 32)  # reduced, aspect kept
    grey_rgb = tmp_path / "grey_rgb.png"  # three equal channels count as grey
    Image.fromarray(np.full((4, 4, 3), 200, dtype=np.uint8)).save(grey_rgb)
    assert samples.load_image(grey_rgb).shape == (1, 4, 4)
    alpha = tmp_path / "alpha.png"  # transparent pixels become white
    Image.fromarray(np.zeros((2, 2, 4), dtype=np.uint8)).save(alpha)
    assert samples.load_image(alpha).min().item() == 1.0


def test_load_image_explains_broken_and_missing_files(tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\nnot an image")
    with pytest.raises(ValueError, match=r"broken.png could not be read as an image"):
        samples.load_image(broken)
    truncated = tmp_path / "cut.png"
    Image.fromarray(np.zeros((50, 50), dtype=np.uint8)).save(truncated)
    truncated.write_bytes(truncated.read_bytes()[:60])
    with pytest.raises(ValueError, match="cut.png"):
        samples.load_image(truncated)
    with pytest.raises(ValueError, match="no such file"):
        samples.load_image(tmp_path / "missing.png")


def test_reduce_image_keeps_small_images_and_averages_large_ones():
    small = np.zeros((8, 8), dtype=np.uint8)
    assert samples.reduce_image(small) is small
    big = np.zeros((128, 128), dtype=np.uint8)
    big[:, 64:] = 255
    out = samples.reduce_image(big)
    assert out.shape == (64, 64) and out[0, 0] == 0 and out[0, 63] == 255


def test_adapt_channels():
    rgb = torch.rand(3, 4, 4, dtype=torch.float64)
    grey = samples.adapt_channels(rgb, 1)
    torch.testing.assert_close(grey[0], 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2])
    assert torch.equal(samples.adapt_channels(rgb, 2), rgb[:2])
    assert torch.equal(samples.adapt_channels(grey, 3), grey.expand(3, 4, 4))
    assert samples.adapt_channels(rgb, 3) is rgb
    with pytest.raises(ValueError):
        samples.adapt_channels(rgb[0], 1)


# --------------------------------------------------------------------------- feature maps


@pytest.mark.parametrize(
    "name", ["lenet", "lenet_bn_scratch", "nin", "googlenet", "resnet18", "densenet"]
)
def test_feature_maps_name_every_layer_as_the_layer_graph_does(name):
    model = features.build_model(name)
    ex = features.FeatureExtractor(model, features.input_shape_for(name, model))
    result = ex.run(samples.load_sample("fashion_sneaker"))
    assert [m.name for m in result.maps] == [n.name for n in layer_graph_for(name).nodes]
    graph = {n.name: n for n in layer_graph_for(name).nodes}
    for m in result.maps[1:]:
        assert m.shape == tuple(graph[m.name].output_shape[1:]), m.name
        assert max(m.maps.shape[1:]) <= features.MAX_TILE
        assert m.lo <= m.hi
    assert ex.traced


def test_feature_maps_leave_the_model_and_the_random_state_alone():
    model = features.build_model("lenet")
    model.train()
    state = torch.random.get_rng_state()
    ex = features.FeatureExtractor(model, (1, 1, 28, 28))
    ex.run(samples.load_sample("book_stripes"))
    assert model.training
    assert torch.equal(torch.random.get_rng_state(), state)
    a = features.build_model("lenet").state_dict()
    b = features.build_model("lenet").state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)  # reproducible initial weights


def test_prepare_input_adapts_channels_and_size():
    x, notes = features.prepare_input(samples.load_sample("generated_house"), (1, 1, 96, 96))
    assert x.shape == (1, 1, 96, 96) and x.dtype == torch.float32
    assert notes == [
        "RGB to grey (0.299 R + 0.587 G + 0.114 B): 3 → 1 channel",
        "resized 48×48 → 96×96",
    ]
    x, notes = features.prepare_input(samples.load_sample("fashion_bag"), (1, 1, 28, 28))
    assert notes == []


def test_feature_extraction_can_be_cancelled():
    class Stop(Exception):
        pass

    calls = []

    def check():
        calls.append(1)
        if len(calls) == 3:
            raise Stop

    ex = features.FeatureExtractor(features.build_model("lenet"), (1, 1, 28, 28))
    with pytest.raises(Stop):
        ex.run(samples.load_sample("fashion_bag"), check=check)


def test_a_conv_layer_case_replays_the_layer_exactly():
    model = features.build_model("lenet")
    ex = features.FeatureExtractor(model, (1, 1, 28, 28))
    result = ex.run(samples.load_sample("fashion_ankle_boot"))
    case = ex.layer_case(result, "0", 3)
    assert case.exact and case.kind == "conv" and case.padding == (2, 2)
    conv = model.get_submodule("0")
    torch.testing.assert_close(case.K[0], conv.weight.detach()[3].double())
    t = conv2d_trace(
        case.X, case.K, case.bias, stride=case.stride, padding=case.padding, dilation=case.dilation
    )
    torch.testing.assert_close(t.output[0].float(), result.get("0").maps[3], atol=1e-5, rtol=0)
    # the second convolution has 6 input channels: 3 are kept, and the notes say so
    case = ex.layer_case(result, "3", 7)
    assert not case.exact and case.input_channels == (0, 1, 2)
    assert "input channels 0–2 of 6" in case.notes[0]
    full = F.conv2d(
        result.get("3").input[None, :3],
        model.get_submodule("3").weight[7:8, :3],
        model.get_submodule("3").bias[7:8],
    )[0, 0]
    t = conv2d_trace(case.X, case.K, case.bias)
    torch.testing.assert_close(t.output[0].float(), full, atol=1e-5, rtol=0)


def test_pooling_and_large_layer_cases():
    model = features.build_model("lenet")
    ex = features.FeatureExtractor(model, (1, 1, 28, 28))
    result = ex.run(samples.load_sample("fashion_dress"))
    case = ex.layer_case(result, "2", 4)
    assert case.kind == "pool" and case.mode == "avg" and case.exact
    t = pool2d_trace(
        case.X, case.kernel_size, stride=case.stride, padding=case.padding, mode=case.mode
    )
    torch.testing.assert_close(t.output[0].float(), result.get("2").maps[4], atol=1e-6, rtol=0)
    with pytest.raises(ValueError, match="not a convolution or pooling"):
        ex.layer_case(result, "1", 0)
    with pytest.raises(ValueError, match="channel must be in 0 … 5"):
        ex.layer_case(result, "0", 6)
    # resnet18's stem sees 96×96: the stepper gets the centre 64×64
    net = features.build_model("resnet18")
    ex = features.FeatureExtractor(net, features.input_shape_for("resnet18", net))
    result = ex.run(samples.load_sample("fashion_dress"))
    first_conv = next(m.name for m in result.maps if m.op == "Conv2d")
    case = ex.layer_case(result, first_conv, 0)
    assert case.X.shape == (1, 64, 64) and case.crop == (16, 16, 64, 64)
    assert any("centre 64×64 of the 96×96" in n for n in case.notes)


def test_models_built_in_parallel_threads_get_the_same_weights():
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        models = list(pool.map(lambda _: features.build_model("nin"), range(4)))
    reference = features.build_model("nin").state_dict()
    for m in models:
        assert all(torch.equal(v, reference[k]) for k, v in m.state_dict().items())


def test_every_sample_says_where_it_comes_from_in_both_languages():
    for s in samples.SAMPLES.values():
        en, zh = s.licence_in("en"), s.licence_in("zh_CN")
        assert (en == s.licence and "licen" in en.lower()) or "CC BY-SA" in en
        assert zh != en and any("\u4e00" <= c <= "\u9fff" for c in zh), s.name
