"""The book's data: the synthetic linear data set and its minibatch reader."""

from __future__ import annotations

import math
import numbers
import random
from collections.abc import Iterator, Sequence

from mxnet import nd


def synthetic_data(
    w: Sequence[float], b: float, num_examples: int
) -> tuple[nd.NDArray, nd.NDArray]:
    """Generate ``y = Xw + b + noise`` as in the book (noise scale 0.01).

    Draws ``features`` of shape (num_examples, len(w)) from N(0, 1) and
    ``labels`` of shape (num_examples,), in the book's order, so after the
    same ``mx.random.seed`` it gives the book's data up to float rounding.
    Taught in notebooks/01-linear-regression-scratch.ipynb (book 3.2.1).
    Arguments are checked before anything is drawn: a refused call leaves
    mxnet's random state as it was.
    Needs only mxnet (on numpy 2, see d2lmini/_compat.py).

    >>> import mxnet as mx
    >>> mx.random.seed(1)
    >>> features, labels = synthetic_data([2, -3.4], 4.2, 1000)
    >>> features.shape, labels.shape
    ((1000, 2), (1000,))
    """
    if isinstance(num_examples, bool) or not isinstance(num_examples, numbers.Integral):
        raise TypeError('synthetic_data: num_examples must be an int, got %r' % (num_examples,))
    if num_examples < 1:
        raise ValueError('synthetic_data: num_examples must be >= 1, got %r' % (num_examples,))
    # Every check before the first random draw: a refused call leaves
    # mxnet's random state where it was.
    weights = w.asnumpy().tolist() if isinstance(w, nd.NDArray) else w
    if isinstance(weights, (str, bytes)) or not hasattr(weights, '__len__'):
        raise TypeError(
            'synthetic_data: w must be a sequence of numbers such as [2, -3.4], got %r' % (w,)
        )
    weights = list(weights)
    if len(weights) == 0:
        raise ValueError('synthetic_data: w must have at least one weight, got %r' % (w,))
    for name, value in [('w[%d]' % i, v) for i, v in enumerate(weights)] + [('b', b)]:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError('synthetic_data: %s must be a number, got %r' % (name, value))
        if not math.isfinite(value):
            raise ValueError('synthetic_data: %s must be finite, got %r' % (name, value))
    features = nd.random.normal(scale=1, shape=(num_examples, len(w)))
    labels = nd.dot(features, nd.array(weights)) + b
    labels += nd.random.normal(scale=0.01, shape=labels.shape)
    return features, labels


def data_iter(
    batch_size: int, features: nd.NDArray, labels: nd.NDArray
) -> Iterator[tuple[nd.NDArray, nd.NDArray]]:
    """Yield ``(X, y)`` minibatches that cover every example once, shuffled.

    Unlike the book's version, which gathers every batch with ``take``,
    this shuffles once per epoch and slices: the same batches, ~10x faster.
    The order comes from Python's ``random`` exactly as in the book, so
    ``random.seed`` reproduces it; the last batch holds
    ``len(features) % batch_size`` examples when that is not 0. One
    difference: it reads ``features`` and ``labels`` once per epoch, when
    the first batch is asked for, where the book's reads them at every
    batch; so a change made to them in the middle of an epoch shows from
    the next epoch on. Arguments are checked before ``random`` is used.
    Taught in notebooks/01-linear-regression-scratch.ipynb (book 3.2.2).
    Needs only mxnet and random (on numpy 2, see d2lmini/_compat.py).

    >>> from mxnet import nd
    >>> features, labels = nd.arange(10).reshape((5, 2)), nd.arange(5)
    >>> [y.shape for X, y in data_iter(2, features, labels)]
    [(2,), (2,), (1,)]
    """
    if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral):
        raise TypeError('data_iter: batch_size must be an int, got %r' % (batch_size,))
    if batch_size < 1:
        raise ValueError('data_iter: batch_size must be >= 1, got %r' % (batch_size,))
    for name, value in (('features', features), ('labels', labels)):
        if not isinstance(value, nd.NDArray):
            raise TypeError(
                'data_iter: %s must be an mxnet NDArray, got %s; convert it with nd.array(%s)'
                % (name, type(value).__name__, name)
            )
        if value.ndim == 0:
            raise ValueError('data_iter: %s must have one row per example, got a scalar' % name)
    num_examples = len(features)
    if len(labels) != num_examples:
        raise ValueError(
            'data_iter: features and labels differ in length: '
            'len(features)=%d, len(labels)=%d' % (num_examples, len(labels))
        )
    if num_examples == 0:
        raise ValueError('data_iter: features is empty (0 examples)')
    indices = list(range(num_examples))
    random.shuffle(indices)  # 样本的读取顺序是随机的
    # One gather per epoch instead of one per batch; slicing is then cheap.
    order = nd.array(indices, ctx=features.context, dtype='int64')
    features, labels = features.take(order), labels.take(order)
    for i in range(0, num_examples, batch_size):
        yield features[i : i + batch_size], labels[i : i + batch_size]
