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
import shutil
import sys

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
    """Same seed, same batches as the book's data_iter (tests/book.py)."""
    from tests import book

    features, labels = nd.random.normal(shape=(25, 2)), nd.arange(25)
    random.seed(3)
    book_batches = [y.asnumpy().tolist() for _, y in book.data_iter(4, features, labels)]
    random.seed(3)
    ours = [y.asnumpy().tolist() for _, y in d2l.data_iter(4, features, labels)]
    assert ours == book_batches


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


# Bad input, and the book's valid input: tests/test_inputs.py, one row each.


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
    """The import block README.md's "Copy a helper" puts above a copied helper."""
    text = README.read_text(encoding='utf-8')
    section = re.search(r'^## Copy a helper\n(.*?)(?=^## |\Z)', text, re.S | re.M).group(1)
    return re.search(r'```python\n(.*?)```', section, re.S).group(1)


# the plotting helpers a copied helper calls, which README says to copy too
COPIED_WITH = {
    'set_figsize': ['use_svg_display', 'set_matplotlib_formats'],
    'use_svg_display': ['set_matplotlib_formats'],
}


@pytest.fixture
def checks_beside(tmp_path, monkeypatch):
    """d2lmini/_checks.py copied beside the coursework, importable as
    `_checks` as README says, and forgotten afterwards."""
    shutil.copy(pathlib.Path(d2l.__file__).parent / '_checks.py', tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop('_checks', None)
    yield tmp_path
    sys.modules.pop('_checks', None)


@pytest.mark.parametrize('name', d2l.__all__)
def test_a_helper_copied_with_the_readme_imports_runs_its_example(name, checks_beside):
    """Students copy single helpers: the function's source, under README's
    imports alone with _checks.py beside it (plus the plotting helpers it
    calls, as README says), must define it and pass its docstring example."""
    copied = [name] + COPIED_WITH.get(name, [])
    source = readme_imports() + ''.join(inspect.getsource(getattr(d2l, n)) for n in copied)
    namespace = {'__name__': 'coursework'}
    exec(compile(source, 'coursework.py', 'exec'), namespace)
    assert namespace[name].__module__ == 'coursework'  # the copy, not d2lmini's
    # the copied _checks.py, standing alone, not d2lmini's
    assert pathlib.Path(namespace['_checks'].__file__).parent == checks_beside
    (example,) = doctest.DocTestFinder().find(namespace[name], name, globs=namespace)
    assert example.examples  # every helper has one
    result = doctest.DocTestRunner().run(example)
    assert result.failed == 0


@pytest.mark.parametrize('name', d2l.__all__)
def test_a_helper_copied_plain_with_the_readme_imports_runs_its_example(name):
    """README's plain copy: the function without its _checks line, under
    README's imports without `import _checks`, is the book's code and still
    passes its example."""
    imports = [line for line in readme_imports().splitlines() if 'import _checks' not in line]
    copied = [name] + COPIED_WITH.get(name, [])
    functions = [inspect.getsource(getattr(d2l, n)).splitlines() for n in copied]
    plain = [line for lines in functions for line in lines if '_checks.' not in line]
    namespace = {'__name__': 'coursework'}
    exec(compile('\n'.join(imports + plain), 'coursework.py', 'exec'), namespace)
    assert '_checks' not in namespace
    (example,) = doctest.DocTestFinder().find(namespace[name], name, globs=namespace)
    assert doctest.DocTestRunner().run(example).failed == 0


@pytest.mark.parametrize('name', d2l.__all__)
def test_a_helpers_source_reads_as_the_books_function(name):
    """Each public helper is the book's function (issue 19): its def line, a
    docstring of at most 5 lines of prose and its example, at most one call
    into _checks, then the book's body: at most 30 lines in all, so that
    checks cannot grow back around the book's code."""
    helper = getattr(d2l, name)
    source = inspect.getsource(helper)
    prose = [line for line in inspect.getdoc(helper).split('>>>')[0].splitlines() if line]
    assert len(source.splitlines()) <= 30, (name, len(source.splitlines()))
    assert len(prose) <= 5, prose
    assert 'Needs only' not in source  # drifted from the truth in 8 docstrings
    assert len(re.findall(r'\b_checks\.', source)) <= 1
