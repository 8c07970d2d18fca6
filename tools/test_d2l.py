"""make test-d2l: the README's recipe for reading the 2nd edition with MXNet
today, run as written in an environment holding d2lmini (.venv-d2l): its
`<!-- d2l-recipe -->` block adds the `d2l` package without its pins; then
`pip check` (printed), and the 2nd edition's 3.2, MXNet tab, as printed
(tests/d2l-book/, `from d2l import mxnet as d2l`), as a notebook in this
interpreter's kernel, started as for strict nbval. Fails if a command or a
cell fails, or an estimation error is not as small as the book's."""

from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

from tools import bookcode

ROOT = pathlib.Path(__file__).resolve().parents[1]
BOOK = ROOT / 'tests' / 'd2l-book' / '3.2-linear-regression-scratch-mxnet.txt'
REPORT = (
    'import json\nprint(json.dumps({"w": (true_w - d2l.reshape(w, true_w.shape)).tolist(),'
    ' "b": (true_b - b).tolist()}))'
)
# The book's run prints errors of a few 1e-4 (noise 0.01, 1000 examples).
LARGEST_ERROR = 0.005


def recipe(readme: pathlib.Path = ROOT / 'README.md') -> list[str]:
    """The commands of the README's d2l recipe block."""
    block = re.search(r'<!-- d2l-recipe -->\n```sh\n(.*?)```', readme.read_text(), re.S)
    return block.group(1).strip().splitlines()


def main() -> int:
    bindir = os.path.dirname(sys.executable)  # `python` in the recipe: this one
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ['PATH'])
    for command in recipe():
        print('$', command, flush=True)
        subprocess.run(command, shell=True, check=True, env=env)
    check = subprocess.run([sys.executable, '-m', 'pip', 'check'], capture_output=True, text=True)
    print('$ python -m pip check\n' + check.stdout, flush=True)
    with tempfile.TemporaryDirectory() as tmp:  # CellExecutionError if a cell raises
        cells = bookcode.run([*bookcode.percent_cells(BOOK), REPORT], pathlib.Path(tmp)).cells
    for cell in cells[-3:-1]:  # the training loop's and the errors' prints
        print(bookcode.text(cell), end='')
    errors = json.loads(bookcode.text(cells[-1]))
    largest = max(abs(e) for e in errors['w'] + errors['b'])
    if largest >= LARGEST_ERROR:
        print('test-d2l: an estimation error of %.4f, the book prints a few 1e-4' % largest)
        return 1
    print("test-d2l: the 2nd edition's 3.2 ran as printed; largest error %.1e" % largest)
    return 0


if __name__ == '__main__':
    sys.exit(main())
