"""The book's model, loss and optimizer: linreg, squared_loss, sgd."""

from __future__ import annotations

from d2lmini import _checks

from collections.abc import Iterable

from mxnet import nd


def linreg(X: nd.NDArray, w: nd.NDArray, b: nd.NDArray | float) -> nd.NDArray:
    """The linear regression model ``Xw + b`` (本函数已保存在d2lzh包中).

    X (batch_size, num_inputs), w (num_inputs, 1) and b (1,) or a number give
    (batch_size, 1). Book 3.2.4, taught in notebooks/03-linear-regression-scratch.

    >>> from mxnet import nd
    >>> X = nd.array([[1, 2], [3, 4]])
    >>> linreg(X, nd.array([[1], [1]]), nd.array([0.5])).asnumpy().tolist()
    [[3.5], [7.5]]
    """
    b = _checks.linreg(X, w, b)  # a number as float, as mxnet reads it
    return nd.dot(X, w) + b


def squared_loss(y_hat: nd.NDArray, y: nd.NDArray) -> nd.NDArray:
    """Squared loss ``(y_hat - y) ** 2 / 2``, one per example, not reduced.

    The vector ``l`` on which the book calls ``l.backward()`` (which sums it).
    Book 3.2.5, taught in notebooks/03-linear-regression-scratch.

    >>> from mxnet import nd
    >>> y_hat, y = nd.array([[1], [2]]), nd.array([0, 4])
    >>> squared_loss(y_hat, y).asnumpy().tolist()
    [[0.5], [2.0]]
    """
    _checks.squared_loss(y_hat, y)
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params: Iterable[nd.NDArray], lr: float, batch_size: float) -> None:
    """Minibatch stochastic gradient descent (小批量随机梯度下降), in place.

    ``param.grad`` holds the *sum* of the per-example gradients (backward on
    a vector sums it), so dividing by batch_size steps along their mean.
    Book 3.2.6, taught in notebooks/03-linear-regression-scratch.

    >>> from mxnet import autograd, nd
    >>> w = nd.array([1.0])
    >>> w.attach_grad()
    >>> with autograd.record():
    ...     l = (w * nd.array([1, 2, 3])).sum()
    >>> l.backward()  # w.grad = 1 + 2 + 3 = 6
    >>> sgd([w], lr=0.5, batch_size=3)  # w = 1 - 0.5 * 6 / 3
    >>> print(w.asscalar())  # print: numpy 2's repr says np.float32(0.0)
    0.0
    """
    params, lr, batch_size = _checks.sgd(params, lr, batch_size)
    for param in params:
        param[:] = param - lr * param.grad / batch_size
