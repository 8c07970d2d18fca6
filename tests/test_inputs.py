"""Every helper, for every kind of input: the book's result, or d2lmini's own
error first. One row per input, as the README promises it:

- bad input raises a TypeError or ValueError from d2lmini (the message
  starts with the helper's name), naming the argument and what would work,
  and changes nothing: no parameter, no Python or mxnet random state, no
  rcParams;
- valid input that the book's own helper takes gives the book's result, bit
  for bit (the book's code is written out below); so does a number the
  book's code hands to mxnet, which fails on it (a Fraction, numpy's int in
  a shape): the book's result for that number as a plain float or int.
"""

from __future__ import annotations

import d2lmini as d2l  # first: makes mxnet 1.9.1 import on numpy 2 too

import random
import re
from fractions import Fraction

import matplotlib
import mxnet as mx
import numpy as np
import pytest
from mxnet import autograd, nd

from tests import book


def ones(shape, dtype='float32'):
    return nd.ones(shape, dtype=dtype)


def with_grad(shape=(2, 1), dtype='float32', value=1.0):
    param = nd.ones(shape, dtype=dtype) * value
    param.attach_grad()
    param.grad[:] = 3
    return param


X, W, B = ones((4, 2)), ones((2, 1)), nd.zeros(1)
INF, NAN = float('inf'), float('nan')

