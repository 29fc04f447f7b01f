"""The TensorBoard-style smoothing of a training curve, against hand computations."""

import math

import numpy as np
import pytest

from cnnviz.core.training import ema_smooth


def test_ema_matches_a_hand_computation_with_the_first_value_debiased():
    # weight 0.6: last = 0.4·2 = 0.8 → 0.8 / (1 − 0.6) = 2.0 (the first value itself)
    # then last = 0.6·0.8 + 0.4·1 = 0.88 → 0.88 / (1 − 0.36) = 1.375
    # then last = 0.6·0.88 + 0.4·4 = 2.128 → 2.128 / (1 − 0.216) = 2.714285…
    out = ema_smooth([2.0, 1.0, 4.0], 0.6)
    assert out == pytest.approx([2.0, 1.375, 2.128 / 0.784])
    assert out.dtype == np.float64


def test_ema_equals_the_debiased_weighted_mean_of_the_past():
    y = np.array([3.0, 1.0, 2.0, 5.0, 0.5])
    w = 0.9
    out = ema_smooth(y, w)
    for n in range(1, len(y) + 1):
        weights = w ** np.arange(n - 1, -1, -1)  # the newest value weighs most
        assert out[n - 1] == pytest.approx((weights * y[:n]).sum() / weights.sum())


def test_weight_zero_and_a_constant_series_are_unchanged_and_copied():
    y = np.array([1.0, 5.0, 2.0])
    out = ema_smooth(y, 0.0)
    assert out.tolist() == [1.0, 5.0, 2.0] and out is not y
    assert ema_smooth([0.3] * 4, 0.99).tolist() == [0.3] * 4
    assert ema_smooth([], 0.5).shape == (0,)
    smoothed = ema_smooth(y, 0.5)
    assert y.tolist() == [1.0, 5.0, 2.0] and smoothed[1] != 5.0  # the input is not changed


def test_non_finite_values_are_kept_and_left_out_of_the_average():
    out = ema_smooth([1.0, math.nan, 3.0], 0.5)
    assert out[0] == 1.0 and math.isnan(out[1])
    # the NaN is skipped: 3.0 is the second value averaged, as in [1.0, 3.0]
    assert out[2] == pytest.approx(ema_smooth([1.0, 3.0], 0.5)[1])
    assert ema_smooth([1.0, 3.0], 0.5)[1] == pytest.approx((0.25 + 1.5) / 0.75)


@pytest.mark.parametrize("weight", [1.0, -0.1, 1.5, "0.6", True, math.nan])
def test_a_weight_outside_zero_to_one_is_refused_with_a_sentence(weight):
    with pytest.raises(ValueError, match="smoothing weight"):
        ema_smooth([1.0, 2.0], weight)


def test_only_a_one_dimensional_curve_is_smoothed():
    with pytest.raises(ValueError, match="one-dimensional"):
        ema_smooth([[1.0, 2.0]], 0.5)
