"""d2lmini: the linear-regression helpers of 《动手学深度学习》 (MXNet).

``import d2lmini as d2l`` stands in for the book's ``import d2lzh as d2l``
on today's Python and IPython, ``d2l.plt`` included. Installed, d2lmini
makes MXNet 1.9.1 import on numpy 2 in any order, and puts back the book's
IPython.display.set_matplotlib_formats in a kernel: ../d2lmini_hook.py, which
never imports this package. _compat turns a broken environment into advice.
"""

from d2lmini import _compat  # noqa: F401  (first: imports mxnet, with advice if it fails)
from d2lmini.data import data_iter, synthetic_data
from d2lmini.model import linreg, sgd, squared_loss
from d2lmini.plot import set_figsize, set_matplotlib_formats, use_svg_display

__all__ = [
    'data_iter',
    'linreg',
    'set_figsize',
    'set_matplotlib_formats',
    'sgd',
    'squared_loss',
    'synthetic_data',
    'use_svg_display',
]
__version__ = '0.1.0'


def __getattr__(name):
    """``d2l.plt``: the book plots with d2lzh's pyplot from 3.2 on (after
    ``d2l.set_figsize()``). pyplot is imported on first use, so that
    ``import d2lmini`` stays fast."""
    if name == 'plt':
        from matplotlib import pyplot

        return pyplot
    raise AttributeError('module %r has no attribute %r' % (__name__, name))
