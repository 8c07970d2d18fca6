"""The book's own 3.2 helpers, read from tests/bookcode/ (the one copy of the
book's code): the reference d2lmini is compared with. SOURCES holds the text
of each function 3.2 defines; data_iter, linreg, squared_loss and sgd are
those functions, defined by that text; train runs 3.2's training cell."""

import ast
import contextlib
import io
import random

import mxnet as mx
from mxnet import autograd, nd

from tools.bookcode import BOOK, percent_cells

CELLS = percent_cells(BOOK / '3.2-linear-regression-scratch.txt')
# ast refuses the cell with an IPython magic (%matplotlib): it defines nothing
TREES = {cell: ast.parse(cell) for cell in CELLS if not cell.startswith('%')}
SOURCES = {
    node.name: '\n'.join(cell.splitlines()[node.lineno - 1 : node.end_lineno])
    for cell, tree in TREES.items()
    for node in tree.body
    if isinstance(node, ast.FunctionDef)
}
NAMES = ('data_iter', 'linreg', 'squared_loss', 'sgd')
namespace = {'nd': nd, 'random': random}
for name in NAMES:
    exec(compile(SOURCES[name], BOOK.name, 'exec'), namespace)
data_iter, linreg = namespace['data_iter'], namespace['linreg']
squared_loss, sgd = namespace['squared_loss'], namespace['sgd']
# 3.2.1's cell: its settings (true_w, sizes), then the features and labels
(DATA,) = [cell for cell in TREES if 'labels = true_w[0]' in cell]
(LOOP,) = [cell for cell in TREES if cell.startswith('lr = 0.03')]  # 3.2.7


def synthetic_data(w, b, num_examples):
    """3.2.1's cell run with true_w = w, true_b = b: its features and labels,
    noise included (the cell reads two weights)."""
    settings = (ast.Constant, ast.List)  # `true_b = 4.2`: the caller's to give
    body = [n for n in TREES[DATA].body if not isinstance(getattr(n, 'value', 0), settings)]
    cell = {'nd': nd, 'num_examples': num_examples, 'num_inputs': 2, 'true_w': w, 'true_b': b}
    exec(compile(ast.Module(body, []), BOOK.name, 'exec'), cell)
    return cell['features'], cell['labels']


def train(helpers, seed):
    """3.2.7's cell, the book's 3-epoch loop, with the helpers of `helpers` (a
    module), on its synthetic_data's data and 3.2.3's w and b after `seed`:
    the cell's variables when it has run (w, b, features, ...), its prints
    captured."""
    random.seed(seed)
    mx.random.seed(seed)
    features, labels = helpers.synthetic_data([2, -3.4], 4.2, 1000)
    w, b = nd.random.normal(scale=0.01, shape=(2, 1)), nd.zeros(shape=(1,))
    w.attach_grad()
    b.attach_grad()
    cell = {name: getattr(helpers, name) for name in NAMES}
    cell.update(autograd=autograd, features=features, labels=labels, w=w, b=b, batch_size=10)
    with contextlib.redirect_stdout(io.StringIO()):
        exec(LOOP, cell)
    nd.waitall()  # MXNet is asynchronous: the last update done
    return cell
