"""The book's own 2.3, 3.2 and 3.3, as printed (tests/bookcode/, `# %%`
cells), run in a fresh kernel, and the one check of such a run
(problems()): by make test-colab, each section in a Colab-like kernel; by
tests/test_book_order.py, 2.3 then 3.3 in one kernel of this environment.
After each section a cell, not the book's, asserts what it computed."""

from __future__ import annotations

import pathlib
import re

import nbformat

from tools.run_notebooks import execute

BOOK = pathlib.Path(__file__).resolve().parents[1] / 'tests' / 'bookcode'
# 2.3: the book's assert on x.grad is in its code; 3.2, 3.3: its true_w =
# [2, -3.4], true_b = 4.2 and labels with noise of standard deviation 0.01:
# after 3 epochs w and b are within 0.01 and the loss near the noise's
# (0.01**2 / 2 = 5e-05)
CHECK = {
    '2.3-autograd': 'assert (a.grad == c / a).asscalar() == 1',
    '3.2-linear-regression-scratch': (
        'assert train_l.mean().asscalar() < 1e-4\n'
        'assert nd.abs(w.reshape((2,)) - nd.array(true_w)).max().asscalar() < 0.01, w\n'
        'assert abs(b.asscalar() - true_b) < 0.01, b'
    ),
    '3.3-linear-regression-gluon': (
        'assert l.mean().asscalar() < 1e-4\n'
        'w, b = dense.weight.data(), dense.bias.data()\n'
        'assert nd.abs(w.reshape((2,)) - nd.array(true_w)).max().asscalar() < 0.01, w\n'
        'assert abs(b.asscalar() - true_b) < 0.01, b'
    ),
}


def percent_cells(path: pathlib.Path) -> list[str]:
    """The code cells of a `# %%` file: the text after each `# %%` line; a
    header before the first one is not code."""
    _, *sources = re.split(r'^# %%\n', path.read_text(encoding='utf-8'), flags=re.M)
    return [source.strip('\n') for source in sources]


def cells(section: str) -> list[str]:
    """The code cells of `section` (a name of CHECK), its check last."""
    return [*percent_cells(BOOK / (section + '.txt')), CHECK[section]]


def run(sources: list[str], folder: pathlib.Path, kernel: str | None = None, before_cell=None):
    """`sources` as a notebook's code cells, run in `folder` in a fresh
    kernel (this interpreter's, or the kernelspec `kernel`); the notebook
    run. Raises CellExecutionError if a cell raises (a check included)."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    return execute(folder / 'book.ipynb', kernel=kernel, nb=nb, before_cell=before_cell)


def text(cell, name: str = 'stdout') -> str:
    """What `cell` wrote on the stream `name`."""
    return ''.join(out.get('text', '') for out in cell.outputs if out.get('name') == name)


def problems(cells) -> list[str]:
    """What a run of the book's code shows beyond its checks that it must
    not: a cell writing to stderr (a warning too), 2.3's autograd.is_training
    cell printing other than the book."""
    found = [
        'cell %d wrote to stderr:\n%s\nin the cell\n%s' % (n, text(c, 'stderr'), c.source)
        for n, c in enumerate(cells, 1)
        if text(c, 'stderr')
    ]
    training = [text(c) for c in cells if c.source.startswith('print(autograd.is_training())')]
    return found + ['is_training printed %r' % out for out in training if out != 'False\nTrue\n']
