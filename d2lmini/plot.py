"""The book's plotting set-up (3.2.1). Figures the same from run to run are
the test kernel's business (d2lmini_nbval.py), not the learner's."""

from __future__ import annotations

from d2lmini import _checks

# matplotlib, not pyplot: the settings live in matplotlib.rcParams (which
# pyplot re-exports), and pyplot would add half a second to `import d2lmini`.
import matplotlib

# IPython's own, gone from IPython 9: the start-up hook's stand-in.
from d2lmini_hook import set_matplotlib_formats

__all__ = ['set_figsize', 'set_matplotlib_formats', 'use_svg_display']


def use_svg_display() -> None:
    """Show inline figures as SVG (用矢量图显示).

    Book 3.2.1, taught in notebooks/03-linear-regression-scratch.

    >>> use_svg_display()  # in a notebook: figures as SVG
    """
    set_matplotlib_formats('svg')


def set_figsize(figsize: tuple[float, float] = (3.5, 2.5)) -> None:
    """Use SVG display and set the default figure size (设置图的尺寸).

    Book 3.2.1, taught in notebooks/03-linear-regression-scratch.

    >>> set_figsize((4, 3))
    >>> matplotlib.rcParams['figure.figsize']
    [4.0, 3.0]
    """
    _checks.set_figsize(figsize)
    use_svg_display()
    matplotlib.rcParams['figure.figsize'] = figsize
