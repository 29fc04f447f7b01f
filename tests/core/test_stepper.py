"""Tests for cnnviz.core.stepper: every trace is checked against torch's own ops and autograd."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from cnnviz.core.stepper import (
    BackwardTrace,
    ConvBackwardStep,
    ConvStep,
    ConvTrace,
    PoolBackwardStep,
    PoolStep,
    PoolTrace,
    conv2d_trace,
    pool2d_trace,
)

ATOL = 1e-9


def _close(actual: torch.Tensor, expected: torch.Tensor, atol: float = ATOL) -> None:
    assert tuple(actual.shape) == tuple(expected.shape), (actual.shape, expected.shape)
    torch.testing.assert_close(actual, expected, atol=atol, rtol=1e-7, check_dtype=False)


def _gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _sample(n: int, seed: int, count: int = 12) -> list[int]:
    """First, last and a few random step indices out of ``n``."""
    picks = torch.randint(0, n, (count,), generator=_gen(seed)).tolist()
    return sorted({0, n - 1, *picks})


def _pair_arg(draw: st.DrawFn, a: int, b: int) -> int | tuple[int, int]:
    """Pass equal pairs as an int half of the time, to exercise both spellings."""
    return a if a == b and draw(st.booleans()) else (a, b)


def _as_pair(v: int | tuple[int, int]) -> tuple[int, int]:
    return (v, v) if isinstance(v, int) else v


# --------------------------------------------------------------------------- strategies


@dataclass
class ConvCase:
    X: torch.Tensor  # (C_in, H, W)
    K: torch.Tensor  # (C_out, C_in, kh, kw)
    bias: torch.Tensor | None
    stride: int | tuple[int, int]
    padding: int | tuple[int, int]
    dilation: int | tuple[int, int]
    seed: int

    def trace(self) -> ConvTrace:
        return conv2d_trace(
            self.X,
            self.K,
            self.bias,
            stride=self.stride,
            padding=self.padding,
            dilation=self.dilation,
        )

    def reference(self, X: torch.Tensor, K: torch.Tensor, b: torch.Tensor | None) -> torch.Tensor:
        return F.conv2d(X[None], K, b, self.stride, self.padding, self.dilation)[0]


@st.composite
def conv_cases(draw: st.DrawFn, max_extra: int = 5) -> ConvCase:
    c_in, c_out = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    sh, sw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    ph, pw = draw(st.integers(0, 2)), draw(st.integers(0, 2))
    dh, dw = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    min_h = max(1, dh * (kh - 1) + 1 - 2 * ph)
    min_w = max(1, dw * (kw - 1) + 1 - 2 * pw)
    H = draw(st.integers(min_h, min_h + max_extra))
    W = draw(st.integers(min_w, min_w + max_extra))
    seed = draw(st.integers(0, 2**31 - 1))
    g = _gen(seed)
    X = torch.randn(c_in, H, W, generator=g, dtype=torch.float64)
    K = torch.randn(c_out, c_in, kh, kw, generator=g, dtype=torch.float64)
    bias = torch.randn(c_out, generator=g, dtype=torch.float64) if draw(st.booleans()) else None
    return ConvCase(
        X,
        K,
        bias,
        stride=_pair_arg(draw, sh, sw),
        padding=_pair_arg(draw, ph, pw),
        dilation=_pair_arg(draw, dh, dw),
        seed=seed,
    )


@dataclass
class PoolCase:
    X: torch.Tensor  # (C, H, W)
    kernel_size: int | tuple[int, int]
    stride: int | tuple[int, int] | None
    padding: int | tuple[int, int]
    mode: str
    seed: int

    def trace(self) -> PoolTrace:
        return pool2d_trace(
            self.X, self.kernel_size, stride=self.stride, padding=self.padding, mode=self.mode
        )

    def reference(self, X: torch.Tensor, **kw: bool) -> torch.Tensor:
        stride = self.kernel_size if self.stride is None else self.stride
        pool = F.max_pool2d if self.mode == "max" else F.avg_pool2d
        out = pool(X[None], self.kernel_size, stride, self.padding, **kw)
        return tuple(o[0] for o in out) if isinstance(out, tuple) else out[0]


@st.composite
def pool_cases(draw: st.DrawFn, mode: str) -> PoolCase:
    c = draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    ph, pw = draw(st.integers(0, kh // 2)), draw(st.integers(0, kw // 2))
    stride = None if draw(st.booleans()) else (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    min_h, min_w = max(1, kh - 2 * ph), max(1, kw - 2 * pw)
    H, W = draw(st.integers(min_h, min_h + 6)), draw(st.integers(min_w, min_w + 6))
    seed = draw(st.integers(0, 2**31 - 1))
    if draw(st.booleans()):  # few distinct values: many ties inside a window
        X = torch.randint(-2, 2, (c, H, W), generator=_gen(seed)).to(torch.float64)
    else:
        X = torch.randn(c, H, W, generator=_gen(seed), dtype=torch.float64)
    return PoolCase(X, _pair_arg(draw, kh, kw), stride, _pair_arg(draw, ph, pw), mode, seed)


# --------------------------------------------------------------------------- convolution


@settings(max_examples=60, deadline=None)
@given(conv_cases())
def test_conv_forward_matches_torch_and_steps_explain_it(case: ConvCase) -> None:
    t = case.trace()
    expected = case.reference(case.X, case.K, case.bias)
    _close(t.output, expected)
    C_in, H, W = case.X.shape
    C_out, _, kh, kw = case.K.shape
    ph, pw = _as_pair(case.padding)
    assert t.input_shape == (C_in, H, W)
    assert t.output_shape == tuple(expected.shape)
    assert t.padded_input.shape == (C_in, H + 2 * ph, W + 2 * pw)
    _close(t.padded_input[:, ph : ph + H, pw : pw + W], case.X)
    assert t.padded_input.abs().sum() == pytest.approx(case.X.abs().sum())  # zeros around
    assert torch.equal(t.kernel, case.K)
    assert len(t.steps) == C_out * expected.shape[1] * expected.shape[2]

    # Each window is a column of torch's own unfold of the padded input.
    columns = F.unfold(t.padded_input[None], (kh, kw), dilation=case.dilation, stride=case.stride)[
        0
    ]  # (C_in·kh·kw, OH·OW)
    OW = expected.shape[2]
    for k in _sample(len(t.steps), case.seed):
        s = t.steps[k]
        assert isinstance(s, ConvStep)
        c, i, j = s.out_index
        assert t.step_index(c, i, j) == k
        assert s.value == pytest.approx(float(expected[c, i, j]), abs=1e-9)
        assert s.value == pytest.approx(float(s.products.sum()) + s.bias, abs=1e-9)
        _close(s.channel_sums, s.products.sum(dim=(1, 2)))
        _close(s.products, s.window * case.K[c])
        _close(s.window.flatten(), columns[:, i * OW + j])
        assert s.bias == (0.0 if case.bias is None else float(case.bias[c]))
        assert len(s.rows) == kh and len(s.cols) == kw
        _close(s.window, t.padded_input[:, list(s.rows)][:, :, list(s.cols)])
        # The mask marks exactly the cells outside the unpadded input, and they hold zeros.
        for u, r in enumerate(s.input_rows):
            for v, col in enumerate(s.input_cols):
                outside = not (0 <= r < H and 0 <= col < W)
                assert bool(s.padding_mask[u, v]) is outside
                if outside:
                    assert torch.all(s.window[:, u, v] == 0)
                else:
                    _close(s.window[:, u, v], case.X[:, r, col])


@settings(max_examples=50, deadline=None)
@given(conv_cases(max_extra=3))
def test_conv_backward_matches_autograd_and_steps_add_up(case: ConvCase) -> None:
    t = case.trace()
    G = torch.randn(t.output_shape, generator=_gen(case.seed + 1), dtype=torch.float64)
    X = case.X.clone().requires_grad_()
    K = case.K.clone().requires_grad_()
    b = None if case.bias is None else case.bias.clone().requires_grad_()
    case.reference(X, K, b).backward(G)

    back = t.backward(G)
    assert isinstance(back, BackwardTrace)
    _close(back.input_grad, X.grad)
    _close(back.kernel_grad, K.grad)
    _close(back.bias_grad, G.sum(dim=(1, 2)) if b is None else b.grad)

    # Summing what every step sends back gives the gradients again.
    input_grad = torch.zeros_like(t.padded_input)
    kernel_grad = torch.zeros_like(case.K)
    bias_grad = torch.zeros(case.K.shape[0], dtype=torch.float64)
    k_mid = len(back.steps) // 2
    for k, s in enumerate(back.steps):
        assert isinstance(s, ConvBackwardStep)
        c = s.out_index[0]
        assert s.grad == float(G[s.out_index])
        for contribution in s.contributions:
            input_grad[contribution.position] += contribution.value
            ch, r, col = contribution.position
            r, col = r - t.padding[0], col - t.padding[1]
            inside = 0 <= r < t.input_shape[1] and 0 <= col < t.input_shape[2]
            assert contribution.input_position == ((ch, r, col) if inside else None)
        kernel_grad[c] += s.kernel_grad
        bias_grad[c] += s.bias_grad
        if k == k_mid:
            _close(back.input_grad_after(k), t._crop(input_grad))
            _close(back.kernel_grad_after(k), kernel_grad)
            _close(back.bias_grad_after(k), bias_grad)
    _close(input_grad, back.padded_input_grad)
    _close(t._crop(input_grad), X.grad)
    _close(kernel_grad, K.grad)
    _close(back.input_grad_after(len(back.steps) - 1), X.grad)
    assert torch.all(back.input_grad_after(-1) == 0)


def test_conv_book_example_with_products() -> None:
    t = conv2d_trace([[[0, 1, 2], [3, 4, 5], [6, 7, 8]]], [[[[0, 1], [2, 3]]]])
    assert t.output.tolist() == [[[19.0, 25.0], [37.0, 43.0]]]
    assert [s.expression() for s in t.steps] == [
        "0×0 + 1×1 + 3×2 + 4×3 = 19",
        "1×0 + 2×1 + 4×2 + 5×3 = 25",
        "3×0 + 4×1 + 6×2 + 7×3 = 37",
        "4×0 + 5×1 + 7×2 + 8×3 = 43",
    ]
    s = t.steps[0]
    assert s.products.tolist() == [[[0.0, 1.0], [6.0, 12.0]]]
    assert s.channel_sums.tolist() == [19.0] and s.value == 19.0 and s.bias == 0.0
    assert (s.rows, s.cols) == ((0, 1), (0, 1))
    assert not s.padding_mask.any()
    assert t.formula == "⌊(3 + 2·0 − 2)/1⌋ + 1 = 2"


def test_conv_multi_channel_steps_sum_channels_then_bias() -> None:
    # The book's two-channel example: X (2, 3, 3), K (1, 2, 2, 2) → [[56, 72], [104, 120]].
    X = [[[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[1, 2, 3], [4, 5, 6], [7, 8, 9]]]
    K = [[[[0, 1], [2, 3]], [[1, 2], [3, 4]]]]
    t = conv2d_trace(X, K, [0.5])
    assert t.output.tolist() == [[[56.5, 72.5], [104.5, 120.5]]]
    s = t.step_at(0, 0, 0)
    assert s.channel_sums.tolist() == [19.0, 37.0]
    assert s.bias == 0.5 and s.value == 56.5
    assert s.expression() == "0×0 + 1×1 + 3×2 + 4×3 + 1×1 + 2×2 + 4×3 + 5×4 + 0.5 = 56.5"


def test_conv_padding_dilation_and_formula() -> None:
    t = conv2d_trace(torch.zeros(1, 28, 28), torch.zeros(1, 1, 5, 5), padding=2)
    assert t.formula == "⌊(28 + 2·2 − 5)/1⌋ + 1 = 28"
    assert t.output_shape == (1, 28, 28)
    t = conv2d_trace(torch.ones(1, 5, 6), torch.ones(2, 1, 2, 3), padding=(1, 0), dilation=(2, 1))
    assert t.formula == "H: ⌊(5 + 2·1 − 2·(2 − 1) − 1)/1⌋ + 1 = 5;  W: ⌊(6 + 2·0 − 3)/1⌋ + 1 = 4"
    s = t.step_at(1, 0, 2)
    assert (s.rows, s.cols) == ((0, 2), (2, 3, 4))
    assert (s.input_rows, s.input_cols) == ((-1, 1), (2, 3, 4))
    assert s.padding_mask.tolist() == [[True, True, True], [False, False, False]]
    assert s.value == 3.0  # only the real row counts


def test_conv_accepts_numpy_lists_and_float32_and_matches_torch() -> None:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 6, 5)).astype(np.float32)
    K = rng.standard_normal((3, 2, 3, 2)).astype(np.float32)
    b = rng.standard_normal(3).astype(np.float32)
    expected = F.conv2d(torch.from_numpy(X)[None], torch.from_numpy(K), torch.from_numpy(b), 2, 1)
    for args in (
        (X, K, b),
        (X.tolist(), K.tolist(), b.tolist()),
        tuple(map(torch.from_numpy, (X, K, b))),
    ):
        t = conv2d_trace(*args, stride=2, padding=1)
        _close(t.output, expected[0], atol=1e-5)


def test_conv_steps_are_lazy_and_backward_is_fast_on_64x64() -> None:
    g = _gen(0)
    X = torch.randn(3, 64, 64, generator=g)
    K = torch.randn(4, 3, 5, 5, generator=g)
    start = time.perf_counter()
    t = conv2d_trace(X, K, torch.zeros(4), padding=2)
    steps = t.steps
    last = steps[-1]
    back = t.backward()
    halfway = back.input_grad_after(len(steps) // 2)
    elapsed = time.perf_counter() - start
    assert len(steps) == 4 * 64 * 64
    assert last.out_index == (3, 63, 63) and last.index == len(steps) - 1
    assert halfway.shape == (3, 64, 64)
    assert elapsed < 2.0, elapsed  # in practice a few milliseconds


def test_step_sequence_indexing_slicing_and_output_after() -> None:
    t = conv2d_trace(torch.arange(16.0).reshape(1, 4, 4), torch.ones(2, 1, 2, 2))
    steps = t.steps
    assert len(steps) == 18 and len(list(steps)) == 18
    assert steps[-1].out_index == (1, 2, 2) and steps[9].out_index == (1, 0, 0)
    assert [s.index for s in steps[2:8:3]] == [2, 5]
    with pytest.raises(IndexError, match="out of range"):
        steps[18]
    with pytest.raises(IndexError, match="outside the output"):
        t.step_index(2, 0, 0)
    partial = t.output_after(10)
    assert torch.equal(partial.flatten()[:11], t.output.flatten()[:11])
    assert torch.isnan(partial.flatten()[11:]).all()
    assert torch.isnan(t.output_after(-1)).all()
    with pytest.raises(ValueError, match="k must be a step index from -1"):
        t.output_after(18)


def test_backward_defaults_to_ones_and_checks_grad_output() -> None:
    t = conv2d_trace(torch.arange(9.0).reshape(1, 3, 3), [[[[0, 1], [2, 3]]]])
    ones = t.backward(t.ones_like_output())
    default = t.backward()
    _close(default.input_grad, ones.input_grad)
    assert default.input_grad.tolist() == [[[0.0, 1.0, 1.0], [2.0, 6.0, 4.0], [2.0, 5.0, 3.0]]]
    assert default.kernel_grad.tolist() == [[[[8.0, 12.0], [20.0, 24.0]]]]
    with pytest.raises(
        ValueError, match=r"grad_output must have the shape of the output \(1, 2, 2\)"
    ):
        t.backward(torch.ones(2, 2))
    with pytest.raises(ValueError, match="k must be a step index"):
        default.input_grad_after(4)


# --------------------------------------------------------------------------- pooling


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["max", "avg"]).flatmap(pool_cases))
def test_pool_forward_matches_torch_and_steps_explain_it(case: PoolCase) -> None:
    t = case.trace()
    _, H, W = case.X.shape
    if case.mode == "max":
        expected, indices = case.reference(case.X, return_indices=True)
    else:
        expected = case.reference(case.X)
    _close(t.output, expected)
    assert t.output_shape == tuple(expected.shape)
    assert len(t.steps) == expected.numel()
    kh, kw = _as_pair(case.kernel_size)
    for k in _sample(len(t.steps), case.seed):
        s = t.steps[k]
        assert isinstance(s, PoolStep)
        c, i, j = s.out_index
        assert t.step_index(c, i, j) == k
        assert s.value == pytest.approx(float(expected[c, i, j]), abs=1e-9)
        assert s.window.shape == (kh, kw)
        for u, r in enumerate(s.input_rows):
            for v, col in enumerate(s.input_cols):
                outside = not (0 <= r < H and 0 <= col < W)
                assert bool(s.padding_mask[u, v]) is outside
                fill = -math.inf if case.mode == "max" else 0.0
                assert float(s.window[u, v]) == (fill if outside else float(case.X[c, r, col]))
        if case.mode == "avg":
            assert s.winner is None and s.winner_input is None
            assert s.value == pytest.approx(float(s.window.sum()) / (kh * kw), abs=1e-12)
            continue
        # The winner is where torch says, holds the value, and no earlier cell ties with it.
        wr, wc = s.winner_input
        assert wr * W + wc == int(indices[c, i, j])
        u, v = s.winner_in_window
        assert (s.rows[u], s.cols[v]) == s.winner
        assert not s.padding_mask[u, v]
        assert float(s.window[u, v]) == s.value == float(s.window.max())
        assert torch.all(s.window.flatten()[: u * kw + v] < s.value)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["max", "avg"]).flatmap(pool_cases))
def test_pool_backward_matches_autograd_and_steps_add_up(case: PoolCase) -> None:
    t = case.trace()
    G = torch.randn(t.output_shape, generator=_gen(case.seed + 1), dtype=torch.float64)
    X = case.X.clone().requires_grad_()
    case.reference(X).backward(G)
    back = t.backward(G)
    _close(back.input_grad, X.grad)
    assert back.kernel_grad is None and back.bias_grad is None
    assert back.kernel_grad_after(0) is None

    kh, kw = _as_pair(case.kernel_size)
    padded = torch.zeros_like(t.padded_input)
    k_mid = len(back.steps) // 2
    for k, s in enumerate(back.steps):
        assert isinstance(s, PoolBackwardStep)
        contributions = s.contributions
        if case.mode == "max":
            # Only the winner of the forward step receives, and it receives everything.
            assert len(contributions) == 1
            assert contributions[0].position == (s.out_index[0], *t.steps[k].winner)
            assert contributions[0].value == s.grad
            assert float(s.input_grad.sum()) == s.grad
            assert int((s.input_grad != 0).sum()) <= 1
        else:
            assert len(contributions) == kh * kw
            assert all(x.value == pytest.approx(s.grad / (kh * kw)) for x in contributions)
            dropped = [x for x in contributions if x.input_position is None]
            assert len(dropped) == int(s.padding_mask.sum())
        for x in contributions:
            padded[x.position] += x.value
        if k == k_mid:
            _close(back.input_grad_after(k), t._crop(padded))
    _close(padded, back.padded_input_grad)
    _close(t._crop(padded), X.grad)
    _close(back.input_grad_after(len(back.steps) - 1), X.grad)


def test_pool_seed_example_max_pool_2x3_with_column_padding() -> None:
    X = torch.arange(16, dtype=torch.float32).reshape(1, 1, 4, 4)
    pool = nn.MaxPool2d((2, 3), stride=(2, 3), padding=(0, 1))
    t = pool2d_trace(X[0], (2, 3), stride=(2, 3), padding=(0, 1))
    assert t.output.tolist() == pool(X)[0].tolist() == [[[5.0, 7.0], [13.0, 15.0]]]
    assert t.padded_input.shape == (1, 4, 6)
    s = t.steps[0]
    assert (s.rows, s.cols) == ((0, 1), (0, 1, 2))
    assert s.padding_mask.tolist() == [[True, False, False], [True, False, False]]
    assert s.expression() == "max(−∞, 0, 1, −∞, 4, 5) = 5"
    assert (s.winner, s.winner_input, s.winner_in_window) == ((1, 2), (1, 1), (1, 2))
    assert [x.winner_input for x in t.steps] == [(1, 1), (1, 3), (3, 1), (3, 3)]
    assert t.formula == "H: ⌊(4 + 2·0 − 2)/2⌋ + 1 = 2;  W: ⌊(4 + 2·1 − 3)/3⌋ + 1 = 2"
    back = t.backward()
    assert back.input_grad.tolist() == [[[0, 0, 0, 0], [0, 1, 0, 1], [0, 0, 0, 0], [0, 1, 0, 1]]]


def test_pool_avg_counts_padding_like_torch() -> None:
    X = torch.arange(9.0).reshape(1, 3, 3)
    t = pool2d_trace(X, 2, stride=1, padding=1, mode="avg")
    _close(t.output, F.avg_pool2d(X[None], 2, 1, 1)[0])
    s = t.steps[0]
    assert s.expression() == "(0 + 0 + 0 + 0)/4 = 0"
    assert t.step_at(0, 1, 1).value == (0 + 1 + 3 + 4) / 4
    back = t.backward().steps[0]
    assert back.input_grad.tolist() == [[0.25, 0.25], [0.25, 0.25]]
    assert [x.input_position for x in back.contributions] == [None, None, None, (0, 0, 0)]


def test_max_pool_ties_nan_and_all_minus_inf_follow_torch() -> None:
    ties = torch.tensor([[[1.0, 3.0, 3.0], [3.0, 0.0, 3.0]]])
    assert pool2d_trace(ties, (2, 3)).steps[0].winner_input == (0, 1)
    nan = torch.tensor([[[1.0, math.nan, 2.0, math.nan], [9.0, 0.0, 0.0, 0.0]]])
    _, idx = F.max_pool2d(nan[None], (2, 4), return_indices=True)
    t = pool2d_trace(nan, (2, 4))
    assert math.isnan(t.steps[0].value) and t.steps[0].winner_input == (0, 3) == divmod(int(idx), 4)
    minus_inf = torch.full((1, 3, 3), -math.inf)
    _, idx = F.max_pool2d(minus_inf[None], 3, 1, 1, return_indices=True)
    t = pool2d_trace(minus_inf, 3, stride=1, padding=1)
    assert [r * 3 + c for r, c in (s.winner_input for s in t.steps)] == idx.flatten().tolist()


# --------------------------------------------------------------------------- validation


def _conv(**kw: object) -> ConvTrace:
    args: dict[str, object] = dict(X=torch.zeros(2, 5, 5), K=torch.zeros(3, 2, 3, 3))
    args.update(kw)
    X, K, bias = args.pop("X"), args.pop("K"), args.pop("bias", None)
    return conv2d_trace(X, K, bias, **args)  # type: ignore[arg-type]


def _pool(**kw: object) -> PoolTrace:
    args: dict[str, object] = dict(X=torch.zeros(2, 5, 5), kernel_size=2)
    args.update(kw)
    return pool2d_trace(args.pop("X"), args.pop("kernel_size"), **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: _conv(X=torch.zeros(5, 5)), r"X must be 3-D \(C_in, H, W\), got shape \(5, 5\)"),
        (lambda: _conv(K=torch.zeros(2, 3, 3)), r"K must be 4-D \(C_out, C_in, kh, kw\)"),
        (lambda: _conv(X=torch.zeros(2, 0, 5)), "X must not be empty"),
        (lambda: _conv(K=torch.zeros(3, 1, 3, 3)), r"K has 1 input channels .* but X has 2"),
        (lambda: _conv(bias=torch.zeros(2)), r"bias must have shape \(3,\), one value per"),
        (lambda: _conv(stride=0), "stride must be at least 1"),
        (lambda: _conv(stride=(1, -2)), "stride must be at least 1"),
        (lambda: _conv(dilation=0), "dilation must be at least 1"),
        (lambda: _conv(padding=(0, -1)), "padding must be at least 0"),
        (lambda: _conv(stride=1.5), "stride must be an int or a pair of ints"),
        (lambda: _conv(padding=True), "padding must be an int or a pair of ints"),
        (
            lambda: _conv(K=torch.zeros(1, 2, 6, 2)),
            "The 6×2 kernel K spans 6×2 input cells, more than the padded input 5×5",
        ),
        (
            lambda: _conv(dilation=3),
            r"3×3 kernel K with dilation \(3, 3\) spans 7×7 input cells, more than the padded",
        ),
        (lambda: _conv(X=[["a"]]), "X must be a tensor or array-like of numbers"),
        (lambda: _pool(X=torch.zeros(1, 1, 5, 5)), r"X must be 3-D \(C, H, W\)"),
        (lambda: _pool(mode="mean"), "mode must be 'max' or 'avg', got 'mean'"),
        (lambda: _pool(kernel_size=(0, 2)), "kernel_size must be at least 1"),
        (lambda: _pool(stride=0), "stride must be at least 1"),
        (lambda: _pool(padding=-1), "padding must be at least 0"),
        (
            lambda: _pool(kernel_size=(2, 3), padding=(0, 2)),
            r"padding \(0, 2\) must be at most half of kernel_size \(2, 3\) .* at most \(1, 1\)",
        ),
        (lambda: _pool(kernel_size=(3, 8), padding=1), r"kernel_size \(3, 8\) spans 3×8 .* 7×7"),
    ],
)
def test_invalid_arguments_raise_a_readable_value_error(make, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        make()


def test_pool_backward_rejects_wrong_grad_output_shape() -> None:
    t = pool2d_trace(torch.zeros(2, 4, 4), 2)
    with pytest.raises(
        ValueError, match=r"grad_output must have the shape of the output \(2, 2, 2\), got \(2, 2\)"
    ):
        t.backward(torch.ones(2, 2))


def test_around_centres_the_window_and_stays_inside_the_padded_input() -> None:
    """The block a view magnifies: the window and a margin, moved inside at the edges."""
    t = conv2d_trace(torch.zeros(1, 28, 28), torch.zeros(1, 1, 3, 3), padding=1)
    _, H, W = t.padded_shape
    for k in range(t.num_steps):
        i0, j0, rows, cols = t.around(k)
        _, i, j = t.out_index(k)
        wr, wc, _ = t.window(i, j)
        assert (rows, cols) == (5, 5)
        assert 0 <= i0 and i0 + rows <= H and 0 <= j0 and j0 + cols <= W
        assert i0 <= wr[0] and wr[-1] < i0 + rows and j0 <= wc[0] and wc[-1] < j0 + cols
    middle = t.step_index(0, 14, 14)
    assert t.around(middle) == (13, 13, 5, 5)  # one cell of margin on every side
    assert t.around(-1) == t.around(0)  # before the first step: where it starts
    # a dilated, strided window on a small input: never larger than the input
    s = conv2d_trace(torch.zeros(1, 5, 4), torch.zeros(1, 1, 2, 2), stride=2, dilation=2)
    assert s.around(0, margin=3) == (0, 0, 5, 4)
    # pooling too, with no margin: exactly the window
    p = pool2d_trace(torch.zeros(2, 8, 8), 2, stride=2)
    assert p.around(p.step_index(1, 3, 2), margin=0) == (6, 4, 2, 2)
