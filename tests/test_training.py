"""The book's 3-epoch loop with d2lmini reaches the least-squares optimum.

Reference: ordinary least squares with an intercept, in NumPy float64 on
the same data. Floors: training loss within 2 % of the OLS loss, and w, b
within 1e-3 of the OLS solution.
"""

from __future__ import annotations

import d2lmini as d2l  # first: makes mxnet 1.9.1 import on Python 3.12+ too

import numpy as np
import pytest

from tests import book


def train_book_loop(seed):
    cell = book.train(d2l, seed)  # the book's own loop, with d2lmini's helpers
    return tuple(cell[name].asnumpy() for name in ('features', 'labels', 'w', 'b'))


def mean_squared_loss(X, y, w, b):
    return float(np.mean((X @ w.ravel() + b - y) ** 2 / 2))


@pytest.mark.parametrize('seed', [0, 1, 2])
def test_three_epochs_reach_the_least_squares_optimum(seed):
    X, y, w, b = train_book_loop(seed)
    X, y = X.astype(np.float64), y.astype(np.float64)
    design = np.hstack([X, np.ones((len(X), 1))])
    ols, *_ = np.linalg.lstsq(design, y, rcond=None)
    w_ols, b_ols = ols[:2], ols[2]
    loss, loss_ols = mean_squared_loss(X, y, w, b), mean_squared_loss(X, y, w_ols, b_ols)
    assert loss_ols <= loss <= 1.02 * loss_ols
    np.testing.assert_allclose(w.ravel(), w_ols, rtol=0, atol=1e-3)
    np.testing.assert_allclose(b, [b_ols], rtol=0, atol=1e-3)
