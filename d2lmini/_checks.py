"""The checks of d2lmini's helpers, one function each, kept here so that each
helper reads as the book's code. Each raises a TypeError or ValueError that
starts with the helper's name and names the argument, its value and what
would work, before the helper changes anything (parameters, random state,
rcParams). Needs only mxnet and numpy: copy it beside a copied helper."""

from __future__ import annotations

import math
import numbers
import operator

import numpy
from mxnet import nd


def ndarrays(helper, **arrays):
    """The book's helpers call NDArray methods on these: nothing else will do."""
    for name, value in arrays.items():
        if not isinstance(value, nd.NDArray):
            raise TypeError(
                '%s: %s must be an mxnet NDArray, got %s; convert it with nd.array(%s)'
                % (helper, name, type(value).__name__, name)
            )


def number(helper, name, value):
    """A finite real number (not a bool), as float: mxnet reads a number it
    is given as float(value) (ndarray._ufunc_helper), but only an int, float
    or numpy scalar; a fractions.Fraction fails inside it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError('%s: %s must be a number, got %r' % (helper, name, value))
    if not math.isfinite(value):
        raise ValueError('%s: %s must be finite, got %r' % (helper, name, value))
    return float(value)


def count(helper, name, value):
    """A whole number >= 1, as a Python int: mxnet passes a shape on as its
    str(), where numpy 2 writes np.int64(5) (NEP 51), and fails on that."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError('%s: %s must be an int, got %r' % (helper, name, value))
    if value < 1:
        raise ValueError('%s: %s must be >= 1, got %r' % (helper, name, value))
    return operator.index(value)


def linreg(X, w, b):
    """X and w NDArrays nd.dot takes, b what broadcasts to their product;
    returns b, a number as float. Each shape and dtype is read once: each
    read is a call into mxnet's library, and linreg runs every minibatch."""
    ndarrays('linreg', X=X, w=w)
    x_shape, w_shape = X.shape, w.shape
    if not x_shape or not w_shape or x_shape[-1] != w_shape[0]:
        raise ValueError(
            'linreg: X of shape %s and w of shape %s do not '
            'combine: X.shape[-1] must equal w.shape[0]' % (x_shape, w_shape)
        )
    for name, shape in (('X', x_shape), ('w', w_shape)):
        # nd makes empty arrays but infers no shape from them (apache/mxnet#15043)
        if 0 in shape:
            raise ValueError(
                'linreg: %s of shape %s holds no values, which nd.dot cannot take; '
                'every size in its shape must be >= 1' % (name, shape)
            )
    if isinstance(b, nd.NDArray):
        b_shape = b.shape
        if not b_shape:  # nd's shape () means 'unknown' (apache/mxnet#8133): + fails
            raise ValueError(
                'linreg: b of shape () is a 0-d NDArray, which mxnet cannot add to Xw; '
                'use shape (1,) (nd.array([0.5]), not nd.array(0.5)) or a Python number'
            )
        out = x_shape[:-1] + w_shape[1:]
        pairs = zip(reversed(out), reversed(b_shape))
        if len(b_shape) > len(out) or any(o != c and c != 1 for o, c in pairs):
            raise ValueError(
                'linreg: b of shape %s does not broadcast to Xw of shape %s; '
                'use shape (1,) or (%s,)' % (b_shape, out, out[-1] if out else 1)
            )
        dtypes = (X.dtype, w.dtype, b.dtype)
    elif isinstance(b, numbers.Real) and not isinstance(b, bool):
        dtypes, b = (X.dtype, w.dtype), float(b)  # as number() says
    else:
        raise TypeError('linreg: b must be an NDArray or a number, got %r' % (b,))
    if len(set(dtypes)) > 1:
        raise TypeError(
            'linreg: X, w and b must share a dtype, got %s; convert with .astype(%r)'
            % (', '.join(numpy.dtype(d).name for d in dtypes), 'float32')
        )
    if dtypes[0] == numpy.float16:
        raise TypeError("linreg: float16 is not supported by MXNet's dot on CPU; use float32")
    return b


