"""What the start-up hook (d2lmini_hook) puts back for the book's code: in a
kernel, IPython.display.set_matplotlib_formats where IPython deprecated or
removed it, and the finder that makes `import mxnet` work on numpy 2; what
`import d2lmini` adds: d2l.plt, and advice when mxnet cannot import."""

from __future__ import annotations

import d2lmini as d2l
from d2lmini import _compat

import builtins
import importlib.machinery
import importlib.util
import re
import sys
import types
import warnings

import numpy
import pytest

import d2lmini_hook


def test_d2l_plt_is_pyplot():
    from matplotlib import pyplot

    assert d2l.plt is pyplot
    with pytest.raises(AttributeError, match="has no attribute 'pyplot'"):
        d2l.pyplot  # noqa: B018  (only plt, the book's name)


class Shell:
    enable_tip = True  # IPython 9's banner picks a tip with the global random


@pytest.fixture
def ipython(monkeypatch):
    """A stand-in IPython, running a shell, whose display module has no
    set_matplotlib_formats, as IPython 9's has none."""
    display = types.ModuleType('IPython.display')
    package = types.ModuleType('IPython')
    package.display = display
    package.version_info = (9, 0, 2, '')
    package.shell = Shell()
    package.get_ipython = lambda: package.shell
    monkeypatch.setitem(sys.modules, 'IPython', package)
    monkeypatch.setitem(sys.modules, 'IPython.display', display)
    for name in (d2lmini_hook.OPT_OUT, *d2lmini_hook.OLD_OPT_OUTS):
        monkeypatch.delenv(name, raising=False)
    return package


def own(*formats, **kwargs):
    """An IPython's own set_matplotlib_formats."""


@pytest.mark.parametrize(
    'version, replaced',
    [
        ((9, 0, 2, ''), True),  # removed (ipython#14658): the fixture has none
        # 7.23 to 8 warn on a kernel's stderr where the book's 3.2 calls it
        # (Colab's 7.34: make test-colab): the hook's stands in there too
        ((7, 23, 0, ''), True),
        ((7, 22, 0, ''), False),  # before the deprecation: its own stays
    ],
)
def test_in_a_kernel_the_books_function_is_put_back_and_the_tip_goes(
    ipython, monkeypatch, version, replaced
):
    if version < (9,):
        ipython.display.set_matplotlib_formats = own
    monkeypatch.setattr(ipython, 'version_info', version)
    d2lmini_hook.fix_ipython()
    put_back = d2lmini_hook.set_matplotlib_formats if replaced else own
    assert ipython.display.set_matplotlib_formats is put_back
    assert ipython.shell.enable_tip is False
    assert d2l.set_matplotlib_formats is d2lmini_hook.set_matplotlib_formats


@pytest.mark.parametrize('name', ['D2LMINI_NO_HOOK', *d2lmini_hook.OLD_OPT_OUTS, 'no shell'])
def test_the_opt_out_or_no_running_shell_leaves_ipython_alone(ipython, monkeypatch, name):
    if name == 'no shell':
        monkeypatch.setattr(ipython, 'get_ipython', lambda: None)
    else:
        monkeypatch.setenv(name, '1')
    d2lmini_hook.fix_ipython()
    assert not hasattr(ipython.display, 'set_matplotlib_formats')
    assert ipython.shell.enable_tip is True


def test_the_put_back_function_is_matplotlib_inlines(monkeypatch):
    """In a kernel it hands every argument to matplotlib_inline, as IPython
    7's did; outside one it does nothing (no shell to display in)."""
    import IPython
    from matplotlib_inline import backend_inline

    calls = []
    monkeypatch.setattr(
        backend_inline, 'set_matplotlib_formats', lambda *f, **k: calls.append((f, k))
    )
    monkeypatch.setattr(IPython, 'get_ipython', lambda: None)
    d2l.set_matplotlib_formats('svg')
    assert calls == []
    monkeypatch.setattr(IPython, 'get_ipython', lambda: object())
    d2l.set_matplotlib_formats('png', 'svg', dpi=72)
    d2l.use_svg_display()
    assert calls == [(('png', 'svg'), {'dpi': 72}), (('svg',), {})]


# _compat's import-time logic and the hook's parts, called in-process, so
# that every branch is exercised where mutation testing sees it
# (test_broken_env.py shows the same in fresh interpreters).


def test_missing_from_counts_deprecated_names_as_there():
    class Numpy(types.ModuleType):
        def __getattr__(self, name):
            if name == 'old':
                warnings.warn('old is deprecated', DeprecationWarning, stacklevel=2)
                return 1
            raise AttributeError(name)

    fake = Numpy('numpy')
    fake.here = 1
    assert d2lmini_hook.missing_from(fake, ['here', 'old', 'gone']) == ['gone']


