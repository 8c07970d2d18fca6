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
    features = nd.random.normal(scale=1, shape=(num_examples, len(w)))
    # the book's labels = true_w[0] * features[:, 0] + true_w[1] * features[:, 1] + true_b,
    # for any number of weights: the same operations in the same order
    labels = sum(w[i] * features[:, i] for i in range(len(w))) + b
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
    for i in range(0, num_examples, batch_size):
        j = nd.array(indices[i : min(i + batch_size, num_examples)])
        yield features.take(j), labels.take(j)  # take函数根据索引返回对应元素