def squared_loss(y_hat, y):
    """NDArrays holding as many values, of one dtype."""
    ndarrays('squared_loss', y_hat=y_hat, y=y)
    y_hat_shape, y_shape = y_hat.shape, y.shape  # read once, as in linreg
    if math.prod(y_shape) != math.prod(y_hat_shape):
        raise ValueError(
            'squared_loss: y_hat of shape %s and y of shape %s '
            'hold different numbers of values' % (y_hat_shape, y_shape)
        )
    y_hat_dtype, y_dtype = y_hat.dtype, y.dtype
    if y_dtype != y_hat_dtype:
        raise TypeError(
            'squared_loss: y_hat (%s) and y (%s) must share a dtype; convert y with .astype(%r)'
            % (y_hat_dtype.__name__, y_dtype.__name__, y_hat_dtype.__name__)
        )


def sgd(params, lr, batch_size):
    """Returns params as a list (a generator is read once, before any
    update), lr and batch_size as floats."""
    if isinstance(params, nd.NDArray):
        raise TypeError(
            'sgd: params must be a list of parameters, got one NDArray of shape %s; '
            'pass [w] (or [w, b])' % (params.shape,)
        )
    params = list(params)
    if len(params) == 0:
        raise ValueError('sgd: params is empty; pass the parameters to update, e.g. [w, b]')
    lr, batch_size = number('sgd', 'lr', lr), number('sgd', 'batch_size', batch_size)
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
    return params, lr, batch_size


def synthetic_data(w, b, num_examples):
    """Returns w as a list of floats, b as float, num_examples as int."""
    num_examples = count('synthetic_data', 'num_examples', num_examples)
    weights = w.asnumpy().tolist() if isinstance(w, nd.NDArray) else w
    if isinstance(weights, (str, bytes)) or not hasattr(weights, '__len__'):
        raise TypeError(
            'synthetic_data: w must be a sequence of numbers such as [2, -3.4], got %r' % (w,)
        )
    weights = list(weights)
    if len(weights) == 0:
        raise ValueError('synthetic_data: w must have at least one weight, got %r' % (w,))
    weights = [number('synthetic_data', 'w[%d]' % i, v) for i, v in enumerate(weights)]
    return weights, number('synthetic_data', 'b', b), num_examples


def data_iter(batch_size, features, labels):
    """batch_size >= 1; features and labels with as many rows, at least one."""
    count('data_iter', 'batch_size', batch_size)
    for name, value in (('features', features), ('labels', labels)):
        ndarrays('data_iter', **{name: value})
        if value.ndim == 0:
            raise ValueError('data_iter: %s must have one row per example, got a scalar' % name)
    if len(labels) != len(features):
        raise ValueError(
            'data_iter: features and labels differ in length: '
            'len(features)=%d, len(labels)=%d' % (len(features), len(labels))
        )
    if len(features) == 0:
        raise ValueError('data_iter: features is empty (0 examples)')


def set_figsize(figsize):
    """(width, height) in inches: two finite numbers > 0."""
    if isinstance(figsize, (str, bytes)) or not hasattr(figsize, '__len__'):
        raise TypeError(
            'set_figsize: figsize must be (width, height) in inches, got %r' % (figsize,)
        )
    if len(figsize) != 2 or not all(
        isinstance(s, numbers.Real) and not isinstance(s, bool) for s in figsize
    ):
        raise TypeError(
            'set_figsize: figsize must be two numbers (width, height) in inches, got %r'
            % (figsize,)
        )
    if not all(math.isfinite(s) and s > 0 for s in figsize):
        raise ValueError(
            'set_figsize: figsize must be (width, height) in inches, both finite and > 0, '
            'got %r' % (figsize,)
        )
