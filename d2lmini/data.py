"""The book's data: the synthetic linear data set and its minibatch reader."""

from __future__ import annotations

from d2lmini import _checks

import random
from collections.abc import Iterator, Sequence

from mxnet import nd


def synthetic_data(
    w: Sequence[float], b: float, num_examples: int
) -> tuple[nd.NDArray, nd.NDArray]:
    """Generate ``y = Xw + b + noise`` as in the book (noise scale 0.01).

    features (num_examples, len(w)) from N(0, 1), then labels (num_examples,),
    drawn in the book's order: after the same ``mx.random.seed``, its data.
    Book 3.2.1, taught in notebooks/03-linear-regression-scratch.

    >>> import mxnet as mx
    >>> mx.random.seed(1)
    >>> features, labels = synthetic_data([2, -3.4], 4.2, 1000)
    >>> features.shape, labels.shape
    ((1000, 2), (1000,))
    """
    w, b, num_examples = _checks.synthetic_data(w, b, num_examples)
    # scale=1 is the default, written as the book does: dropping it changes nothing
    features = nd.random.normal(scale=1, shape=(num_examples, len(w)))  # pragma: no mutate
    # book: labels = true_w[0] * features[:, 0] + true_w[1] * features[:, 1] + true_b
    labels = nd.dot(features, nd.array(w)) + b
    labels += nd.random.normal(scale=0.01, shape=labels.shape)
    return features, labels


def data_iter(
    batch_size: int, features: nd.NDArray, labels: nd.NDArray
) -> Iterator[tuple[nd.NDArray, nd.NDArray]]:
    """Yield ``(X, y)`` minibatches that cover every example once, shuffled.

    ``random.seed`` fixes the order; the last batch may be smaller.
    Book 3.2.2, taught in notebooks/03-linear-regression-scratch.

    >>> from mxnet import nd
    >>> features, labels = nd.arange(10).reshape((5, 2)), nd.arange(5)
    >>> [y.shape for X, y in data_iter(2, features, labels)]
    [(2,), (2,), (1,)]
    """
    _checks.data_iter(batch_size, features, labels)
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)  # 样本的读取顺序是随机的
    # One gather per epoch, not the book's one per batch: the same batches,
    # ~10x faster; features changed mid-epoch show from the next epoch on.
    # ctx matters only on a GPU, int64 only past 2**24 examples (float32 indices
    # are exact below): mutants that drop either change nothing here
    order = nd.array(indices, ctx=features.context, dtype='int64')  # pragma: no mutate
    features, labels = features.take(order), labels.take(order)
    for i in range(0, num_examples, batch_size):
        # book: j = nd.array(indices[i: min(i + batch_size, num_examples)])
        #       yield features.take(j), labels.take(j)
        yield features[i : i + batch_size], labels[i : i + batch_size]