# (id, helper, arguments, exception type, words in the message)
REFUSED = [
    (
        'data_iter batch_size 0',
        'data_iter',
        (0, X, ones(4)),
        ValueError,
        'batch_size must be >= 1, got 0',
    ),
    (
        'data_iter batch_size -3',
        'data_iter',
        (-3, X, ones(4)),
        ValueError,
        'batch_size must be >= 1, got -3',
    ),
    (
        'data_iter batch_size 2.5',
        'data_iter',
        (2.5, X, ones(4)),
        TypeError,
        'batch_size must be an int, got 2.5',
    ),
    (
        'data_iter batch_size str',
        'data_iter',
        ('10', X, ones(4)),
        TypeError,
        "batch_size must be an int, got '10'",
    ),
    (
        'data_iter batch_size bool',
        'data_iter',
        (True, X, ones(4)),
        TypeError,
        'batch_size must be an int, got True',
    ),
    (
        'data_iter features list',
        'data_iter',
        (2, [[1, 2], [3, 4]], ones(2)),
        TypeError,
        'features must be an mxnet NDArray, got list; convert it with nd.array(features)',
    ),
    (
        'data_iter labels numpy',
        'data_iter',
        (2, X, np.ones(4)),
        TypeError,
        'labels must be an mxnet NDArray, got ndarray; convert it with nd.array(labels)',
    ),
    (
        'data_iter lengths differ',
        'data_iter',
        (2, X, ones(3)),
        ValueError,
        'len(features)=4, len(labels)=3',
    ),
    (
        'data_iter empty',
        'data_iter',
        (2, nd.array(np.zeros((0, 2))), nd.array([])),
        ValueError,
        'features is empty',
    ),
    (
        'synthetic_data num_examples 0',
        'synthetic_data',
        ([2, -3.4], 4.2, 0),
        ValueError,
        'num_examples must be >= 1, got 0',
    ),
    (
        'synthetic_data num_examples 1.5',
        'synthetic_data',
        ([2, -3.4], 4.2, 1.5),
        TypeError,
        'num_examples must be an int, got 1.5',
    ),
    (
        'synthetic_data num_examples bool',
        'synthetic_data',
        ([2, -3.4], 4.2, True),
        TypeError,
        'num_examples must be an int, got True',
    ),
    (
        'synthetic_data w empty',
        'synthetic_data',
        ([], 4.2, 10),
        ValueError,
        'w must have at least one weight, got []',
    ),
    (
        'synthetic_data w str',
        'synthetic_data',
        ('ab', 4.2, 10),
        TypeError,
        "w must be a sequence of numbers such as [2, -3.4], got 'ab'",
    ),
    (
        'synthetic_data w number',
        'synthetic_data',
        (2.0, 4.2, 10),
        TypeError,
        'w must be a sequence of numbers',
    ),
    (
        'synthetic_data w item str',
        'synthetic_data',
        ([2, 'x'], 4.2, 10),
        TypeError,
        "w[1] must be a number, got 'x'",
    ),
    (
        'synthetic_data w nested',
        'synthetic_data',
        ([[2], [3]], 4.2, 10),
        TypeError,
        'w[0] must be a number, got [2]',
    ),
    (
        'synthetic_data w inf',
        'synthetic_data',
        ([2, INF], 4.2, 10),
        ValueError,
        'w[1] must be finite, got inf',
    ),
    (
        'synthetic_data b None',
        'synthetic_data',
        ([2, -3.4], None, 10),
        TypeError,
        'b must be a number, got None',
    ),
    (
        'synthetic_data b nan',
        'synthetic_data',
        ([2, -3.4], NAN, 10),
        ValueError,
        'b must be finite, got nan',
    ),
    (
        'linreg X numpy',
        'linreg',
        (np.ones((4, 2)), W, B),
        TypeError,
        'X must be an mxnet NDArray, got ndarray; convert it with nd.array(X)',
    ),
    (
        'linreg w list',
        'linreg',
        (X, [[1], [1]], B),
        TypeError,
        'w must be an mxnet NDArray, got list',
    ),
    (
        'linreg shapes',
        'linreg',
        (ones((10, 3)), W, B),
        ValueError,
        'X of shape (10, 3) and w of shape (2, 1) do not combine',
    ),
    (
        'linreg b shape',
        'linreg',
        (X, W, nd.zeros(2)),
        ValueError,
        'b of shape (2,) does not broadcast to Xw of shape (4, 1)',
    ),
    (
        'linreg b str',
        'linreg',
        (X, W, '0.5'),
        TypeError,
        "b must be an NDArray or a number, got '0.5'",
    ),
    (
        'linreg b bool',
        'linreg',
        (X, W, True),
        TypeError,
        'b must be an NDArray or a number, got True',
    ),
    (
        'linreg int32 X',
        'linreg',
        (ones((4, 2), 'int32'), W, B),
        TypeError,
        'X, w and b must share a dtype, got int32, float32, float32',
    ),
    (
        'linreg float64 w',
        'linreg',
        (X, ones((2, 1), 'float64'), B),
        TypeError,
        'share a dtype, got float32, float64, float32',
    ),
    (
        'linreg float16',
        'linreg',
        (ones((4, 2), 'float16'), ones((2, 1), 'float16'), 0.5),
        TypeError,
        'float16 is not supported',
    ),
    (
        'squared_loss y_hat numpy',
        'squared_loss',
        (np.ones((4, 1)), ones(4)),
        TypeError,
        'y_hat must be an mxnet NDArray, got ndarray',
    ),
    (
        'squared_loss y list',
        'squared_loss',
        (ones((4, 1)), [1, 2, 3, 4]),
        TypeError,
        'y must be an mxnet NDArray, got list',
    ),
    (
        'squared_loss sizes',
        'squared_loss',
        (ones((10, 1)), ones(9)),
        ValueError,
        'y_hat of shape (10, 1) and y of shape (9,)',
    ),
    (
        'squared_loss dtypes',
        'squared_loss',
        (ones((4, 1)), ones(4, 'int32')),
        TypeError,
        'y_hat (float32) and y (int32) must share a dtype',
    ),
    (
        'sgd bare NDArray',
        'sgd',
        (with_grad(), 0.03, 10),
        TypeError,
        'params must be a list of parameters, got one NDArray of shape (2, 1); pass [w]',
    ),
    ('sgd empty', 'sgd', ([], 0.03, 10), ValueError, 'params is empty'),
    (
        'sgd lr str',
        'sgd',
        ([with_grad()], '0.03', 10),
        TypeError,
        "lr must be a number, got '0.03'",
    ),
    ('sgd lr bool', 'sgd', ([with_grad()], True, 10), TypeError, 'lr must be a number, got True'),
    ('sgd lr inf', 'sgd', ([with_grad()], INF, 10), ValueError, 'lr must be finite, got inf'),
    ('sgd lr nan', 'sgd', ([with_grad()], NAN, 10), ValueError, 'lr must be finite, got nan'),
    (
        'sgd batch_size 0',
        'sgd',
        ([with_grad()], 0.03, 0),
        ValueError,
        'batch_size must be > 0, got 0',
    ),
    (
        'sgd batch_size -10',
        'sgd',
        ([with_grad()], 0.03, -10),
        ValueError,
        'batch_size must be > 0, got -10',
    ),
    (
        'sgd batch_size inf',
        'sgd',
        ([with_grad()], 0.03, INF),
        ValueError,
        'batch_size must be finite, got inf',
    ),
    (
        'sgd batch_size None',
        'sgd',
        ([with_grad()], 0.03, None),
        TypeError,
        'batch_size must be a number, got None',
    ),
    (
        'sgd numpy param',
        'sgd',
        ([with_grad(), np.ones(2)], 0.03, 10),
        TypeError,
        'params[1] must be an NDArray, got ndarray',
    ),
    (
        'sgd no gradient',
        'sgd',
        ([with_grad(), ones((1,))], 0.1, 1),
        ValueError,
        'params[1] (shape (1,)) has no gradient buffer; call attach_grad()',
    ),
    (
        'sgd int32 param',
        'sgd',
        ([with_grad(), with_grad((1,), 'int32')], 0.1, 1),
        TypeError,
        'params[1] has dtype int32 and cannot take a fractional step',
    ),
    (
        'set_figsize None',
        'set_figsize',
        (None,),
        TypeError,
        'figsize must be (width, height) in inches, got None',
    ),
    ('set_figsize str', 'set_figsize', ('35',), TypeError, "got '35'"),
    (
        'set_figsize one number',
        'set_figsize',
        ((3,),),
        TypeError,
        'figsize must be two numbers (width, height) in inches, got (3,)',
    ),
    ('set_figsize str item', 'set_figsize', (('3', 2),), TypeError, "got ('3', 2)"),
    ('set_figsize zero', 'set_figsize', ((3, 0),), ValueError, 'both finite and > 0, got (3, 0)'),
    (
        'set_figsize inf',
        'set_figsize',
        ((INF, 2),),
        ValueError,
        'both finite and > 0, got (inf, 2)',
    ),
    (
        'linreg b for 1-D Xw',
        'linreg',
        (X, nd.ones(2), nd.zeros(3)),
        ValueError,
        'b of shape (3,) does not broadcast to Xw of shape (4,); use shape (1,) or (4,)',
    ),
    (
        'linreg b for scalar Xw',
        'linreg',
        (nd.ones(2), nd.ones(2), nd.zeros(3)),
        ValueError,
        'does not broadcast to Xw of shape (); use shape (1,) or (1,)',
    ),
    (
        'linreg w 0-d mx.np',
        'linreg',
        (X, mx.np.array(2.0), B),
        ValueError,
        'X of shape (4, 2) and w of shape () do not combine',
    ),
    (
        'linreg X 0-d mx.np',
        'linreg',
        (mx.np.array(2.0), W, B),
        ValueError,
        'X of shape () and w of shape (2, 1) do not combine',
    ),
    (
        'data_iter features 0-d mx.np',
        'data_iter',
        (2, mx.np.array(2.0), ones(1)),
        ValueError,
        'features must have one row per example, got a scalar',
    ),
    # issue 20: the book's code fails inside mxnet on these
    (
        'linreg b 0-d NDArray',
        'linreg',
        (X, W, nd.array(0.5)),
        ValueError,
        'b of shape () is a 0-d NDArray, which mxnet cannot add to Xw; use shape (1,)',
    ),
    (
        'linreg empty batch',
        'linreg',
        (nd.array(np.zeros((0, 2))), W, B),
        ValueError,
        'X of shape (0, 2) holds no values, which nd.dot cannot take',
    ),
    (
        'linreg w without outputs',
        'linreg',
        (X, nd.array(np.zeros((2, 0))), 0.5),
        ValueError,
        'w of shape (2, 0) holds no values',
    ),
]


