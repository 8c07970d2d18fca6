"""d2lmini's helpers against independent NumPy references, and bad input.

Tolerances: float32 arithmetic in MXNet against float64 in NumPy, on
values of order 1-10, agrees to about 1e-6 relative; we allow RTOL/ATOL.
"""

from __future__ import annotations

import d2lmini as d2l  # first: makes mxnet 1.9.1 import on Python 3.12+ too

import doctest
import inspect
import pathlib
import random
import re

import numpy as np
import pytest
from mxnet import autograd, nd

RTOL, ATOL = 1e-5, 1e-5
README = pathlib.Path(__file__).resolve().parents[1] / 'README.md'


@pytest.fixture
def batch():
    """A fixed batch: X (10, 2), y (10,), w (2, 1), b (1,), as float64."""
    rng = np.random.default_rng(0)
    return (
        rng.normal(size=(10, 2)),
        rng.normal(size=10),
        rng.normal(size=(2, 1)),
        rng.normal(size=1),
    )


def test_linreg_is_Xw_plus_b(batch):
    X, _, w, b = batch
    got = d2l.linreg(nd.array(X), nd.array(w), nd.array(b)).asnumpy()
    assert got.shape == (10, 1)
    np.testing.assert_allclose(got, X @ w + b, rtol=RTOL, atol=ATOL)


def test_squared_loss_is_elementwise_and_unreduced(batch):
    X, y, w, b = batch
    y_hat = X @ w + b
    got = d2l.squared_loss(nd.array(y_hat), nd.array(y)).asnumpy()
    assert got.shape == (10, 1)  # one loss per example, shaped like y_hat
    np.testing.assert_allclose(got, (y_hat - y.reshape(-1, 1)) ** 2 / 2, rtol=RTOL, atol=ATOL)


def test_sgd_step_is_the_books_formula():
    w = nd.array([[1.0], [2.0]])
    w.attach_grad()
    w.grad[:] = nd.array([[10.0], [-20.0]])
    d2l.sgd([w], lr=0.03, batch_size=10)
    expected = np.array([[1.0], [2.0]]) - 0.03 * np.array([[10.0], [-20.0]]) / 10
    np.testing.assert_allclose(w.asnumpy(), expected, rtol=RTOL, atol=ATOL)


def test_sgd_updates_in_place():
    w = nd.ones((2, 1))
    w.attach_grad()
    w.grad[:] = 1
    alias = w
    d2l.sgd([w], lr=1, batch_size=1)
    assert alias is w and w.asnumpy().tolist() == [[0.0], [0.0]]


