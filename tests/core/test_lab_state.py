"""The lab's state as data: validation naming the field, slide round trips, the kernel bank."""

import numpy as np
import pytest
import torch

from cnnviz.core.errors import FieldError
from cnnviz.core.lab_state import (
    MAX_CHANNELS_IN,
    MAX_CHANNELS_OUT,
    LabState,
    broadcast_bank,
    centred,
    network_bank,
    stacked_bank,
)
from cnnviz.core.stepper import conv2d_trace, pool2d_trace


def test_defaults_are_what_a_slide_means_when_it_says_nothing():
    s = LabState.from_slide({})
    assert (s.mode, s.in_channels, s.out_channels) == ("conv", 1, 1)
    assert (s.padding, s.stride, s.dilation, s.step, s.bias) == ((0, 0), (1, 1), (1, 1), 0, None)
    assert s.op == "conv"


@pytest.mark.parametrize(
    ("keys", "field"),
    [
        ({"padding": -1}, "padding"),
        ({"padding": 17}, "padding"),
        ({"stride": 0}, "stride"),
        ({"dilation": [1, 9]}, "dilation"),
        ({"kernel_size": 16}, "kernel_size"),
        ({"in_channels": 4}, "in_channels"),
        ({"out_channels": 0}, "out_channels"),
        ({"lab_mode": "deconv"}, "mode"),
        ({"pool": "min"}, "pool"),
        ({"bias": float("nan")}, "bias"),
        ({"step": -2}, "step"),
        ({"gradient": "zeros"}, "gradient"),
        ({"kernel": [[1, 2], [3]]}, "kernel"),
        ({"kernel": [[1, float("inf")]]}, "kernel"),
        ({"padding": "two"}, "padding"),
    ],
)
def test_a_bad_value_raises_a_field_error_naming_its_field(keys, field):
    with pytest.raises(FieldError) as info:
        LabState.from_slide(keys)
    assert info.value.field == field
    assert str(info.value).endswith(".")
    with pytest.raises(ValueError):  # a FieldError is a ValueError for older callers
        LabState.from_slide(keys)


def test_replace_validates_too():
    s = LabState()
    assert s.replace(padding=(2, 1)).padding == (2, 1)
    with pytest.raises(FieldError, match="stride") as info:
        s.replace(stride=(0, 1))
    assert info.value.field == "stride"


@pytest.mark.parametrize(
    "keys",
    [
        {"lab_mode": "conv", "input": "book_3x3", "kernel": "book_2x2", "padding": [1, 1]},
        {"lab_mode": "pool", "pool": "avg", "kernel_size": [3, 3], "stride": [1, 2]},
        {"lab_mode": "conv", "in_channels": 2, "out_channels": 3,
         "kernel": [[[0, 1], [2, 3]], [[1, 2], [3, 4]]], "bias": 0.5, "step": "end"},
    ],
)  # fmt: skip
def test_slide_keys_round_trip(keys):
    state = LabState.from_slide(keys)
    assert LabState.from_slide(state.to_slide()) == state


def test_backward_through_pool_when_the_slide_names_a_pool():
    s = LabState.from_slide({"lab_mode": "backward", "pool": "max", "gradient": "one"})
    assert (s.op, s.through, s.gradient) == ("pool", "pool", "cell")


