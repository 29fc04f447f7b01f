"""The model zoo: every network builds, runs on its input and matches the book's numbers."""

import pytest
import torch
from torch import nn

from cnnviz.core import models
from cnnviz.core.ops import BatchNorm

EXPECTED = [
    "lenet", "lenet_bn", "lenet_bn_scratch", "alexnet", "vgg11", "vgg11_small", "nin",
    "googlenet", "resnet18", "densenet",
]  # fmt: skip

# parameter counts for 1 input channel and 10 classes, computed from the book's layer sizes
EXPECTED_PARAMS = {
    # conv 6·(25+1) + 16·(150+1) + fc 120·401 + 84·121 + 10·85
    "lenet": 156 + 2416 + 48120 + 10164 + 850,
    # no padding: 16·4·4 = 256 inputs to the first linear layer; BN adds 2 per feature
    "lenet_bn": 156 + 12 + 2416 + 32 + 120 * 257 + 240 + 84 * 121 + 168 + 850,
}


def test_registry_lists_every_network_in_chapter_order():
    assert models.list_models() == EXPECTED


def test_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match="unknown model 'lenet6'.*lenet, lenet_bn"):
        models.get_model("lenet6")
    with pytest.raises(ValueError, match="valid names"):
        models.model_info("resnet50")


@pytest.mark.parametrize("name", EXPECTED)
def test_every_network_classifies_its_input(name):
    info = models.model_info(name)
    torch.manual_seed(0)
    net = models.get_model(name).eval()
    with torch.no_grad():
        y = net(torch.rand(info.input_shape))
    assert y.shape == (1, 10)
    assert torch.isfinite(y).all()


@pytest.mark.parametrize("name", ["lenet", "nin", "googlenet", "resnet18", "densenet"])
def test_channels_and_classes_are_parameters(name):
    info = models.model_info(name)
    shape = (2, 3, *info.input_shape[2:])
    net = models.get_model(name, num_classes=7, in_channels=3).eval()
    with torch.no_grad():
        assert net(torch.rand(shape)).shape == (2, 7)


def test_bad_sizes_are_rejected():
    with pytest.raises(ValueError, match="num_classes"):
        models.get_model("lenet", num_classes=0)
    with pytest.raises(ValueError, match="in_channels"):
        models.get_model("lenet", in_channels=0)


def test_input_shapes_and_recipes_follow_the_book():
    sizes = {n: models.model_info(n).input_shape for n in EXPECTED}
    assert sizes["lenet"] == sizes["lenet_bn"] == (1, 1, 28, 28)
    assert sizes["alexnet"] == sizes["vgg11"] == sizes["nin"] == (1, 1, 224, 224)
    assert sizes["googlenet"] == sizes["resnet18"] == sizes["densenet"] == (1, 1, 96, 96)
    lrs = {n: models.model_info(n).recipe.lr for n in EXPECTED}
    assert lrs == {
        "lenet": 0.9, "lenet_bn": 1.0, "lenet_bn_scratch": 1.0, "alexnet": 0.01,
        "vgg11": 0.05, "vgg11_small": 0.05, "nin": 0.1, "googlenet": 0.1, "resnet18": 0.05,
        "densenet": 0.1,
    }  # fmt: skip
    assert models.model_info("alexnet").recipe.batch_size == 128
    assert models.model_info("lenet").recipe.batch_size == 256
    assert all(models.model_info(n).recipe.epochs == 10 for n in EXPECTED)


@pytest.mark.parametrize("name", list(EXPECTED_PARAMS))
def test_parameter_counts(name):
    net = models.get_model(name)
    assert sum(p.numel() for p in net.parameters()) == EXPECTED_PARAMS[name]


def test_lenet_bn_variants_agree_and_put_norm_before_the_sigmoid():
    torch_bn, scratch = models.get_model("lenet_bn"), models.get_model("lenet_bn_scratch")
    kinds = [type(m).__name__ for m in torch_bn]
    assert kinds[:3] == ["Conv2d", "BatchNorm2d", "Sigmoid"]
    assert torch_bn[0].padding == (0, 0)
    assert torch_bn[9].in_features == 16 * 4 * 4
    assert sum(isinstance(m, BatchNorm) for m in scratch) == 4
    for m in torch_bn:  # non-trivial γ and β, so copying them matters
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            nn.init.uniform_(m.weight, 0.5, 2.0)
            nn.init.uniform_(m.bias, -1.0, 1.0)
    # same parameters ⇒ same outputs, in training and in evaluation mode
    missing, _ = scratch.load_state_dict(
        {
            k.replace("weight", "gamma").replace("bias", "beta")
            if k.split(".")[0] in {"1", "5", "10", "13"}
            else k: v
            for k, v in torch_bn.state_dict().items()
            if "running" not in k and "num_batches" not in k
        },
        strict=False,
    )
    assert all("moving" in k for k in missing)
    x = torch.rand(8, 1, 28, 28)
    torch.testing.assert_close(scratch.train()(x), torch_bn.train()(x), atol=1e-5, rtol=1e-4)
    torch.testing.assert_close(scratch.eval()(x), torch_bn.eval()(x), atol=1e-5, rtol=1e-4)


