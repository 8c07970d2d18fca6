"""The book's own code, in the book's order, in a fresh kernel.

tests/bookcode/ holds 《动手学深度学习》 2.3, 3.2 and 3.3 as printed, none of
them importing d2lmini: installing d2lmini is all it takes (the start-up
hook, d2lmini_hook.pth; what it fixes: docs/stack-traps.md). 3.2 is
notebook 03, which strict nbval runs in a fresh kernel, its outputs
compared (stderr included); the first test holds it to the book's text. 2.3
then 3.3 run here in one fresh kernel started as for strict nbval
(tools/kernel.py), as a reader goes on in the same session, with the checks
make test-colab runs too (tools/bookcode.py).
"""

from __future__ import annotations

import difflib
import random
import re

import nbformat
import pytest

from tools import bookcode

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
    is a line marked `# d2lmini:`, or its last cell (the package's), the only
    one that imports d2lmini."""
    book = bookcode.percent_cells(bookcode.BOOK / '3.2-linear-regression-scratch.txt')
    cells = [c.source for c in nbformat.read(SCRATCH, 4).cells if c.cell_type == 'code']
    assert cells[-1].startswith('import d2lmini as d2l')
    assert not [s for s in cells[:-1] if re.search(r'^(import|from) d2lmini', s, re.M)]
    assert unmarked_edits(book, cells[:-1]) == []
    # the check sees an unmarked edit, and lets a marked one through
    lr = next(i for i, source in enumerate(cells) if 'lr = 0.03' in source)
    edited = cells[:lr] + [cells[lr].replace('lr = 0.03', 'lr = 0.05')] + cells[lr + 1 : -1]
    assert unmarked_edits(book, edited) == [
        "cell %d: ['lr = 0.05'] for the book's ['lr = 0.03']" % (lr - 1)
    ]
    marked = [cells[lr].replace('lr = 0.03', 'lr = 0.05  ' + MARK + ' why')]
    assert unmarked_edits(book, cells[:lr] + marked + cells[lr + 1 : -1]) == []


SECTIONS = ['2.3-autograd', '3.3-linear-regression-gluon']
SEED, DRAW = 'import random\nrandom.seed(0)', 'print(repr(random.random()))'
SEEDED = random.Random(0).random()


def kernel_info(kc, cell) -> None:
    """Before each draw, three kernel_info requests, as Lab may send."""
    for _ in range(3 if cell.source == DRAW else 0):
        kc.kernel_info(reply=True, timeout=30)


@pytest.fixture(scope='module')
def book(tmp_path_factory):
    """One fresh kernel: a draw after kernel_info requests, the book's 2.3
    and 3.3 (each with its check, tools/bookcode.py), then a draw again."""
    sources = [SEED, DRAW, *(s for section in SECTIONS for s in bookcode.cells(section))]
    folder = tmp_path_factory.mktemp('book')
    return bookcode.run([*sources, SEED, DRAW], folder, before_cell=kernel_info).cells


def test_the_books_code_runs_as_printed(book):
    """No d2lmini line in it, its checks pass (else the run raised), and
    nothing on stderr (no warning either)."""
    assert not [cell.source for cell in book if 'd2lmini' in cell.source]
    assert bookcode.problems(book) == []


def test_kernel_info_leaves_a_seeded_random_alone_once_mxnet_is_in(book):
    """The banner's tip (docs/stack-traps.md): before the book's first line
    imports mxnet the hook has done nothing and IPython still draws; when
    that first assert fails, IPython no longer does, and the tip line of
    d2lmini_hook.fix_ipython can go."""
    before, after = (float(bookcode.text(cell)) for cell in (book[1], book[-1]))
    assert before != SEEDED
    assert after == SEEDED
