"""The time a run still needs, from two (time, epoch) points of its log."""

import pytest

from cnnviz.core.training import seconds_left


def test_seconds_left_at_the_measured_speed():
    # 1 epoch in 10 s; at epoch 2 of 5 written at t=20, asked at t=20: 30 s left
    assert seconds_left((10.0, 1.0), (20.0, 2.0), 5, now=20.0) == pytest.approx(30.0)
    # the seconds since the last record are taken off; never below zero
    assert seconds_left((10.0, 1.0), (20.0, 2.0), 5, now=25.0) == pytest.approx(25.0)
    assert seconds_left((10.0, 1.0), (20.0, 2.0), 5, now=99.0) == 0.0
    # where the run is now may be ahead of the record (an epoch record came after it)
    assert seconds_left((10.0, 1.0), (20.0, 2.0), 5, epoch=3.0, now=20.0) == pytest.approx(20.0)


@pytest.mark.parametrize(
    "anchor, latest, epochs",
    [
        (None, (20.0, 2.0), 5),  # no anchor yet
        ((10.0, 1.0), None, 5),  # no record yet
        ((10.0, 1.0), (20.0, 2.0), 0),  # epochs unknown
        ((10.0, 1.0), (11.0, 1.5), 5),  # under 1.5 s apart: too little to go on
        ((10.0, 1.0), (20.0, 1.0), 5),  # no progress (paused)
    ],
)
def test_seconds_left_is_none_while_estimating(anchor, latest, epochs):
    assert seconds_left(anchor, latest, epochs, now=20.0) is None
