"""Smoothing a noisy training curve the way TensorBoard does (:func:`ema_smooth`).

This module imports numpy only (no torch, no GUI library).

>>> ema_smooth([1.0, 0.0, 0.0], 0.5).round(4).tolist()
[1.0, 0.3333, 0.1429]
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = ["ema_smooth"]


def ema_smooth(values: Sequence[float] | np.ndarray, weight: float) -> np.ndarray:
    """The exponential moving average of ``values``, debiased as in TensorBoard.

    With ``last = 0`` at the start, each finite value ``y`` makes
    ``last = last * weight + (1 - weight) * y``, and the smoothed value is
    ``last / (1 - weight ** n)`` (``n``: finite values so far). The division takes off the
    pull towards the zero start, so the first smoothed value is the first value itself
    instead of ``(1 - weight) * y``. Non-finite values (NaN, ±inf) are kept as they are and
    do not enter the average; a constant series is returned unchanged.

    Parameters
    ----------
    values : sequence of float, shape (N,)
        The raw curve, in order (e.g. the training loss of each progress record).
    weight : float
        How much of the past each step keeps, ``0 <= weight < 1``; 0 leaves the values
        unchanged, 0.6 is TensorBoard's default, 0.99 follows only long trends.

    Returns
    -------
    numpy.ndarray, shape (N,), float64
        The smoothed curve (a new array).

    Raises
    ------
    ValueError
        If ``weight`` is not a number from 0 up to (not including) 1, or ``values`` is not
        one-dimensional.
    """
    number = isinstance(weight, (int, float)) and not isinstance(weight, bool)
    if not (number and 0.0 <= weight < 1.0):
        raise ValueError(
            f"The smoothing weight must be a number from 0 to below 1, not {weight!r}."
        )
    y = np.array(values, dtype=np.float64)  # a copy: the caller's values stay as they were
    if y.ndim != 1:
        raise ValueError(f"Only a one-dimensional curve can be smoothed, not shape {y.shape}.")
    if weight == 0.0 or y.size == 0 or np.all(y == y[0]):
        return y
    last, n = 0.0, 0
    for i, v in enumerate(y.tolist()):
        if not math.isfinite(v):
            continue  # kept as it is, left out of the average
        last = last * weight + (1.0 - weight) * v
        n += 1
        y[i] = last / (1.0 - weight**n)
    return y
