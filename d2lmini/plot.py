"""The book's plotting set-up, reproducible: SVG that is the same each run."""

from __future__ import annotations

import math
import numbers

# matplotlib, not pyplot: the settings live in matplotlib.rcParams (which
# pyplot re-exports), and pyplot would add half a second to `import d2lmini`.
import matplotlib


def set_matplotlib_formats(*formats: str, **kwargs) -> None:
    """The book's ``IPython.display.set_matplotlib_formats``, reproducible.

    IPython 8 deprecated it and IPython 9 removed it (ipython#14658);
    matplotlib_inline has it now. A fixed ``svg.hashsalt`` and, for SVG
    alone, no ``Date`` metadata make the SVG text the same on every run, so
    stored notebook outputs can be compared strictly. ``import d2lmini``
    puts this function back as ``IPython.display.set_matplotlib_formats``
    where IPython lacks it (d2lmini/_compat.py), so the book's 3.2 cell
    ``display.set_matplotlib_formats('svg')`` runs as printed.
    Outside IPython only the matplotlib settings change.
    Taught in notebooks/01-linear-regression-scratch.ipynb (book 3.2.1).
    Needs only matplotlib (and matplotlib_inline inside Jupyter).

    >>> set_matplotlib_formats('svg')
    >>> matplotlib.rcParams['svg.hashsalt']
    'd2lmini'
    """
    matplotlib.rcParams['svg.hashsalt'] = 'd2lmini'  # else ids are random per run
    try:
        from IPython import get_ipython
    except ImportError:
        return
    if get_ipython() is not None:  # outside IPython there is no inline
        from matplotlib_inline.backend_inline import set_matplotlib_formats as inline

        if formats == ('svg',):
            kwargs.setdefault('metadata', {'Date': None})
        inline(*formats, **kwargs)


def use_svg_display() -> None:
    """Show inline figures as SVG (用矢量图显示), identical from run to run.

    Calls set_matplotlib_formats('svg'), as the book does.
    Taught in notebooks/01-linear-regression-scratch.ipynb (book 3.2.1).
    Needs only matplotlib (and matplotlib_inline inside Jupyter).

    >>> use_svg_display()
    >>> matplotlib.rcParams['svg.hashsalt']
    'd2lmini'
    """
    set_matplotlib_formats('svg')


def set_figsize(figsize: tuple[float, float] = (3.5, 2.5)) -> None:
    """Use SVG display and set the default figure size (设置图的尺寸).

    Taught in notebooks/01-linear-regression-scratch.ipynb (book 3.2.1).
    Needs only matplotlib (and matplotlib_inline inside Jupyter).

    >>> set_figsize((4, 3))
    >>> matplotlib.rcParams['figure.figsize']
    [4.0, 3.0]
    """
    if isinstance(figsize, (str, bytes)) or not hasattr(figsize, '__len__'):
        raise TypeError(
            'set_figsize: figsize must be (width, height) in inches, got %r' % (figsize,)
        )
    if len(figsize) != 2 or not all(
        isinstance(s, numbers.Real) and not isinstance(s, bool) for s in figsize
    ):
        raise TypeError(
            'set_figsize: figsize must be two numbers (width, height) in inches, got %r'
            % (figsize,)
        )
    if not all(math.isfinite(s) and s > 0 for s in figsize):
        raise ValueError(
            'set_figsize: figsize must be (width, height) in inches, both finite and > 0, '
            'got %r' % (figsize,)
        )
    use_svg_display()
    matplotlib.rcParams['figure.figsize'] = figsize
