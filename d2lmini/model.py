"""The book's model, loss and optimizer: linreg, squared_loss, sgd."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy
from mxnet import nd


def linreg(X: nd.NDArray, w: nd.NDArray, b: nd.NDArray | float) -> nd.NDArray:
    """The linear regression model ``Xw + b`` (本函数已保存在d2lzh包中).

    X has shape (batch_size, num_inputs), w (num_inputs, 1), b (1,);
    the result has shape (batch_size, 1). Like the book's ``nd.dot(X, w) + b``
    it also takes a Python number as b, and any shapes nd.dot and
    broadcasting combine, e.g. w (num_inputs, 3) with b (3,) for 3 outputs.
    Taught in notebooks/01-linear-regression-scratch.ipynb (book 3.2.4).
    Needs only mxnet (on numpy 2, see d2lmini/_compat.py).

    >>> from mxnet import nd
    >>> X = nd.array([[1, 2], [3, 4]])
    >>> linreg(X, nd.array([[1], [1]]), nd.array([0.5])).asnumpy().tolist()
    [[3.5], [7.5]]
    """
    for name, value in (('X', X), ('w', w)):
        if not isinstance(value, nd.NDArray):
            raise TypeError(
                'linreg: %s must be an mxnet NDArray, got %s; convert it with nd.array(%s)'
                % (name, type(value).__name__, name)
            )
    if X.ndim == 0 or w.ndim == 0 or X.shape[-1] != w.shape[0]:
        raise ValueError(
            'linreg: X of shape %s and w of shape %s do not '
            'combine: X.shape[-1] must equal w.shape[0]' % (X.shape, w.shape)
        )
    if isinstance(b, nd.NDArray):
        out = X.shape[:-1] + w.shape[1:]
        pairs = zip(reversed(out), reversed(b.shape))
        if b.ndim > len(out) or any(o != c and c != 1 for o, c in pairs):
            raise ValueError(
                'linreg: b of shape %s does not broadcast to Xw of shape %s; '
                'use shape (1,) or (%s,)' % (b.shape, out, out[-1] if out else 1)
            )
        dtypes = (X.dtype, w.dtype, b.dtype)
    elif isinstance(b, numbers.Real) and not isinstance(b, bool):
        dtypes = (X.dtype, w.dtype)
    else:
        raise TypeError('linreg: b must be an NDArray or a number, got %r' % (b,))
    if len(set(dtypes)) > 1:
        raise TypeError(
            'linreg: X, w and b must share a dtype, got %s; convert with .astype(%r)'
            % (', '.join(numpy.dtype(d).name for d in dtypes), 'float32')
        )
    if X.dtype == numpy.float16:
        raise TypeError("linreg: float16 is not supported by MXNet's dot on CPU; use float32")
    return nd.dot(X, w) + b


def squared_loss(y_hat: nd.NDArray, y: nd.NDArray) -> nd.NDArray:
    """Elementwise squared loss ``(y_hat - y) ** 2 / 2``, not reduced.

    Returns one loss per example, shaped like y_hat: the vector ``l`` on
    which the book calls ``l.backward()`` (which sums it first).
    Taught in notebooks/01-linear-regression-scratch.ipynb (book 3.2.5).
    Needs only mxnet (on Python 3.12+, see d2lmini/_compat.py).

    >>> from mxnet import nd
    >>> y_hat, y = nd.array([[1], [2]]), nd.array([0, 4])
    >>> squared_loss(y_hat, y).asnumpy().tolist()
    [[0.5], [2.0]]
    """
    for name, value in (('y_hat', y_hat), ('y', y)):
        if not isinstance(value, nd.NDArray):
            raise TypeError(
                'squared_loss: %s must be an mxnet NDArray, got %s; convert it with nd.array(%s)'
                % (name, type(value).__name__, name)
            )
    if y.size != y_hat.size:
        raise ValueError(
            'squared_loss: y_hat of shape %s and y of shape %s '
            'hold different numbers of values' % (y_hat.shape, y.shape)
        )
    if y.dtype != y_hat.dtype:
        raise TypeError(
            'squared_loss: y_hat (%s) and y (%s) must share a dtype; convert y with .astype(%r)'
            % (y_hat.dtype.__name__, y.dtype.__name__, y_hat.dtype.__name__)
        )
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params: Iterable[nd.NDArray], lr: float, batch_size: float) -> None:
    """Minibatch stochastic gradient descent (小批量随机梯度下降), in place.

    ``param.grad`` holds the *sum* of the per-example gradients (backward
    on a vector sums it), so dividing by batch_size steps along their mean.
    Differs from the book's ``param[:] = param - ...`` only in writing the
    same update with ``-=``: the same numbers, about 3x faster (MXNet's
    ``[:]`` assignment costs more than the arithmetic). Takes what the
    book's takes: any iterable of parameters (a generator too) and any
    finite lr, 0 and negative included. Every argument is checked before
    any parameter changes.
    Taught in notebooks/01-linear-regression-scratch.ipynb (book 3.2.6).
    Needs only mxnet (on numpy 2, see d2lmini/_compat.py).

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
    if isinstance(params, nd.NDArray):
        raise TypeError(
            'sgd: params must be a list of parameters, got one NDArray of shape %s; '
            'pass [w] (or [w, b])' % (params.shape,)
        )
    params = list(params)  # a generator is read once, before any update
    if len(params) == 0:
        raise ValueError('sgd: params is empty; pass the parameters to update, e.g. [w, b]')
    for name, value in (('lr', lr), ('batch_size', batch_size)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError('sgd: %s must be a number, got %r' % (name, value))
        if not math.isfinite(value):
            raise ValueError('sgd: %s must be finite, got %r' % (name, value))
    if not batch_size > 0:
        raise ValueError('sgd: batch_size must be > 0, got %r' % (batch_size,))
    for i, param in enumerate(params):
        if not isinstance(param, nd.NDArray):
            raise TypeError(
                'sgd: params[%d] must be an NDArray, got %s' % (i, type(param).__name__)
            )
        if param.grad is None:
            raise ValueError(
                'sgd: params[%d] (shape %s) has no gradient '
                'buffer; call attach_grad() on it before '
                'autograd.record()' % (i, param.shape)
            )
        if not numpy.issubdtype(param.dtype, numpy.floating):
            raise TypeError(
                'sgd: params[%d] has dtype %s and cannot take a fractional step; '
                'create it as float32 (e.g. .astype(%r))'
                % (i, numpy.dtype(param.dtype).name, 'float32')
            )
    for param in params:
        param -= lr * param.grad / batch_size
