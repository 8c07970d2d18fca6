"""Property-based tests (hypothesis): data_iter, sgd, linreg and squared_loss
give the book's numbers for valid random input."""

from __future__ import annotations

import d2lmini as d2l  # first: makes mxnet 1.9.1 import on Python 3.12+ too

import random

import numpy as np
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import array_shapes, arrays
from mxnet import nd

from tests.book import linreg as book_linreg, sgd as book_sgd, squared_loss as book_squared_loss

# Its example database: in tests/conftest.py's throw-away folder.
FAST = settings(max_examples=60, deadline=None)


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


def value_and_grad(shape):
    return st.tuples(*[arrays(np.float32, shape, elements=finite)] * 2)


@FAST
@given(
    pair=array_shapes(max_dims=3, max_side=5).flatmap(value_and_grad),
    lr=st.floats(1e-4, 10),
    batch_size=st.integers(1, 1000),
)
def test_sgd_gives_the_books_numbers(pair, lr, batch_size):
    """d2lmini.sgd on a parameter holding `value` with gradient `grad`: the
    book's own sgd's numbers bit for bit, the gradient untouched."""
    value, grad = pair
    ours, book = nd.array(value), nd.array(value)
    for param in (ours, book):
        param.attach_grad()
        param.grad[:] = nd.array(grad)
    d2l.sgd([ours], lr, batch_size)
    book_sgd([book], lr, batch_size)  # the book's, verbatim (tests/book.py)
    np.testing.assert_array_equal(ours.asnumpy(), book.asnumpy())
    np.testing.assert_array_equal(ours.grad.asnumpy(), grad)


@FAST
@given(
    n=st.integers(1, 12),
    d=st.integers(1, 5),
    k=st.integers(1, 3),
    bias=st.sampled_from(['number', 'scalar-array', 'per-output']),
    seed=st.integers(0, 2**16),
)
def test_linreg_and_squared_loss_give_the_books_numbers(n, d, k, bias, seed):
    """Any shapes the book's nd.dot(X, w) + b takes (k outputs, b a number
    or an array), and its loss: the same bits as the book's code."""
    rng = np.random.default_rng(seed)
    X = nd.array(rng.normal(size=(n, d)))
    w = nd.array(rng.normal(size=(d, k)))
    b = {
        'number': float(rng.normal()),
        'scalar-array': nd.array(rng.normal(size=1)),
        'per-output': nd.array(rng.normal(size=k)),
    }[bias]
    y_hat = d2l.linreg(X, w, b)
    assert np.array_equal(y_hat.asnumpy(), book_linreg(X, w, b).asnumpy())
    y = nd.array(rng.normal(size=y_hat.shape[0] * k))
    assert np.array_equal(
        d2l.squared_loss(y_hat, y).asnumpy(), book_squared_loss(y_hat, y).asnumpy()
    )
