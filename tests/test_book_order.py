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

import difflib
import pathlib
import re

import nbformat
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


MARK = '# d2lmini:'
SCRATCH = bookcode.BOOK.parents[1] / 'notebooks' / '03-linear-regression-scratch.ipynb'


def marked_lines(source: str) -> list[tuple[str, bool]]:
    """Each line of a code cell of notebook 03, and whether it is marked: a
    line holding MARK, a comment line right after a marked comment, or any
    line of a cell that opens with MARK (a cell the book does not have)."""
    whole, after_mark, lines = source.startswith(MARK), False, []
    for line in source.splitlines():
        comment = line.lstrip().startswith('#')
        after_mark = MARK in line or (after_mark and comment)
        lines.append((line, whole or after_mark))
    return lines


def unmarked_edits(book: list[str], cells: list[str]) -> list[str]:
    """Where notebook 03's code cells (their last, the package's, left out)
    differ from the book's other than by marked lines."""
    ours = [marked_lines(source) for source in cells]
    ours = [lines for lines in ours if not all(marked for _, marked in lines)]
    if len(ours) != len(book):
        return ['%d unmarked code cells, the book has %d' % (len(ours), len(book))]
    edits = []
    for number, (lines, printed) in enumerate(zip(ours, book)):
        text = [line for line, _ in lines]
        matcher = difflib.SequenceMatcher(None, text, printed.splitlines(), autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != 'equal' and (i1 == i2 or not all(m for _, m in lines[i1:i2])):
                edits.append(
                    "cell %d: %r for the book's %r"
                    % (number, text[i1:i2], printed.splitlines()[j1:j2])
                )
    return edits


def test_notebook_03_is_the_book_but_marked_lines():
    """Notebook 03 is the book's 3.2 as printed: any other change to its code
    is a line marked `# d2lmini:`, or its last cell (the package's)."""
    book = bookcode.percent_cells(bookcode.BOOK / '3.2-linear-regression-scratch.txt')
    cells = [c.source for c in nbformat.read(SCRATCH, 4).cells if c.cell_type == 'code']
    assert cells[-1].startswith('import d2lmini as d2l')
    assert unmarked_edits(book, cells[:-1]) == []
    # the check sees an unmarked edit, and lets a marked one through
    lr = next(i for i, source in enumerate(cells) if 'lr = 0.03' in source)
    edited = cells[:lr] + [cells[lr].replace('lr = 0.03', 'lr = 0.05')] + cells[lr + 1 : -1]
    assert unmarked_edits(book, edited) == [
        "cell %d: ['lr = 0.05'] for the book's ['lr = 0.03']" % (lr - 1)
    ]
    marked = [cells[lr].replace('lr = 0.03', 'lr = 0.05  ' + MARK + ' why')]
    assert unmarked_edits(book, cells[:lr] + marked + cells[lr + 1 : -1]) == []


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