def node_id(description: str) -> str:
    """A node id without spaces or brackets, so that tools (mutmut) that run
    single tests by id find it."""
    return re.sub(r'[^\w.]+', '-', description).strip('-')


def snapshot(args):
    """What a refused call must leave alone: its NDArrays, rcParams."""
    arrays = [a for a in args if isinstance(a, nd.NDArray)]
    arrays += [p for a in args if isinstance(a, list) for p in a if isinstance(p, nd.NDArray)]
    return (
        [(a, a.asnumpy().copy()) for a in arrays],
        dict(matplotlib.rcParams),
    )


@pytest.mark.parametrize(
    'helper, args, error, words',
    [row[1:] for row in REFUSED],
    ids=[node_id(row[0]) for row in REFUSED],
)
def test_bad_input_gets_d2lminis_message_and_changes_nothing(helper, args, error, words):
    arrays, params = snapshot(args)
    random.seed(7)
    mx.random.seed(7)
    with pytest.raises(error) as raised:
        result = getattr(d2l, helper)(*args)
        if helper == 'data_iter':
            next(result)  # a generator: the checks run at the first batch
    message = str(raised.value)
    assert message.startswith(helper + ': ') and words in message, message
    # no random number was drawn, in Python or in mxnet
    drawn = (random.random(), nd.random.normal(shape=(3,)).asnumpy().tolist())
    random.seed(7)
    mx.random.seed(7)
    assert drawn == (random.random(), nd.random.normal(shape=(3,)).asnumpy().tolist())
    for array, before in arrays:
        assert np.array_equal(array.asnumpy(), before)
    assert dict(matplotlib.rcParams) == params


