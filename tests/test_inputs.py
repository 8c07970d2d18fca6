"""Every helper, for every kind of input: the book's result, or d2lmini's own
error first. One row per input, as the README promises it:

- bad input raises a TypeError or ValueError from d2lmini (the message
  starts with the helper's name), naming the argument and what would work,
  and changes nothing: no parameter, no Python or mxnet random state, no
  rcParams;
- valid input that the book's own helper takes gives the book's result, bit
  for bit (the book's code: tests/book.py reads it from tests/bookcode/); so
  does a number the book's code hands to mxnet, which fails on it (a
  Fraction, numpy's int in a shape): the book's result for that number as a
  plain float or int.
"""

from __future__ import annotations

import d2lmini as d2l  # first: makes mxnet 1.9.1 import on numpy 2 too

import builtins
import pathlib
import random
import re
from fractions import Fraction  # noqa: F401  (the tables' calls use it)

import matplotlib
import mxnet as mx
import numpy as np
import pytest
from mxnet import autograd, nd

from tests import book


def ones(shape, dtype='float32'):
    return nd.ones(shape, dtype=dtype)


def with_grad(shape=(2, 1), dtype='float32'):
    param = nd.ones(shape, dtype=dtype)
    param.attach_grad()
    param.grad[:] = 3
    return param


X, W, B = ones((4, 2)), ones((2, 1)), nd.zeros(1)
INF, NAN = float('inf'), float('nan')


def rows(name: str) -> list[list[str]]:
    """The rows of a table in tests/, their columns split at ' | '."""
    lines = (pathlib.Path(__file__).parent / name).read_text(encoding='utf-8').splitlines()
    return [[c.strip() for c in line.split(' | ')] for line in lines if line and line[0] != '#']


def refused(call, error, words):
    """(helper, arguments, exception type, words) of a refused call."""
    helper, args = re.fullmatch(r'(\w+)\((.*)\)', call).groups()
    return helper, eval('(%s,)' % args), getattr(builtins, error), words


REFUSED = [refused(*row) for row in rows('inputs_refused.txt')]


def node_id(*words) -> str:
    """A node id without spaces or brackets, so that tools (mutmut) that run
    single tests by id find it."""
    return re.sub(r'[^\w.]+', '-', ' '.join(words)).strip('-')


def snapshot(args):
    """What a refused call must leave alone: its NDArrays (in a list too), rcParams."""
    found = [p for a in args for p in (a if isinstance(a, list) else [a])]
    arrays = [(a, a.asnumpy().copy()) for a in found if isinstance(a, nd.NDArray)]
    return arrays, dict(matplotlib.rcParams)


@pytest.mark.parametrize(
    'helper, args, error, words', REFUSED, ids=[node_id(row[0], row[-1]) for row in REFUSED]
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


def run_sgd(sgd, params, lr, batch_size, as_generator=False):
    sgd((p for p in params) if as_generator else params, lr, batch_size)
    return [p.asnumpy() for p in params]


def grads():
    w = nd.array([[1.5], [-2.0]])
    w.attach_grad()
    with autograd.record():
        l = (w * nd.array([[3.0], [4.0]])).sum() + (w * w).sum()
    l.backward()
    b = nd.array([0.5])
    b.attach_grad()
    b.grad[:] = 2
    return [w, b]


Xr = nd.random.normal(shape=(6, 2))
X3 = nd.random.normal(shape=(2, 3, 2))  # a batch of sequences
int_features = nd.arange(10).reshape((5, 2)).astype('int32')
# tests/inputs_accepted.txt: (id, our call, the book's call), calls of f
ACCEPTED = [(*row, row[-1])[:3] for row in rows('inputs_accepted.txt')]


def seeded(call, function) -> list:
    """call(function) after the same seeds, as a list of arrays (a data_iter
    read to its end)."""
    random.seed(11)
    mx.random.seed(11)
    result = call(function)
    if isinstance(result, nd.NDArray):
        result = [result]
    arrays = [a for item in result for a in (item if isinstance(item, tuple) else [item])]
    return [a.asnumpy() if isinstance(a, nd.NDArray) else a for a in arrays]


@pytest.mark.parametrize('name, call, books_call', ACCEPTED, ids=[node_id(r[0]) for r in ACCEPTED])
def test_valid_input_gets_the_books_result(name, call, books_call):
    helper = name.split()[0]
    ours = seeded(eval('lambda f: ' + call), getattr(d2l, helper))
    theirs = seeded(eval('lambda f: ' + books_call), getattr(book, helper))
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
    tried = {row[0] for row in REFUSED} | {row[0].split()[0] for row in ACCEPTED}
    assert tried >= set(d2l.__all__) - {'use_svg_display', 'set_matplotlib_formats'}
