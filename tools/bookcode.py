"""The book's own 2.3, 3.2 and 3.3, as printed (tests/bookcode/, `# %%`
cells), run in the book's order: by make test-colab in a Colab-like kernel,
each as a notebook of its own; by tests/test_book_order.py (2.3, 3.3) in
this environment's. A last cell, not the book's, prints what the section
computed, as JSON, for their checks."""

from __future__ import annotations

import json
import pathlib
import re

import nbformat

from tools.run_notebooks import execute

BOOK = pathlib.Path(__file__).resolve().parents[1] / 'tests' / 'bookcode'
TRUE_W, TRUE_B = [2, -3.4], 4.2  # the book's true_w and true_b (3.2, 3.3)
REPORT = {
    '2.3-autograd': (
        "import json\nprint(json.dumps({'x.grad': x.grad.asnumpy().ravel().tolist(),"
        " 'a.grad == c / a': (a.grad == c / a).asnumpy().tolist()}))"
    ),
    '3.2-linear-regression-scratch': (
        "import json\nprint(json.dumps({'w': w.asnumpy().ravel().tolist(),"
        " 'b': b.asnumpy().ravel().tolist()}))"
    ),
    '3.3-linear-regression-gluon': (
        "import json\nprint(json.dumps({'w': dense.weight.data().asnumpy().ravel().tolist(),"
        " 'b': dense.bias.data().asnumpy().ravel().tolist()}))"
    ),
}


def percent_cells(path: pathlib.Path) -> list[str]:
    """The code cells of a `# %%` file: the text after each `# %%` line; a
    header before the first one is not code."""
    _, *sources = re.split(r'^# %%\n', path.read_text(encoding='utf-8'), flags=re.M)
    return [source.strip('\n') for source in sources]


def run(section: str, folder: pathlib.Path, kernel: str | None = None):
    """Run `section` (a name of REPORT) as folder/SECTION.ipynb, in a fresh
    kernel (this interpreter's, or the kernelspec `kernel`); the notebook
    run, its report cell last. Raises CellExecutionError if a cell raises."""
    sources = [*percent_cells(BOOK / (section + '.txt')), REPORT[section]]
    path = folder / (section + '.ipynb')
    cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return execute(path, kernel=kernel)


def report(cells) -> dict:
    """What the report cell, the last of `cells`, printed."""
    return json.loads(''.join(output.get('text', '') for output in cells[-1].outputs))