# Valid input the book's helpers take: (id, d2lmini call, book call), each
# returning arrays that must be equal bit for bit.
def run_sgd(sgd, params, lr, batch_size, as_generator=False):
    sgd((p for p in params) if as_generator else params, lr, batch_size)
    return [p.asnumpy() for p in params]


def grads(values=(1.5, -2.0)):
    w = nd.array([[values[0]], [values[1]]])
    w.attach_grad()
    with autograd.record():
        l = (w * nd.array([[3.0], [4.0]])).sum() + (w * w).sum()
    l.backward()
    b = nd.array([0.5])
    b.attach_grad()
    b.grad[:] = 2
    return [w, b]


def same_seed(fn):
    random.seed(11)
    mx.random.seed(11)
    return fn()


def batches(iterator):
    return [a.asnumpy() for X, y in iterator for a in (X, y)]


Xr = nd.random.normal(shape=(6, 2))
X3 = nd.random.normal(shape=(2, 3, 2))  # a batch of sequences
ACCEPTED = [
    ('linreg b a Python number', lambda f: f(Xr, W, 0.5), book.linreg, 'linreg'),
    ('linreg b shape (1,)', lambda f: f(Xr, W, nd.array([0.5])), book.linreg, 'linreg'),
    (
        'linreg multi-output w (2, 3), b (3,)',
        lambda f: f(Xr, ones((2, 3)) * 0.5, nd.array([1, 2, 3])),
        book.linreg,
        'linreg',
    ),
    ('linreg w 1-D', lambda f: f(Xr, nd.array([1.0, -2.0]), 0.0), book.linreg, 'linreg'),
    (
        'linreg X 3-D, b per row',
        lambda f: f(X3, W, nd.ones((3, 1))),
        book.linreg,
        'linreg',
    ),
    ('linreg X 1-D', lambda f: f(nd.array([1.0, 2.0]), W, B), book.linreg, 'linreg'),
    (
        'linreg float64 throughout',
        lambda f: f(Xr.astype('float64'), W.astype('float64'), 1.0),
        book.linreg,
        'linreg',
    ),
    (
        'squared_loss y (n,), y_hat (n, 1)',
        lambda f: f(Xr[:, :1], Xr[:, 1]),
        book.squared_loss,
        'squared_loss',
    ),
    ('squared_loss same shapes', lambda f: f(Xr, Xr * 2), book.squared_loss, 'squared_loss'),
    ('sgd lr 0', lambda f: run_sgd(f, grads(), 0, 10), book.sgd, 'sgd'),
    ('sgd negative lr', lambda f: run_sgd(f, grads(), -0.03, 10), book.sgd, 'sgd'),
    (
        'sgd a generator of params',
        lambda f: run_sgd(f, grads(), 0.1, 2, as_generator=True),
        book.sgd,
        'sgd',
    ),
    ('sgd a tuple of params', lambda f: run_sgd(f, tuple(grads()), 0.1, 2), book.sgd, 'sgd'),
    ('sgd float batch_size', lambda f: run_sgd(f, grads(), 0.1, 2.5), book.sgd, 'sgd'),
    ('sgd numpy lr', lambda f: run_sgd(f, grads(), np.float32(0.1), 4), book.sgd, 'sgd'),
    (
        'synthetic_data one example',
        lambda f: same_seed(lambda: f([2, -3.4], 4.2, 1)),
        book.synthetic_data,
        'synthetic_data',
    ),
    (
        'synthetic_data w numpy',
        lambda f: same_seed(lambda: f(np.array([2, -3.4]), 4.2, 5)),
        book.synthetic_data,
        'synthetic_data',
    ),
    (
        'synthetic_data b int',
        lambda f: same_seed(lambda: f([1, 2, 3], 4, 5)),
        book.synthetic_data,
        'synthetic_data',
    ),
    (
        'data_iter int features',
        lambda f: same_seed(
            lambda: batches(f(2, nd.arange(10).reshape((5, 2)).astype('int32'), nd.arange(5)))
        ),
        book.data_iter,
        'data_iter',
    ),
    (
        'data_iter batch larger than data',
        lambda f: same_seed(lambda: batches(f(10, Xr, Xr[:, 0]))),
        book.data_iter,
        'data_iter',
    ),
    (
        'data_iter batch_size 1',
        lambda f: same_seed(lambda: batches(f(1, Xr, Xr[:, 0]))),
        book.data_iter,
        'data_iter',
    ),
    ('linreg X 3-D, b per row', lambda f: f(X3, W, nd.ones((3, 1))), book.linreg, 'linreg'),
    (
        'synthetic_data w NDArray',
        lambda f: same_seed(lambda: f(nd.array([2, -3.4]), 4.2, 5)),
        book.synthetic_data,
        'synthetic_data',
    ),
    # issue 20: numbers the book's code hands to mxnet, which fails on them;
    # d2lmini reads them as mxnet reads an int or float, so the book's call
    # with that plain number is the reference
    (
        'sgd lr Fraction',
        lambda f: run_sgd(f, grads(), Fraction(3, 100), Fraction(10)),
        lambda params, lr, batch_size: book.sgd(params, float(lr), float(batch_size)),
        'sgd',
    ),
    (
        'synthetic_data num_examples numpy int64',
        lambda f: same_seed(lambda: f([2, -3.4], 4.2, np.int64(5))),
        lambda w, b, num_examples: book.synthetic_data(w, b, int(num_examples)),
        'synthetic_data',
    ),
    (
        'synthetic_data b and w Fractions',
        lambda f: same_seed(lambda: f([Fraction(1, 2), 2], Fraction(21, 5), 5)),
        lambda w, b, num_examples: book.synthetic_data(
            [float(v) for v in w], float(b), num_examples
        ),
        'synthetic_data',
    ),
    (
        'linreg b Fraction',
        lambda f: f(Xr, W, Fraction(1, 2)),
        lambda X, w, b: book.linreg(X, w, float(b)),
        'linreg',
    ),
]


