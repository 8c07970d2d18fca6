"""Property-based tests (hypothesis) for data_iter and sgd."""

from __future__ import annotations

import d2lmini as d2l  # first: makes mxnet 1.9.1 import on Python 3.12+ too

import random

import numpy as np
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import array_shapes, arrays
from mxnet import nd

# No example database: a test run writes nothing into the checkout.
FAST = settings(max_examples=60, deadline=None, database=None)


@FAST
@given(n=st.integers(1, 300), batch_size=st.integers(1, 400), seed=st.integers(0, 2**32 - 1))
def test_data_iter_covers_every_index_once_in_batches_of_batch_size(n, batch_size, seed):
    features = nd.arange(n).reshape((n, 1))
    random.seed(seed)
    batches = [(X, y) for X, y in d2l.data_iter(batch_size, features, nd.arange(n))]
    seen = np.concatenate([y.asnumpy() for _, y in batches]).astype(int)
    assert sorted(seen) == list(range(n))
    assert all(
        np.array_equal(X.asnumpy()[:, 0], y.asnumpy()) for X, y in batches
    )  # each row stays with its label
    sizes = [len(y) for _, y in batches]
    full, rest = divmod(n, batch_size)
    assert sizes == [batch_size] * full + ([rest] if rest else [])


finite = st.floats(-1e3, 1e3, width=32)


def book_sgd(params, lr, batch_size):
    """The book's sgd, verbatim: the reference d2lmini's `-=` must match."""
    for param in params:
        param[:] = param - lr * param.grad / batch_size


@FAST
@given(
    shape=array_shapes(max_dims=3, max_side=5),
    data=st.data(),
    lr=st.floats(1e-4, 10),
    batch_size=st.integers(1, 1000),
)
def test_sgd_update_is_the_books_formula(shape, data, lr, batch_size):
    """The mean-gradient step, computed in float64 as an independent check,
    and the book's own sgd's numbers bit for bit."""
    value = data.draw(arrays(np.float32, shape, elements=finite))
    grad = data.draw(arrays(np.float32, shape, elements=finite))
    ours, book = nd.array(value), nd.array(value)
    for param in (ours, book):
        param.attach_grad()
        param.grad[:] = nd.array(grad)
    d2l.sgd([ours], lr, batch_size)
    book_sgd([book], lr, batch_size)
    expected = value.astype(np.float64) - lr * grad.astype(np.float64) / batch_size
    np.testing.assert_allclose(
        ours.asnumpy(), expected, rtol=1e-5, atol=1e-5 * (1 + np.abs(expected).max())
    )
    np.testing.assert_array_equal(ours.asnumpy(), book.asnumpy())
    np.testing.assert_array_equal(ours.grad.asnumpy(), grad)  # grad untouched