def test_gradient_is_the_closed_form_sum_over_the_batch(batch):
    """param.grad after l.backward() is the *sum* of per-example gradients:
    X^T (Xw + b - y) for w, sum(Xw + b - y) for b."""
    X, y, w, b = batch
    w_nd, b_nd = nd.array(w), nd.array(b)
    w_nd.attach_grad()
    b_nd.attach_grad()
    with autograd.record():
        l = d2l.squared_loss(d2l.linreg(nd.array(X), w_nd, b_nd), nd.array(y))
    l.backward()
    residual = X @ w + b - y.reshape(-1, 1)
    assert w_nd.grad.shape == w.shape and b_nd.grad.shape == b.shape
    np.testing.assert_allclose(w_nd.grad.asnumpy(), X.T @ residual, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(b_nd.grad.asnumpy(), residual.sum(axis=0), rtol=RTOL, atol=ATOL)


def epoch_indices(n, batch_size):
    """Run data_iter on features that are their own index; return batches."""
    features = nd.arange(n).reshape((n, 1))
    labels = nd.arange(n)
    batches = []
    for X, y in d2l.data_iter(batch_size, features, labels):
        assert (X[:, 0] == y).min().asscalar() == 1  # rows stay paired
        batches.append([int(v) for v in y.asnumpy()])
    return batches


@pytest.mark.parametrize(
    'n, batch_size', [(1000, 10), (1005, 10), (7, 3), (5, 5), (3, 10), (1, 1)]
)
def test_data_iter_covers_each_index_once_with_the_right_last_batch(n, batch_size):
    batches = epoch_indices(n, batch_size)
    assert sorted(i for b in batches for i in b) == list(range(n))
    sizes = [len(b) for b in batches]
    assert sizes[:-1] == [batch_size] * (len(batches) - 1)
    assert sizes[-1] == (n % batch_size or batch_size)


def test_data_iter_is_random_and_seeded_by_random():
    random.seed(1)
    first = epoch_indices(100, 10)
    random.seed(1)
    assert epoch_indices(100, 10) == first
    assert epoch_indices(100, 10) != first  # next epoch, new order
    assert [i for b in first for i in b] != list(range(100))


def test_data_iter_gives_the_books_batches():
    """Same seed, same batches as the book's data_iter (written out here)."""

    def book_data_iter(batch_size, features, labels):
        num_examples = len(features)
        indices = list(range(num_examples))
        random.shuffle(indices)
        for i in range(0, num_examples, batch_size):
            j = nd.array(indices[i : min(i + batch_size, num_examples)])
            yield features.take(j), labels.take(j)

    features, labels = nd.random.normal(shape=(25, 2)), nd.arange(25)
    random.seed(3)
    book = [y.asnumpy().tolist() for _, y in book_data_iter(4, features, labels)]
    random.seed(3)
    ours = [y.asnumpy().tolist() for _, y in d2l.data_iter(4, features, labels)]
    assert ours == book


def test_synthetic_data_is_the_books_data():
    import mxnet as mx

    true_w, true_b = [2, -3.4], 4.2
    mx.random.seed(5)
    features, labels = d2l.synthetic_data(true_w, true_b, 1000)
    mx.random.seed(5)  # the book's own cells
    f_book = nd.random.normal(scale=1, shape=(1000, 2))
    l_book = true_w[0] * f_book[:, 0] + true_w[1] * f_book[:, 1] + true_b
    l_book += nd.random.normal(scale=0.01, shape=l_book.shape)
    assert features.shape == (1000, 2) and labels.shape == (1000,)
    np.testing.assert_array_equal(features.asnumpy(), f_book.asnumpy())
    np.testing.assert_allclose(labels.asnumpy(), l_book.asnumpy(), rtol=RTOL, atol=ATOL)
    noise = labels.asnumpy() - features.asnumpy() @ true_w - true_b
    assert 0.008 < noise.std() < 0.012  # noise scale 0.01


# Bad input: the right exception, naming the argument and the value.


def grad_param(shape):
    param = nd.ones(shape)
    param.attach_grad()
    return param


@pytest.mark.parametrize(
    'batch_size, error, words',
    [
        (0, ValueError, 'batch_size must be >= 1, got 0'),
        (-3, ValueError, 'batch_size must be >= 1, got -3'),
        (2.5, TypeError, 'batch_size must be an int, got 2.5'),
        ('10', TypeError, "batch_size must be an int, got '10'"),
        (True, TypeError, 'batch_size must be an int, got True'),
    ],
)
def test_data_iter_rejects_bad_batch_size(batch_size, error, words):
    with pytest.raises(error, match=words):
        next(d2l.data_iter(batch_size, nd.ones((4, 2)), nd.ones(4)))


def test_data_iter_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match=r'len\(features\)=4, len\(labels\)=3'):
        next(d2l.data_iter(2, nd.ones((4, 2)), nd.ones(3)))


def test_data_iter_rejects_an_empty_dataset():
    with pytest.raises(ValueError, match='features is empty'):
        next(d2l.data_iter(2, nd.array(np.zeros((0, 2))), nd.array([])))


def test_data_iter_checks_before_drawing_random_numbers():
    random.seed(0)
    with pytest.raises(ValueError):
        next(d2l.data_iter(0, nd.ones((4, 2)), nd.ones(4)))
    after_error = random.random()
    random.seed(0)
    assert random.random() == after_error


def test_sgd_without_gradient_buffer_says_attach_grad_and_changes_nothing():
    w, b = grad_param((2, 1)), nd.ones((1,))
    w.grad[:] = 1
    with pytest.raises(
        ValueError,
        match=r'params\[1\] \(shape \(1,\)\).*'
        r'attach_grad\(\)',
    ):
        d2l.sgd([w, b], lr=0.1, batch_size=1)
    assert w.asnumpy().tolist() == [[1.0], [1.0]]  # w was not updated


