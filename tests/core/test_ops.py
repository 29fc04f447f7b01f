"""Tests for cnnviz.core.ops: each from-scratch op is compared with its PyTorch counterpart."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from cnnviz.core.ops import (
    EDGE_KERNEL,
    BatchNorm,
    Conv2D,
    batch_norm,
    corr2d,
    corr2d_multi_in,
    corr2d_multi_in_out,
    corr2d_multi_in_out_1x1,
    edge_kernel,
    learn_kernel,
    pool2d,
    stripe_image,
)

ATOL = 1e-5
RTOL = 1e-5


def _randn(seed: int, *shape: int, dtype: torch.dtype = torch.float64) -> torch.Tensor:
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed), dtype=dtype)


def _close(actual: torch.Tensor, expected: torch.Tensor, atol: float = ATOL) -> None:
    assert actual.shape == expected.shape, (actual.shape, expected.shape)
    torch.testing.assert_close(actual, expected, atol=atol, rtol=RTOL, check_dtype=False)


seeds = st.integers(0, 2**31 - 1)


# ------------------------------------------------------------------------ book examples


def test_corr2d_book_example() -> None:
    X = torch.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
    K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    assert torch.equal(corr2d(X, K), torch.tensor([[19.0, 25.0], [37.0, 43.0]]))


def test_corr2d_accepts_integer_lists_like_the_book() -> None:
    Y = corr2d([[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[0, 1], [2, 3]])
    assert Y.is_floating_point()
    assert Y.tolist() == [[19.0, 25.0], [37.0, 43.0]]


def test_corr2d_multi_in_book_example() -> None:
    X = torch.tensor(
        [
            [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]],
            [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]],
        ]
    )
    K = torch.tensor([[[0.0, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]])
    assert torch.equal(corr2d_multi_in(X, K), torch.tensor([[56.0, 72.0], [104.0, 120.0]]))
    # The book's multi-output example stacks K, K + 1, K + 2.
    K3 = torch.stack((K, K + 1, K + 2), 0)
    Y = corr2d_multi_in_out(X, K3)
    assert Y.shape == (3, 2, 2)
    assert torch.equal(Y[0], torch.tensor([[56.0, 72.0], [104.0, 120.0]]))
    assert torch.equal(Y[1], torch.tensor([[76.0, 100.0], [148.0, 172.0]]))
    assert torch.equal(Y[2], torch.tensor([[96.0, 128.0], [192.0, 224.0]]))


def test_edge_detection_book_example() -> None:
    X = stripe_image()
    assert X.shape == (6, 8)
    assert X.sum() == 6 * 4
    assert torch.equal(X[0], torch.tensor([1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0]))
    K = edge_kernel()
    assert K.tolist() == [list(row) for row in EDGE_KERNEL] == [[1.0, -1.0]]
    Y = corr2d(X, K)
    row = torch.tensor([0.0, 1.0, 0.0, 0.0, 0.0, -1.0, 0.0])
    assert torch.equal(Y, row.expand(6, 7))
    # The kernel detects only vertical edges: the transposed image gives zeros.
    assert torch.equal(corr2d(X.t(), K), torch.zeros(8, 5))


def test_pool2d_book_examples() -> None:
    X = torch.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
    assert torch.equal(pool2d(X, (2, 2)), torch.tensor([[4.0]]))  # stride defaults to pool
    assert torch.equal(pool2d(X, (2, 2), stride=1), torch.tensor([[4.0, 5.0], [7.0, 8.0]]))
    assert torch.equal(pool2d(X, (2, 2), "avg", stride=1), torch.tensor([[2.0, 3.0], [5.0, 6.0]]))
    X16 = torch.arange(16, dtype=torch.float32).reshape(4, 4)
    assert torch.equal(pool2d(X16, 3), torch.tensor([[10.0]]))
    assert torch.equal(
        pool2d(X16, 3, padding=1, stride=2), torch.tensor([[5.0, 7.0], [13.0, 15.0]])
    )
    expected = torch.tensor([[5.0, 7.0], [13.0, 15.0]])
    assert torch.equal(pool2d(X16, (2, 3), padding=(0, 1), stride=(2, 3)), expected)
    # Multiple channels are pooled separately.
    X2 = torch.stack((X16, X16 + 1))
    Y2 = pool2d(X2, 3, padding=1, stride=2)
    assert torch.equal(Y2, torch.stack((expected, expected + 1)))


def test_book_maxpool_with_rectangular_window_matches_torch() -> None:
    X = _randn(0, 2, 3, 7, 9)
    ref = nn.MaxPool2d((2, 3), stride=(2, 3), padding=(0, 1))(X)
    for n in range(2):
        _close(pool2d(X[n], (2, 3), padding=(0, 1), stride=(2, 3)), ref[n])


# ----------------------------------------------------------------- cross-correlation


@settings(max_examples=150, deadline=None)
@given(
    h=st.integers(1, 9),
    w=st.integers(1, 9),
    kh=st.integers(1, 9),
    kw=st.integers(1, 9),
    seed=seeds,
)
def test_corr2d_matches_conv2d(h: int, w: int, kh: int, kw: int, seed: int) -> None:
    kh, kw = min(kh, h), min(kw, w)
    X, K = _randn(seed, h, w), _randn(seed + 1, kh, kw)
    expected = F.conv2d(X[None, None], K[None, None])[0, 0]
    _close(corr2d(X, K), expected)


@settings(max_examples=80, deadline=None)
@given(
    c_in=st.integers(1, 4),
    c_out=st.integers(1, 4),
    h=st.integers(1, 7),
    w=st.integers(1, 7),
    kh=st.integers(1, 4),
    kw=st.integers(1, 4),
    seed=seeds,
)
def test_multi_channel_corr_matches_conv2d(
    c_in: int, c_out: int, h: int, w: int, kh: int, kw: int, seed: int
) -> None:
    kh, kw = min(kh, h), min(kw, w)
    X, K = _randn(seed, c_in, h, w), _randn(seed + 1, c_out, c_in, kh, kw)
    expected = F.conv2d(X[None], K)[0]
    _close(corr2d_multi_in_out(X, K), expected)
    _close(corr2d_multi_in(X, K[0]), expected[0])


@settings(max_examples=30, deadline=None)
@given(
    c_in=st.integers(1, 5),
    c_out=st.integers(1, 5),
    h=st.integers(1, 6),
    w=st.integers(1, 6),
    seed=seeds,
)
def test_1x1_matches_multi_in_out_and_conv2d(
    c_in: int, c_out: int, h: int, w: int, seed: int
) -> None:
    X, K = _randn(seed, c_in, h, w), _randn(seed + 1, c_out, c_in, 1, 1)
    Y1 = corr2d_multi_in_out_1x1(X, K)
    assert Y1.shape == (c_out, h, w)
    _close(Y1, corr2d_multi_in_out(X, K))
    _close(Y1, F.conv2d(X[None], K)[0])


def test_1x1_book_example_float32() -> None:
    X = torch.normal(0, 1, (3, 3, 3), generator=torch.Generator().manual_seed(1))
    K = torch.normal(0, 1, (2, 3, 1, 1), generator=torch.Generator().manual_seed(2))
    assert float(torch.abs(corr2d_multi_in_out_1x1(X, K) - corr2d_multi_in_out(X, K)).sum()) < 1e-5


def test_corr2d_is_differentiable_like_conv2d() -> None:
    X = _randn(3, 5, 6)
    K1 = _randn(4, 2, 3).requires_grad_()
    K2 = K1.detach().clone().requires_grad_()
    corr2d(X, K1).square().sum().backward()
    F.conv2d(X[None, None], K2[None, None]).square().sum().backward()
    _close(K1.grad, K2.grad)


# -------------------------------------------------------------------------- pooling


@st.composite
def pool_cases(draw: st.DrawFn) -> tuple[int, int, int, int, int, int, int, int, int]:
    ph, pw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    pad_h, pad_w = draw(st.integers(0, ph // 2)), draw(st.integers(0, pw // 2))
    sh, sw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    h = draw(st.integers(max(1, ph - 2 * pad_h), 9))
    w = draw(st.integers(max(1, pw - 2 * pad_w), 9))
    return h, w, ph, pw, pad_h, pad_w, sh, sw, draw(seeds)


@settings(max_examples=200, deadline=None)
@given(case=pool_cases(), c=st.integers(1, 3), mode=st.sampled_from(["max", "avg"]))
def test_pool2d_matches_torch(case: tuple[int, ...], c: int, mode: str) -> None:
    h, w, ph, pw, pad_h, pad_w, sh, sw, seed = case
    X = _randn(seed, c, h, w)
    torch_pool = F.max_pool2d if mode == "max" else F.avg_pool2d
    expected = torch_pool(X[None], (ph, pw), stride=(sh, sw), padding=(pad_h, pad_w))[0]
    Y = pool2d(X, (ph, pw), mode, padding=(pad_h, pad_w), stride=(sh, sw))  # type: ignore[arg-type]
    _close(Y, expected)
    # 2-D input pools the single plane.
    _close(pool2d(X[0], (ph, pw), mode, padding=(pad_h, pad_w), stride=(sh, sw)), expected[0])  # type: ignore[arg-type]


@settings(max_examples=30, deadline=None)
@given(
    h=st.integers(2, 9),
    w=st.integers(2, 9),
    k=st.integers(1, 2),
    mode=st.sampled_from(["max", "avg"]),
)
def test_pool2d_default_stride_is_pool_size(h: int, w: int, k: int, mode: str) -> None:
    X = _randn(h * 10 + w, h, w)
    torch_pool = F.max_pool2d if mode == "max" else F.avg_pool2d
    _close(pool2d(X, k, mode), torch_pool(X[None, None], k)[0, 0])  # type: ignore[arg-type]


def test_max_pool_padding_never_wins_over_negative_values() -> None:
    X = -torch.ones(1, 3, 3) - torch.arange(9.0).reshape(1, 3, 3)
    Y = pool2d(X, 3, "max", padding=1, stride=1)
    assert (Y < 0).all()
    _close(Y, F.max_pool2d(X[None], 3, stride=1, padding=1)[0])


def test_avg_pool_counts_padding_zeros() -> None:
    X = torch.ones(2, 2)
    # Corner windows of a 3x3 average with padding 1 see 4 ones out of 9 cells.
    Y = pool2d(X, 3, "avg", padding=1, stride=1)
    _close(Y, torch.full((2, 2), 4 / 9))


# ------------------------------------------------------------- batch normalisation


def _torch_bn(num_dims: int, c: int, momentum: float, eps: float) -> nn.Module:
    cls = nn.BatchNorm1d if num_dims == 2 else nn.BatchNorm2d
    return cls(c, eps=eps, momentum=momentum, dtype=torch.float64)


def _copy_affine(ours: BatchNorm, ref: nn.Module, seed: int) -> None:
    with torch.no_grad():
        ours.gamma.copy_(_randn(seed, ours.num_features).abs() + 0.5)
        ours.beta.copy_(_randn(seed + 1, ours.num_features))
        ref.weight.copy_(ours.gamma)
        ref.bias.copy_(ours.beta)


@settings(max_examples=50, deadline=None)
@given(
    num_dims=st.sampled_from([2, 4]),
    c=st.integers(1, 4),
    n=st.integers(1, 5),
    hw=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    momentum=st.sampled_from([0.1, 0.5, 0.01, 1.0]),
    eps=st.sampled_from([1e-5, 1e-3]),
    seed=seeds,
)
def test_batchnorm_module_matches_torch_over_several_steps(
    num_dims: int,
    c: int,
    n: int,
    hw: tuple[int, int],
    momentum: float,
    eps: float,
    seed: int,
) -> None:
    shape = (n, c) if num_dims == 2 else (n, c, *hw)
    per_channel = n if num_dims == 2 else n * hw[0] * hw[1]
    if per_channel < 2:  # torch refuses to train on a single value per channel too
        shape = (n + 1, *shape[1:])
    ours = BatchNorm(c, num_dims, eps=eps, momentum=momentum).double()
    ref = _torch_bn(num_dims, c, momentum, eps)
    _copy_affine(ours, ref, seed)

    for step in range(4):
        X = _randn(seed + 10 + step, *shape) * (step + 1) + step
        Xa = X.clone().requires_grad_()
        Xb = X.clone().requires_grad_()
        Ya, Yb = ours.train()(Xa), ref.train()(Xb)
        _close(Ya, Yb)
        _close(ours.moving_mean, ref.running_mean)
        _close(ours.moving_var, ref.running_var)
        # Gradients flow through the batch statistics exactly as in torch.
        g = _randn(seed + 100 + step, *shape)
        (Ya * g).sum().backward()
        (Yb * g).sum().backward()
        _close(Xa.grad, Xb.grad)
        _close(ours.gamma.grad, ref.weight.grad)
        _close(ours.beta.grad, ref.bias.grad)

    X = _randn(seed + 99, *shape) * 3 - 1
    _close(ours.eval()(X), ref.eval()(X))
    mean_before = ours.moving_mean.clone()
    ours.eval()(X + 5)
    assert torch.equal(ours.moving_mean, mean_before)  # eval mode leaves statistics alone


def test_batch_norm_function_uses_torch_momentum_and_unbiased_running_var() -> None:
    X = torch.tensor([[1.0], [2.0], [3.0], [6.0]])  # mean 3, biased var 3.5, unbiased 14/3
    Y, mm, mv = batch_norm(
        X, torch.ones(1), torch.zeros(1), torch.zeros(1), torch.ones(1), eps=0.0, momentum=0.1
    )
    _close(mm, torch.tensor([0.1 * 3.0]))
    _close(mv, torch.tensor([0.9 * 1.0 + 0.1 * 14 / 3]))
    _close(Y, (X - 3.0) / torch.tensor(3.5).sqrt())
    # Eval mode normalises with the given moving statistics and returns them unchanged.
    Ye, mm2, mv2 = batch_norm(X, torch.ones(1), torch.zeros(1), mm, mv, 0.0, 0.1, training=False)
    _close(Ye, (X - mm) / mv.sqrt())
    assert torch.equal(mm2, mm) and torch.equal(mv2, mv)


def test_batch_norm_output_has_mean_beta_and_std_gamma() -> None:
    X = _randn(5, 16, 3, 4, 5) * 7 + 2
    gamma = torch.tensor([0.5, 2.0, 3.0], dtype=torch.float64)
    beta = torch.tensor([-1.0, 0.0, 4.0], dtype=torch.float64)
    Y, _, _ = batch_norm(X, gamma, beta, torch.zeros(3), torch.ones(3), 1e-12, 0.1)
    _close(Y.mean(dim=(0, 2, 3)), beta)
    _close(Y.std(dim=(0, 2, 3), unbiased=False), gamma)


def test_batch_norm_accepts_book_shapes_and_keeps_them() -> None:
    X = _randn(6, 4, 3, 2, 2)
    shape = (1, 3, 1, 1)
    Y, mm, mv = batch_norm(
        X, torch.ones(shape), torch.zeros(shape), torch.zeros(shape), torch.ones(shape), 1e-5, 0.1
    )
    assert mm.shape == mv.shape == shape
    ref = nn.BatchNorm2d(3, dtype=torch.float64)
    _close(Y, ref(X))
    _close(mm.flatten(), ref.running_mean)
    _close(mv.flatten(), ref.running_var)


def test_batchnorm_buffers_and_state_dict() -> None:
    bn = BatchNorm(3, 4)
    assert set(bn.state_dict()) == {"gamma", "beta", "moving_mean", "moving_var"}
    assert {name for name, _ in bn.named_parameters()} == {"gamma", "beta"}
    assert torch.equal(bn.moving_mean, torch.zeros(3))
    assert torch.equal(bn.moving_var, torch.ones(3))
    bn(_randn(7, 4, 3, 2, 2).float())
    assert not torch.equal(bn.moving_mean, torch.zeros(3))
    assert not bn.moving_mean.requires_grad
    bn2 = BatchNorm(3, 4)
    bn2.load_state_dict(bn.state_dict())
    assert torch.equal(bn2.moving_var, bn.moving_var)
    assert bn.double().moving_mean.dtype == torch.float64  # buffers follow .to()/.double()


# ------------------------------------------------------------------ Conv2D and learning


def test_conv2d_module_forward_and_training() -> None:
    layer = Conv2D((1, 2), generator=torch.Generator().manual_seed(0))
    assert layer.weight.shape == (1, 2) and layer.bias.shape == (1,)
    assert {name for name, _ in layer.named_parameters()} == {"weight", "bias"}
    X = stripe_image()
    _close(layer(X), corr2d(X, layer.weight.detach()) + layer.bias.detach())
    Y = corr2d(X, edge_kernel())
    for _ in range(60):  # lr 0.01: the bias makes lr 0.03 diverge
        loss = ((layer(X) - Y) ** 2).sum()
        layer.zero_grad()
        loss.backward()
        with torch.no_grad():
            for p in layer.parameters():
                p -= 0.01 * p.grad
    with torch.no_grad():
        assert float(((layer(X) - Y) ** 2).sum()) < 1e-3
        _close(layer.weight, edge_kernel(), atol=1e-2)
        _close(layer.bias, torch.zeros(1), atol=1e-2)
    assert Conv2D(3).weight.shape == (3, 3)


@pytest.mark.parametrize("seed", range(5))
def test_learn_kernel_recovers_edge_kernel_with_defaults(seed: int) -> None:
    X = stripe_image()
    Y = corr2d(X, edge_kernel())
    history = list(learn_kernel(X, Y, seed=seed))
    assert [step for step, _, _ in history] == list(range(1, 11))
    losses = [loss for _, loss, _ in history]
    assert all(isinstance(loss, float) for loss in losses)
    assert losses[-1] < losses[0] / 50
    kernel = history[-1][2]
    assert kernel.shape == (1, 2) and not kernel.requires_grad
    assert (kernel - edge_kernel()).abs().max() < 0.1
    # Yielded kernels are copies: later steps do not overwrite earlier snapshots.
    assert not torch.equal(history[0][2], kernel)


def test_learn_kernel_is_reproducible_and_leaves_global_rng_alone() -> None:
    X = stripe_image()
    Y = corr2d(X, edge_kernel())
    state = torch.random.get_rng_state()
    a = [k for _, _, k in learn_kernel(X, Y, steps=3, seed=7)]
    assert torch.equal(torch.random.get_rng_state(), state)
    b = [k for _, _, k in learn_kernel(X, Y, steps=3, seed=7)]
    c = [k for _, _, k in learn_kernel(X, Y, steps=3, seed=8)]
    assert all(torch.equal(x, y) for x, y in zip(a, b, strict=True))
    assert not torch.equal(a[0], c[0])
    assert list(learn_kernel(X, Y, steps=0)) == []


# -------------------------------------------------------------------- invalid input


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: corr2d(torch.ones(2, 2), torch.ones(3, 1)), "K"),
        (lambda: corr2d(torch.ones(2, 2, 2), torch.ones(1, 1)), "X"),
        (lambda: corr2d(torch.ones(3, 3), torch.ones(2)), "K"),
        (lambda: corr2d_multi_in(torch.ones(2, 3, 3), torch.ones(3, 2, 2)), "channels"),
        (lambda: corr2d_multi_in(torch.ones(3, 3), torch.ones(3, 2, 2)), "X"),
        (lambda: corr2d_multi_in_out(torch.ones(2, 3, 3), torch.ones(2, 2, 2)), "K"),
        (lambda: corr2d_multi_in_out_1x1(torch.ones(2, 3, 3), torch.ones(1, 2, 2, 2)), "1x1"),
        (lambda: corr2d_multi_in_out_1x1(torch.ones(2, 3, 3), torch.ones(1, 3, 1, 1)), "channels"),
        (lambda: pool2d(torch.ones(4, 4), 2, mode="min"), "mode"),  # type: ignore[arg-type]
        (lambda: pool2d(torch.ones(4, 4), 2, stride=0), "stride"),
        (lambda: pool2d(torch.ones(4, 4), (2, 0)), "pool_size"),
        (lambda: pool2d(torch.ones(4, 4), 2, padding=2), "padding"),
        (lambda: pool2d(torch.ones(4, 4), (3, 3), padding=(1, 2)), "padding"),
        (lambda: pool2d(torch.ones(4, 4), 2, padding=-1), "padding"),
        (lambda: pool2d(torch.ones(2, 2), 5, padding=1), "pool_size"),
        (lambda: pool2d(torch.ones(1, 1, 4, 4), 2), "X"),
        (lambda: pool2d(torch.ones(4, 4), (1, 2, 3)), "pool_size"),
        (lambda: pool2d(torch.ones(4, 4), 2.5), "pool_size"),  # type: ignore[arg-type]
        (
            lambda: batch_norm(torch.ones(2, 3, 4), *_bn_params(3), 1e-5, 0.1),
            "X",
        ),
        (lambda: batch_norm(torch.ones(4, 3), *_bn_params(2), 1e-5, 0.1), "gamma"),
        (lambda: batch_norm(torch.ones(4, 3), *_bn_params(3), 1e-5, 1.5), "momentum"),
        (lambda: batch_norm(torch.ones(4, 3), *_bn_params(3), -1.0, 0.1), "eps"),
        (lambda: batch_norm(torch.ones(1, 3), *_bn_params(3), 1e-5, 0.1), "per channel"),
        (lambda: BatchNorm(3, 3), "num_dims"),
        (lambda: BatchNorm(0, 2), "num_features"),
        (lambda: BatchNorm(3, 4)(torch.ones(2, 3)), "X"),
        (lambda: BatchNorm(3, 2)(torch.ones(2, 4)), "num_features"),
        (lambda: Conv2D((0, 2)), "kernel_size"),
        (lambda: learn_kernel(torch.ones(6, 8), torch.ones(6, 8)), "Y"),
        (lambda: learn_kernel(torch.ones(6, 8), torch.ones(6, 7), lr=0), "lr"),
        (lambda: learn_kernel(torch.ones(6, 8), torch.ones(6, 7), steps=-1), "steps"),
        (lambda: learn_kernel(torch.ones(6, 8), torch.ones(1, 1), kernel_size=9), "kernel_size"),
        (lambda: learn_kernel(torch.ones(6), torch.ones(5)), "X"),
    ],
)
def test_invalid_input_raises_value_error_naming_the_parameter(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()


def _bn_params(c: int) -> tuple[torch.Tensor, ...]:
    return torch.ones(c), torch.zeros(c), torch.zeros(c), torch.ones(c)


def test_batch_norm_eval_allows_single_sample() -> None:
    Y, _, _ = batch_norm(torch.ones(1, 3), *_bn_params(3), 1e-5, 0.1, training=False)
    _close(Y, torch.ones(1, 3) / torch.tensor(1 + 1e-5).sqrt())


def test_core_ops_does_not_import_gui_libraries() -> None:
    import cnnviz.core.ops as ops

    tree = ast.parse(Path(ops.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    assert "torch" in imported  # the walk really found the imports
    forbidden = ("PySide6", "pyqtgraph", "cnnviz.gui")
    assert not [m for m in imported if m.split(".")[0] in forbidden or m.startswith("cnnviz.gui")]