@pytest.mark.parametrize(
    'call, book, helper', [row[1:] for row in ACCEPTED], ids=[node_id(row[0]) for row in ACCEPTED]
)
def test_valid_input_gets_the_books_result(call, book, helper):
    ours, theirs = call(getattr(d2l, helper)), call(book)
    if isinstance(ours, nd.NDArray):
        ours, theirs = [ours], [theirs]
    ours = [a.asnumpy() if isinstance(a, nd.NDArray) else a for a in ours]
    theirs = [a.asnumpy() if isinstance(a, nd.NDArray) else a for a in theirs]
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert a.shape == b.shape and a.dtype == b.dtype
        assert np.array_equal(a, b), (a, b)


def test_set_figsize_takes_a_list_like_the_book():
    d2l.set_figsize([4, 3])
    assert list(matplotlib.rcParams['figure.figsize']) == [4.0, 3.0]
    d2l.set_figsize((0.5, 2))  # small is fine, as long as it is > 0
    assert list(matplotlib.rcParams['figure.figsize']) == [0.5, 2.0]
    d2l.set_figsize()
    assert list(matplotlib.rcParams['figure.figsize']) == [3.5, 2.5]


def test_the_table_tries_every_helper():
    tried = {row[1] for row in REFUSED} | {row[3] for row in ACCEPTED}
    assert tried >= set(d2l.__all__) - {'use_svg_display', 'set_matplotlib_formats'}
    assert len(REFUSED) + len(ACCEPTED) >= 70
