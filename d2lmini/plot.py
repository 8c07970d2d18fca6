"""The book's plotting set-up, reproducible: SVG that is the same each run."""

from __future__ import annotations

from d2lmini import _checks

# matplotlib, not pyplot: the settings live in matplotlib.rcParams (which
# pyplot re-exports), and pyplot would add half a second to `import d2lmini`.
import matplotlib


def set_matplotlib_formats(*formats: str, **kwargs) -> None:
    """The book's ``IPython.display.set_matplotlib_formats``, reproducible SVG.

    Gone from IPython 9 (matplotlib_inline has it); d2lmini/_compat.py puts this
    back under the old name. Outside IPython only rcParams change.
    Book 3.2.1, taught in notebooks/03-linear-regression-scratch.

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

        if formats == ('svg',):  # no Date: the same SVG text on every run
            kwargs.setdefault('metadata', {'Date': None})
        inline(*formats, **kwargs)


def use_svg_display() -> None:
    """Show inline figures as SVG (用矢量图显示), identical from run to run.

    Book 3.2.1, taught in notebooks/03-linear-regression-scratch.

    >>> use_svg_display()
    >>> matplotlib.rcParams['svg.hashsalt']
    'd2lmini'
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
