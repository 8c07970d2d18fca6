"""The book's own code, in the book's order, in a fresh kernel.

tests/bookcode/ holds 《动手学深度学习》 2.3, 3.2 and 3.3 as printed: each
starts with `from mxnet import` (3.2 after `%matplotlib inline`, IPython's
display and pyplot) and none imports d2lmini. Installing d2lmini is all it
takes on numpy 2 and IPython 9: the start-up hook (d2lmini_hook.pth) makes
mxnet import, and in a kernel puts back display.set_matplotlib_formats
(issue 20). Each section runs as a notebook of its own, as a reader opens
it, in a kernel started as for strict nbval (tools/kernel.py).
"""

from __future__ import annotations

import pathlib
import re

import pytest

from tools import bookcode


def run_section(tmp_path: pathlib.Path, section: str) -> list[dict]:
    """Run one section as a notebook; return its code cells with outputs."""
    return bookcode.run(section, tmp_path).cells  # a kernel started as for strict nbval


def text(cell) -> str:
    return ''.join(
        output.get('text', '')
        if output['output_type'] == 'stream'
        else output['data'].get('text/plain', '')
        for output in cell.outputs
        if output['output_type'] in ('stream', 'execute_result')
    )


def stderr(cells) -> list[str]:
    """Everything the book's cells wrote to stderr (warnings included)."""
    return [
        output['text']
        for cell in cells
        for output in cell.outputs
        if output['output_type'] == 'stream' and output['name'] == 'stderr'
    ]


def test_bookcode_files_are_the_sections_run_here():
    book, sections = bookcode.BOOK, bookcode.REPORT
    assert sorted(path.stem for path in book.iterdir()) == sorted(sections)
    cells = {s: bookcode.percent_cells(book / (s + '.txt')) for s in sections}
    first = {section: sources[0] for section, sources in cells.items()}
    assert all('d2lmini' not in ''.join(sources) for sources in cells.values())
    assert first['3.2-linear-regression-scratch'].splitlines()[:4] == [
        '%matplotlib inline',
        'from IPython import display',
        'from matplotlib import pyplot as plt',
        'from mxnet import autograd, nd',
    ]
    assert first['2.3-autograd'] == 'from mxnet import autograd, nd'
    assert first['3.3-linear-regression-gluon'].startswith('from mxnet import autograd, nd\n')


def test_book_2_3_autograd(tmp_path):
    cells = run_section(tmp_path, '2.3-autograd')
    assert stderr(cells) == []
    result = bookcode.report(cells)
    assert result['x.grad'] == [0.0, 4.0, 8.0, 12.0]  # 4x, the book's assert
    assert result['a.grad == c / a'] == [1.0]
    is_training = next(c for c in cells if 'is_training' in c.source)
    assert text(is_training) == 'False\nTrue\n'


def trained(cells) -> tuple[list[float], list[float], list[float]]:
    """w, b and each epoch's loss as printed by the training cell."""
    result = bookcode.report(cells)
    training = next(cell for cell in cells if 'for epoch in' in cell.source)
    losses = [float(x) for x in re.findall(r'^epoch \d+, loss:? (\S+)$', text(training), re.M)]
    return result['w'], result['b'], losses


@pytest.mark.parametrize(
    'section', ['3.2-linear-regression-scratch', '3.3-linear-regression-gluon']
)
def test_book_3_trains_w_and_b(tmp_path, section):
    """The book's true_w = [2, -3.4], true_b = 4.2, and labels with noise of
    standard deviation 0.01: after 3 epochs w and b are within 0.01 and the
    loss is near the noise's (0.01**2 / 2 = 5e-05)."""
    cells = run_section(tmp_path, section)
    assert stderr(cells) == []  # no set_matplotlib_formats warning either
    w, b, losses = trained(cells)
    assert len(losses) == 3 and losses[-1] < 1e-4 < losses[0]
    assert w == pytest.approx(bookcode.TRUE_W, abs=0.01)
    assert b == pytest.approx([bookcode.TRUE_B], abs=0.01)
    if section.startswith('3.2'):  # the scatter plot, as SVG (set_matplotlib_formats)
        figure = next(c for c in cells if 'plt.scatter' in c.source)
        assert [sorted(o['data']) for o in figure.outputs] == [['image/svg+xml', 'text/plain']]
