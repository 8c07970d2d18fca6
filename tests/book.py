"""The book's own helpers (《动手学深度学习》 3.2, MXNet edition), as printed:
the reference d2lmini is compared with in the unit and property tests."""

import random

from mxnet import nd


def data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)  # 样本的读取顺序是随机的
    for i in range(0, num_examples, batch_size):
        j = nd.array(indices[i : min(i + batch_size, num_examples)])
        yield features.take(j), labels.take(j)  # take函数根据索引返回对应元素


def linreg(X, w, b):  # 本函数已保存在d2lzh包中方便以后使用
    return nd.dot(X, w) + b


def squared_loss(y_hat, y):  # 本函数已保存在d2lzh包中方便以后使用
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):  # 本函数已保存在d2lzh包中方便以后使用
    for param in params:
        param[:] = param - lr * param.grad / batch_size


def synthetic_data(w, b, num_examples):
    """3.2.1's cells as a function (true_w = w, true_b = b): features, then
    labels with noise; the labels as printed for two weights, the same sum
    column by column for another number."""
    features = nd.random.normal(scale=1, shape=(num_examples, len(w)))
    if len(w) == 2:
        labels = w[0] * features[:, 0] + w[1] * features[:, 1] + b
    else:
        labels = w[0] * features[:, 0]
        for i in range(1, len(w)):
            labels = labels + w[i] * features[:, i]
        labels = labels + b
    labels += nd.random.normal(scale=0.01, shape=labels.shape)
    return features, labels