@pytest.fixture
def fake_numpy(monkeypatch):
    """A stand-in numpy 2.9 in sys.modules, without the removed names."""
    fake = types.ModuleType('numpy')
    fake.__version__ = '2.9.0'
    fake.bool = numpy.bool  # numpy 2's, so that the hook leaves it alone
    fake.any = numpy.any
    monkeypatch.setitem(sys.modules, 'numpy', fake)
    monkeypatch.delenv(d2lmini_hook.OPT_OUT, raising=False)
    return fake


@pytest.fixture
def import_mxnet_raising(fake_numpy, monkeypatch):
    """_compat.import_mxnet, in-process against a stand-in numpy, with its
    `import mxnet` raising the error given."""
    real_import = builtins.__import__

    def run(error):
        def fake_import(name, *args, **kwargs):
            if name == 'mxnet':
                raise error
            return real_import(name, *args, **kwargs)

        monkeypatch.setattr(builtins, '__import__', fake_import)
        try:
            return _compat.import_mxnet()
        finally:
            monkeypatch.setattr(builtins, '__import__', real_import)

    return run


def load(action):
    """What Python does with a spec whose loader the hook wrapped, the
    wrapped loader running `action(numpy)`."""
    loader = types.SimpleNamespace(
        create_module=lambda spec: None, exec_module=lambda module: action(sys.modules['numpy'])
    )
    spec = importlib.machinery.ModuleSpec('mxnet', d2lmini_hook.MxnetLoader(loader))
    spec.loader.exec_module(importlib.util.module_from_spec(spec))


def test_the_hook_takes_the_names_away_when_mxnet_fails(fake_numpy):
    def fails(numpy):
        assert numpy.PZERO == 0.0
        raise RuntimeError('boom')

    with pytest.raises(RuntimeError, match='boom'):
        load(fails)
    assert set(d2lmini_hook.numpy2_stand_ins(fake_numpy)) & set(vars(fake_numpy)) == set()


def test_the_hook_with_the_opt_out_puts_nothing_back(fake_numpy, monkeypatch):
    monkeypatch.setenv(d2lmini_hook.OPT_OUT, '1')
    seen = []
    load(lambda numpy: seen.append(hasattr(numpy, 'PZERO')))
    assert seen == [False]


def test_the_hook_leaves_a_name_numpy_still_has_alone(fake_numpy):
    """On a numpy that still has some of the names (numpy 1.x has them all,
    2.3 still has in1d and trapz), those are numpy's own, during the import
    and after: only missing names are put back, and only they are removed."""
    own_in1d, fake_numpy.PZERO = object(), 0.0
    fake_numpy.in1d = own_in1d
    seen = {}
    load(lambda numpy: seen.update(in1d=numpy.in1d))
    assert seen['in1d'] is own_in1d
    assert fake_numpy.in1d is own_in1d and fake_numpy.PZERO == 0.0


def test_the_finder_answers_import_mxnet_only():
    """It wraps mxnet's loader and leaves every other import to Python (what
    the wrapped loader does with real mxnet: test_broken_env)."""
    finder = d2lmini_hook.MxnetFinder
    assert finder.find_spec('numpy') is finder.find_spec('no_such_module') is None
    spec = finder.find_spec('mxnet')
    assert spec.name == 'mxnet' and type(spec.loader) is d2lmini_hook.MxnetLoader
    assert type(spec.loader.loader) is importlib.machinery.SourceFileLoader


def test_install_puts_the_finder_first_once(monkeypatch):
    others = [finder for finder in sys.meta_path if finder is not d2lmini_hook.MxnetFinder]
    monkeypatch.setattr(sys, 'meta_path', others)
    monkeypatch.delenv(d2lmini_hook.OPT_OUT, raising=False)
    d2lmini_hook.install()
    d2lmini_hook.install()
    assert sys.meta_path.count(d2lmini_hook.MxnetFinder) == 1
    assert sys.meta_path[0] is d2lmini_hook.MxnetFinder