@pytest.mark.parametrize(
    'kwargs, error, words',
    [
        ({'lr': 0}, ValueError, 'lr must be > 0, got 0'),
        ({'lr': -0.03}, ValueError, 'lr must be > 0, got -0.03'),
        ({'lr': float('nan')}, ValueError, 'lr must be > 0, got nan'),
        ({'lr': '0.03'}, TypeError, "lr must be a number, got '0.03'"),
        ({'batch_size': 0}, ValueError, 'batch_size must be > 0, got 0'),
        ({'batch_size': -10}, ValueError, 'batch_size must be > 0, got -10'),
        ({'batch_size': None}, TypeError, 'batch_size must be a number, got None'),
    ],
)
def test_sgd_rejects_bad_lr_and_batch_size(kwargs, error, words):
    w = grad_param((2, 1))
    w.grad[:] = 1
    args = dict({'lr': 0.03, 'batch_size': 10}, **kwargs)
    with pytest.raises(error, match=words):
        d2l.sgd([w], **args)
    assert w.asnumpy().tolist() == [[1.0], [1.0]]


def test_sgd_rejects_empty_params():
    with pytest.raises(ValueError, match='params is empty'):
        d2l.sgd([], lr=0.03, batch_size=10)


def test_sgd_rejects_a_numpy_array():
    with pytest.raises(
        TypeError,
        match=r'params\[0\] must be an NDArray, '
        r'got ndarray',
    ):
        d2l.sgd([np.ones(2)], lr=0.03, batch_size=10)


def test_linreg_rejects_shapes_that_do_not_combine():
    with pytest.raises(
        ValueError,
        match=r'X of shape \(10, 3\) and w of '
        r'shape \(2, 1\) do not combine',
    ):
        d2l.linreg(nd.ones((10, 3)), nd.ones((2, 1)), nd.zeros(1))
    with pytest.raises(ValueError, match=r'b must hold one value.*\(2,\)'):
        d2l.linreg(nd.ones((10, 2)), nd.ones((2, 1)), nd.zeros(2))


def test_squared_loss_rejects_shapes_that_do_not_combine():
    with pytest.raises(
        ValueError,
        match=r'y_hat of shape \(10, 1\) and y of '
        r'shape \(9,\)',
    ):
        d2l.squared_loss(nd.ones((10, 1)), nd.ones(9))


@pytest.mark.parametrize('num_examples, error', [(0, ValueError), (1.5, TypeError)])
def test_synthetic_data_rejects_bad_num_examples(num_examples, error):
    with pytest.raises(error, match='num_examples must be'):
        d2l.synthetic_data([2, -3.4], 4.2, num_examples)


def test_set_figsize_rejects_a_bad_size():
    with pytest.raises(ValueError, match=r'figsize.*got \(3, 0\)'):
        d2l.set_figsize((3, 0))


def test_package_exports_the_books_names():
    assert sorted(d2l.__all__) == sorted(
        [
            'data_iter',
            'linreg',
            'squared_loss',
            'sgd',
            'set_figsize',
            'use_svg_display',
            'set_matplotlib_formats',  # the book's IPython.display function
            'synthetic_data',
        ]
    )


def readme_imports() -> str:
    """The import block README.md tells students to put above a copied helper."""
    section = README.read_text(encoding='utf-8').split('## Copy a helper into your coursework')[1]
    return re.search(r'```python\n(.*?)```', section, re.S).group(1)


@pytest.mark.parametrize('name', d2l.__all__)
def test_a_helper_copied_with_the_readme_imports_runs_its_example(name):
    """Students copy single helpers: the function's source, under README's
    imports alone (plus the plotting helpers it calls, as README says), must
    define it and pass its docstring example."""
    calls = {
        'set_figsize': ['use_svg_display', 'set_matplotlib_formats'],
        'use_svg_display': ['set_matplotlib_formats'],
    }
    copied = [name] + calls.get(name, [])
    source = readme_imports() + ''.join(inspect.getsource(getattr(d2l, n)) for n in copied)
    namespace = {'__name__': 'coursework'}
    exec(compile(source, 'coursework.py', 'exec'), namespace)
    assert namespace[name].__module__ == 'coursework'  # the copy, not d2lmini's
    (example,) = doctest.DocTestFinder().find(namespace[name], name, globs=namespace)
    assert example.examples  # every helper has one
    result = doctest.DocTestRunner().run(example)
    assert result.failed == 0