def test_stacked_bank_is_the_books_k_k1_k2():
    # d2l 7.4: K = stack((K, K + 1, K + 2)) for two input channels
    K = np.array([[[0.0, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]])
    bank = stacked_bank(K.tolist(), 3, 2)
    assert bank.shape == (3, 2, 2, 2)
    for o in range(3):
        np.testing.assert_array_equal(bank[o], K + o)
    X = torch.tensor([[[0.0, 1, 2], [3, 4, 5], [6, 7, 8]], [[1.0, 2, 3], [4, 5, 6], [7, 8, 9]]])
    out = conv2d_trace(X, bank).output
    assert out[0].tolist() == [[56.0, 72.0], [104.0, 120.0]]  # the book's numbers
    assert out[1].tolist() == [[76.0, 100.0], [148.0, 172.0]]
    assert out[2].tolist() == [[96.0, 128.0], [192.0, 224.0]]


def test_one_typed_matrix_is_copied_unchanged_into_every_pair():
    bank = stacked_bank([[1.0, -1.0]])
    assert bank.shape == (MAX_CHANNELS_OUT, MAX_CHANNELS_IN, 1, 2)
    assert (bank == np.array([1.0, -1.0])).all()


def test_broadcast_bank_copies_a_preset():
    bank = broadcast_bank(np.eye(3))
    bank[0, 0, 0, 0] = 7  # a real copy, not a read-only view
    assert bank.shape == (MAX_CHANNELS_OUT, MAX_CHANNELS_IN, 3, 3) and bank[1, 1, 0, 0] == 1


def test_centred_grows_with_zeros_and_shrinks_to_the_middle():
    bank = np.arange(9.0).reshape(1, 1, 3, 3)
    grown = centred(bank, (5, 5))
    np.testing.assert_array_equal(grown[0, 0, 1:4, 1:4], bank[0, 0])
    assert grown.sum() == bank.sum()
    assert centred(bank, (1, 1))[0, 0].tolist() == [[4.0]]
    assert centred(bank, (3, 1))[0, 0].tolist() == [[1.0], [4.0], [7.0]]
    np.testing.assert_array_equal(centred(grown, (3, 3)), bank)


def test_network_bank_slices_real_kernels():
    conv = torch.nn.Conv2d(8, 6, 5)
    w = conv.weight.detach().double().numpy()
    b = conv.bias.detach().double().numpy()
    bank, biases, n_out, n_in = network_bank(w, b, channel=4)
    assert (n_out, n_in) == (2, MAX_CHANNELS_IN)
    np.testing.assert_array_equal(bank[:2, :3], w[4:6, :3])
    assert (bank[2:] == 0).all() and (biases[2:] == 0).all()
    np.testing.assert_array_equal(biases[:2], b[4:6])
    bank, biases, *_ = network_bank(w, None, channel=99)  # clamped to the last channel
    np.testing.assert_array_equal(bank[0, :3], w[5, :3])
    assert (biases == 0).all()


@pytest.mark.parametrize(
    ("call", "field", "related"),
    [
        (lambda: conv2d_trace(torch.ones(1, 3, 3), torch.ones(1, 1, 2, 2), padding=-1),
         "padding", ()),
        (lambda: conv2d_trace(torch.ones(1, 3, 3), torch.ones(1, 1, 2, 2), stride=0),
         "stride", ()),
        (lambda: conv2d_trace(torch.ones(1, 3, 3), torch.ones(1, 1, 4, 4)),
         "kernel_size", ("kernel_size", "padding", "dilation", "input")),
        (lambda: conv2d_trace(torch.ones(2, 3, 3), torch.ones(1, 1, 2, 2)), "kernel", ()),
        (lambda: conv2d_trace(torch.ones(3, 3), torch.ones(1, 1, 2, 2)), "input", ()),
        (lambda: conv2d_trace(torch.ones(1, 3, 3), torch.ones(1, 1, 2, 2), [1, 2]), "bias", ()),
        (lambda: pool2d_trace(torch.ones(1, 4, 4), 2, padding=2), "padding", ()),
        (lambda: pool2d_trace(torch.ones(1, 4, 4), 0), "kernel_size", ()),
        (lambda: pool2d_trace(torch.ones(1, 4, 4), 2, mode="min"), "pool", ()),
        (lambda: conv2d_trace(torch.ones(1, 3, 3), torch.ones(1, 1, 2, 2)).backward(
            torch.ones(1, 3, 3)), "gradient", ()),
    ],
)  # fmt: skip
def test_the_stepper_names_the_field_of_each_mistake(call, field, related):
    with pytest.raises(FieldError) as info:
        call()
    assert (info.value.field, info.value.related) == (field, related)


def test_field_errors_pickle_with_their_field():
    import pickle

    exc = pickle.loads(pickle.dumps(FieldError("padding", "too much", ("input",))))
    assert (exc.field, str(exc), exc.related) == ("padding", "too much", ("input",))


def test_ints_and_lists_mean_pairs_and_kernels_are_frozen():
    s = LabState(padding=1, stride=[2, 1], kernel=[[1.0, 2.0], [3.0, 4.0]])
    assert (s.padding, s.stride) == ((1, 1), (2, 1))
    assert s.kernel == ((1.0, 2.0), (3.0, 4.0))
    assert hash(s) == hash(LabState(padding=(1, 1), stride=(2, 1), kernel=s.kernel))
    assert s.replace(dilation=2).to_slide()["dilation"] == [2, 2]