def test_vgg11_blocks_follow_conv_arch_and_small_divides_channels_by_four():
    big, small = models.get_model("vgg11"), models.get_model("vgg11_small")
    for net, div in ((big, 1), (small, 4)):
        blocks = [m for m in net if isinstance(m, models.VGGBlock)]
        convs = [[c.out_channels for c in b if isinstance(c, nn.Conv2d)] for b in blocks]
        assert convs == [[64 // div], [128 // div], [256 // div] * 2, [512 // div] * 2,
                         [512 // div] * 2]  # fmt: skip
        assert net[6].in_features == 512 // div * 7 * 7


def test_inception_channel_arithmetic():
    block = models.Inception(192, 64, (96, 128), (16, 32), 32)
    assert block(torch.rand(1, 192, 12, 12)).shape == (1, 64 + 128 + 32 + 32, 12, 12)


def test_residual_shortcut_adds_input_back():
    block = models.Residual(3, 3).eval()
    for conv in (block.conv1, block.conv2):
        nn.init.zeros_(conv.weight)
        nn.init.zeros_(conv.bias)
    nn.init.zeros_(block.bn2.bias)
    x = torch.rand(1, 3, 6, 6)
    torch.testing.assert_close(block(x), torch.relu(x))  # F(x) = 0 ⇒ relu(x)
    down = models.Residual(3, 6, use_1x1conv=True, strides=2)
    assert down(x).shape == (1, 6, 3, 3)
    assert down.conv3.kernel_size == (1, 1)


def test_dense_block_and_transition_block_shapes():
    blk = models.DenseBlock(2, 3, 10)
    y = blk(torch.rand(4, 3, 8, 8))
    assert y.shape == (4, 23, 8, 8)
    assert models.transition_block(23, 10)(y).shape == (4, 10, 4, 4)
    cb = models.conv_block(3, 5)
    assert [type(m).__name__ for m in cb] == ["BatchNorm2d", "ReLU", "Conv2d"]


def test_resnet_stages_halve_size_and_double_channels():
    net = models.get_model("resnet18")
    x = torch.rand(1, 1, 96, 96)
    shapes = []
    with torch.no_grad():
        for stage in net:
            x = stage(x)
            shapes.append(tuple(x.shape))
    assert shapes[:5] == [(1, 64, 24, 24), (1, 64, 24, 24), (1, 128, 12, 12), (1, 256, 6, 6),
                          (1, 512, 3, 3)]  # fmt: skip
    residuals = [m for m in net.modules() if isinstance(m, models.Residual)]
    assert len(residuals) == 8
    assert [r.conv3 is not None for r in residuals] == [False, False] + [True, False] * 3


def test_densenet_channels():
    net = models.get_model("densenet")
    dense = [m for m in net if isinstance(m, models.DenseBlock)]
    trans = [m for m in net if isinstance(m, models.TransitionBlock)]
    assert len(dense) == 4 and len(trans) == 3
    assert [t[2].out_channels for t in trans] == [96, 112, 120]
    assert net[-1].in_features == 248


@pytest.mark.parametrize("name", EXPECTED)
def test_descriptions_exist_in_both_languages(name):
    info = models.model_info(name)
    assert info.title and len(info.idea) > 40 and len(info.idea_zh) > 15
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.idea_zh)


def test_batch_norm_descriptions_state_mean_beta_and_standard_deviation_gamma():
    for name in ("lenet_bn", "lenet_bn_scratch"):
        info = models.model_info(name)
        assert "mean β" in info.idea and "standard deviation γ" in info.idea
        assert "均值为 β" in info.idea_zh and "标准差为 γ" in info.idea_zh
    everything = " ".join(models.model_info(n).idea for n in EXPECTED)
    assert "variance γ" not in everything and "1+β" not in everything.replace(" ", "")


def test_builders_are_keyword_only():
    with pytest.raises(TypeError):
        models.model_info("lenet").builder(10)
