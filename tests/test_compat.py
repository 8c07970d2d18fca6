"""What `import d2lmini` puts back for the book's code: d2l.plt, and
IPython.display.set_matplotlib_formats where IPython 9 removed it."""

from __future__ import annotations

import d2lmini as d2l  # first: makes mxnet 1.9.1 import on numpy 2 too
from d2lmini import _compat, plot

import sys
import types

import matplotlib
import pytest


def test_d2l_plt_is_pyplot():
    from matplotlib import pyplot

    assert d2l.plt is pyplot
    with pytest.raises(AttributeError, match="has no attribute 'pyplot'"):
        d2l.pyplot  # noqa: B018  (only plt, the book's name)


@pytest.fixture
def ipython(monkeypatch):
    """A stand-in IPython whose display module has no set_matplotlib_formats,
    as IPython 9's has none."""
    display = types.ModuleType('IPython.display')
    package = types.ModuleType('IPython')
    package.display = display
    monkeypatch.setitem(sys.modules, 'IPython', package)
    monkeypatch.setitem(sys.modules, 'IPython.display', display)
    monkeypatch.delenv('D2LMINI_NO_IPYTHON_ALIAS', raising=False)
    return display


def test_set_matplotlib_formats_is_put_back_where_ipython_removed_it(ipython):
    assert _compat.alias_set_matplotlib_formats() is True
    assert ipython.set_matplotlib_formats is plot.set_matplotlib_formats


def test_an_ipython_that_has_it_keeps_its_own(ipython):
    def own(*formats, **kwargs):
        pass

    ipython.set_matplotlib_formats = own
    assert _compat.alias_set_matplotlib_formats() is False
    assert ipython.set_matplotlib_formats is own


def test_the_opt_out_leaves_ipython_alone(ipython, monkeypatch):
    monkeypatch.setenv('D2LMINI_NO_IPYTHON_ALIAS', '1')
    assert _compat.alias_set_matplotlib_formats() is False
    assert not hasattr(ipython, 'set_matplotlib_formats')


def test_without_ipython_loaded_nothing_is_imported(monkeypatch):
    for name in [m for m in sys.modules if m == 'IPython' or m.startswith('IPython.')]:
        monkeypatch.delitem(sys.modules, name)
    assert _compat.alias_set_matplotlib_formats() is False
    assert 'IPython' not in sys.modules


def test_the_put_back_function_makes_reproducible_svg(monkeypatch):
    """In a kernel it asks matplotlib_inline for SVG without a Date, and fixes
    the hash salt; other formats pass through untouched."""
    import IPython
    from matplotlib_inline import backend_inline

    calls = []
    monkeypatch.setattr(IPython, 'get_ipython', lambda: object())
    monkeypatch.setattr(
        backend_inline, 'set_matplotlib_formats', lambda *f, **k: calls.append((f, k))
    )
    monkeypatch.setitem(matplotlib.rcParams, 'svg.hashsalt', None)
    plot.set_matplotlib_formats('svg')
    plot.set_matplotlib_formats('png', 'svg', dpi=72)
    assert calls == [(('svg',), {'metadata': {'Date': None}}), (('png', 'svg'), {'dpi': 72})]
    assert matplotlib.rcParams['svg.hashsalt'] == 'd2lmini'
