"""d2lmini's helpers are the book's: each body token for token, the data
bit for bit; the gradient against a NumPy closed form; each helper copied
as the README says. Numbers against the book's code: test_properties.py;
bad input: test_inputs.py.

Tolerances: float32 arithmetic in MXNet against float64 in NumPy, on
values of order 1-10, agrees to about 1e-6 relative; we allow RTOL/ATOL.
"""

from __future__ import annotations

import d2lmini as d2l  # first: makes mxnet 1.9.1 import on Python 3.12+ too

import ast
import doctest
import inspect
import io
import pathlib
import re
import shutil
import sys
import textwrap
import tokenize

import mxnet as mx
import numpy as np
import pytest
from mxnet import autograd, nd

from tests import book

RTOL, ATOL = 1e-5, 1e-5
README = pathlib.Path(__file__).resolve().parents[1] / 'README.md'


@pytest.mark.parametrize('name', d2l.__all__)
def test_each_helpers_source_reads_as_the_books_function(name):
    """Each public helper is the book's function (issue 19): its def line, a
    docstring of at most 5 lines of prose and its example, at most one call
    into _checks, at most 30 lines in all, so that checks cannot grow back
    around the book's code; and where 3.2 defines it (tests/bookcode/),
    after its one _checks call, the book's body token for token (comments
    too, not spacing)."""
    helper = getattr(d2l, name)
    ours = inspect.getsource(helper)
    prose = [line for line in inspect.getdoc(helper).split('>>>')[0].splitlines() if line]
    assert len(ours.splitlines()) <= 30, (name, len(ours.splitlines()))
    assert len(prose) <= 5, prose
    assert len(re.findall(r'\b_checks\.', ours)) <= 1
    if name in book.NAMES:
        checks, *rest = body(ours)
        assert '_checks.' in ast.unparse(checks)
        theirs = book.SOURCES[name]
        assert tokens(ours, rest) == tokens(theirs, body(theirs))


def body(source):
    """A function's statements, its docstring left out."""
    (function,) = ast.parse(textwrap.dedent(source)).body
    docstring = ast.get_docstring(function) is not None
    return function.body[docstring:]


def tokens(source, statements):
    """The tokens of `statements` (the rest of `source` from the first one
    on), blank lines left out, as (type, text)."""
    lines = textwrap.dedent(source).splitlines(keepends=True)[statements[0].lineno - 1 :]
    text = textwrap.dedent(''.join(lines)).rstrip('\n') + '\n'
    found = tokenize.generate_tokens(io.StringIO(text).readline)
    return [(t.type, t.string) for t in found if t.type != tokenize.NL]


def test_gradient_is_the_closed_form_sum_over_the_batch():
    """linreg and squared_loss against NumPy in float64: one unreduced loss
    per example, shaped like y_hat; and after l.backward(), param.grad is the
    *sum* of the per-example gradients: X^T (Xw + b - y) for w, sum(Xw + b -
    y) for b, shaped like the parameter. (Numbers against the book's code:
    tests/test_properties.py.)"""
    rng = np.random.default_rng(0)
    X, y, w, b = (rng.normal(size=s) for s in [(10, 2), 10, (2, 1), 1])
    w_nd, b_nd = nd.array(w), nd.array(b)
    w_nd.attach_grad()
    b_nd.attach_grad()
    with autograd.record():
        l = d2l.squared_loss(d2l.linreg(nd.array(X), w_nd, b_nd), nd.array(y))
    l.backward()
    residual = X @ w + b - y.reshape(-1, 1)
    assert l.shape == (10, 1)
    np.testing.assert_allclose(l.asnumpy(), residual**2 / 2, rtol=RTOL, atol=ATOL)
    assert w_nd.grad.shape == w.shape and b_nd.grad.shape == b.shape
    np.testing.assert_allclose(w_nd.grad.asnumpy(), X.T @ residual, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(b_nd.grad.asnumpy(), residual.sum(axis=0), rtol=RTOL, atol=ATOL)


def test_synthetic_data_is_3_2_1s_data_bit_for_bit():
    """3.2.1's cell as printed (tests/bookcode/) against synthetic_data with
    its settings, after the same seed; and for three weights, y - Xw - b is
    the noise, of scale 0.01."""
    cell = {'nd': nd}
    mx.random.seed(5)
    exec(book.DATA, cell)
    mx.random.seed(5)
    features, labels = d2l.synthetic_data(cell['true_w'], cell['true_b'], cell['num_examples'])
    assert features.shape == (1000, 2) and labels.shape == (1000,)
    np.testing.assert_array_equal(features.asnumpy(), cell['features'].asnumpy())
    np.testing.assert_array_equal(labels.asnumpy(), cell['labels'].asnumpy())
    features, labels = d2l.synthetic_data([1, -2, 3], 4, 1000)
    noise = labels.asnumpy() - features.asnumpy() @ [1, -2, 3] - 4
    assert abs(noise.mean()) < 0.002 and 0.008 < noise.std() < 0.012


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


@pytest.mark.parametrize('checked', [True, False], ids=['checked', 'plain'])
@pytest.mark.parametrize('name', d2l.__all__)
def test_a_helper_copied_with_the_readme_imports_runs_its_example(name, checked, request):
    """Students copy single helpers, as README's "Copy a helper" says:
    checked, the function's source under README's imports with _checks.py
    beside it; plain, the book's code: without its _checks line and `import
    _checks`. Either (plus the plotting helpers it calls, as README says)
    must define it and pass its docstring example."""
    imports = readme_imports().splitlines()
    copied = [name] + COPIED_WITH.get(name, [])
    lines = [line for n in copied for line in inspect.getsource(getattr(d2l, n)).splitlines()]
    if checked:
        folder = request.getfixturevalue('checks_beside')
    else:
        imports = [line for line in imports if 'import _checks' not in line]
        lines = [line for line in lines if '_checks.' not in line]
    namespace = {'__name__': 'coursework'}
    exec(compile('\n'.join(imports + lines), 'coursework.py', 'exec'), namespace)
    assert namespace[name].__module__ == 'coursework'  # the copy, not d2lmini's
    if checked:  # the copied _checks.py, standing alone, not d2lmini's
        assert pathlib.Path(namespace['_checks'].__file__).parent == folder
    else:
        assert '_checks' not in namespace
    (example,) = doctest.DocTestFinder().find(namespace[name], name, globs=namespace)
    assert example.examples  # every helper has one
    assert doctest.DocTestRunner().run(example).failed == 0