CORRCOEF = AttributeError("module 'numpy' has no attribute 'corrcoef'")
NOT_PUT_BACK = (
    r'^d2lmini: mxnet 1\.9\.1 reads numpy\.corrcoef, which numpy 2\.9\.0 does not have and '
    r"d2lmini does not put back\. Fix: pip install 'numpy<2\.9\.0' \(an older numpy still "
    r"has it\), and tell d2lmini's maintainers\.$"
)
# numpy 2's own words for PZERO, which nothing put back
PZERO = AttributeError('`np.PZERO` was removed in the NumPy 2.0 release. Use `0.0` instead.')
UNSET = (
    r'^d2lmini: mxnet 1\.9\.1 reads numpy\.PZERO, which numpy 2\.9\.0 does not have\. '
    r'd2lmini puts it back while mxnet imports unless '
)
# fmt: off
RAISED = [  # id, error from inside `import mxnet`, opt-out set, ImportError's
            # message (a pattern), or None: the error itself goes through
    ('no mxnet', ModuleNotFoundError("No module named 'mxnet'", name='mxnet'), None,
     r"^d2lmini: mxnet is not installed\. Fix: in the d2lmini checkout run 'make lab' or "
     r"'make test'; for your own environment see the README's 'Use your own environment'\.$"),
    ('no distutils', ModuleNotFoundError("No module named 'distutils.version'",
                                         name='distutils.version'), None,
     r"imports distutils, which Python 3\.12 removed\..*pip install 'setuptools'"),
    # the opt-out is not the cause where d2lmini would not put it back
    ('a name it does not know', CORRCOEF, None, NOT_PUT_BACK),
    ('the same, opted out', CORRCOEF, 'D2LMINI_NO_HOOK', NOT_PUT_BACK),
    ('opted out', PZERO, 'D2LMINI_NO_HOOK', UNSET + r'D2LMINI_NO_HOOK=1 is set: unset it\.$'),
    ('opted out, old name', PZERO, 'D2LMINI_NO_NUMPY_ALIAS', UNSET + r'D2LMINI_NO_NUMPY_ALIAS=1 '
     r'is set: unset it \(D2LMINI_NO_HOOK=1 is its name now\)\.$'),
    ('another module', ModuleNotFoundError("No module named 'graphviz'", name='graphviz'),
     None, None),
    ('not numpy', AttributeError("module 'mxnet' has no attribute 'foo'"), None, None),
    ('runtime', RuntimeError('boom'), None, None),
    ('a name numpy has', AttributeError("module 'numpy' has no attribute 'any'"), None, None),
]
# fmt: on


@pytest.mark.parametrize(
    'error, opt_out, message', [r[1:] for r in RAISED], ids=[r[0] for r in RAISED]
)
def test_import_mxnet_explains_what_it_cannot_fix_and_nothing_else(
    import_mxnet_raising, monkeypatch, error, opt_out, message
):
    if opt_out:
        monkeypatch.setenv(opt_out, '1')
    with pytest.raises(Exception) as raised:
        import_mxnet_raising(error)
    if message is None:
        assert raised.value is error
    else:
        assert type(raised.value) is ImportError and re.search(message, str(raised.value))


@pytest.mark.parametrize(
    'version, has_bool, aliased',
    [
        ('1.23.5', False, False),  # numpy.bool still there, deprecated
        ('1.24.0', False, True),
        ('2.4.6', True, False),  # numpy 2 has numpy.bool again
    ],
)
def test_numpy_bool_is_aliased_exactly_on_numpy_124_to_126(
    monkeypatch, version, has_bool, aliased
):
    """numpy 1.24-1.26 get numpy.bool = bool for good (mxnet reads it at run
    time too); no other numpy does. A stand-in module, since this
    interpreter's numpy is numpy 2."""
    fake = types.ModuleType('numpy')
    fake.__version__ = version
    if has_bool:
        fake.bool = numpy.bool
    monkeypatch.setitem(sys.modules, 'numpy', fake)
    assert d2lmini_hook.alias_numpy_bool() is aliased
    assert vars(fake).get('bool') is (bool if aliased else numpy.bool if has_bool else None)


def test_the_stand_ins_behave_as_numpy_1_did():
    """What numpy 1 gave under each name (their being one function each, as
    mxnet's dispatch table needs: test_broken_env.py)."""
    stand_ins = d2lmini_hook.numpy2_stand_ins(numpy)
    a = numpy.array([[3.0, 1.0], [0.5, 2.0]])
    for old, new in d2lmini_hook.NUMPY2_ALIASES.items():
        assert numpy.array_equal(stand_ins[old](a), getattr(numpy, new)(a)), old
    assert stand_ins['round_'](a + 0.26, decimals=1).tolist() == [[3.3, 1.3], [0.8, 2.3]]
    assert stand_ins['msort'](a).tolist() == [[0.5, 1.0], [3.0, 2.0]]
    # numpy 1's positions pass through: assume_unique, invert
    assert stand_ins['in1d']([[1, 2], [3, 4]], [2, 3], False, True).tolist() == [1, 0, 0, 1]
    assert stand_ins['NINF'] == -numpy.inf and str(stand_ins['NZERO']) == '-0.0'
    with pytest.raises(RuntimeError, match='numpy_financial.npv'):
        stand_ins['npv'](0.1, [1, 2])
