"""How long a run still needs, from the records its log gained (:func:`seconds_left`)."""

from __future__ import annotations

import time

__all__ = ["seconds_left"]


def seconds_left(
    anchor: tuple[float, float] | None,
    latest: tuple[float, float] | None,
    epochs: int,
    *,
    epoch: float | None = None,
    now: float | None = None,
    min_span_s: float = 1.5,
) -> float | None:
    """Seconds until epoch ``epochs`` ends, at the speed between two points of the run.

    ``anchor`` and ``latest`` are ``(time, epoch)`` pairs — ``time`` in seconds since the epoch
    (:attr:`Metrics.time`), ``epoch`` fractional (2.5 = half-way through the third). ``epoch``
    is where the run is now (default: ``latest``'s); the seconds since ``latest`` was written
    (``now``, default the clock) are taken off. ``None`` while there is too little to go on:
    no anchor or record, no epoch count, under ``min_span_s`` seconds or no progress between
    the two points. Never negative.
    """
    if anchor is None or latest is None or not epochs:
        return None
    (t0, e0), (t1, e1) = anchor, latest
    if t1 - t0 < min_span_s or e1 <= e0:
        return None
    rate = (e1 - e0) / (t1 - t0)  # epochs per second
    now = time.time() if now is None else now
    done = e1 if epoch is None else epoch
    return max((epochs - done) / rate - max(now - t1, 0.0), 0.0)
