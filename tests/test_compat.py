"""What the start-up hook (d2lmini_hook) puts back for the book's code: in a
kernel, IPython.display.set_matplotlib_formats where IPython deprecated or
removed it, and the finder that makes `import mxnet` work on numpy 2; what
`import d2lmini` adds: d2l.plt, and advice when mxnet cannot import."""

from __future__ import annotations

import d2lmini as d2l
from d2lmini import _compat

import importlib.machinery
import importlib.util
import sys
import types
import warnings

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


# _compat's import-time logic, called in-process, so that every branch is
# exercised where mutation testing sees it (test_broken_env.py shows the
# same in fresh interpreters).


@pytest.mark.parametrize(
    'version, ok',
    [((3, 8), False), ((3, 10, 13), False), ((3, 11), True), ((3, 14, 2), True), ((3, 15), False)],
)
def test_check_python_bounds(version, ok):
    if ok:
        assert _compat.check_python(version) is None
    else:
        with pytest.raises(ImportError) as raised:
            _compat.check_python(version)
        assert str(raised.value) == (
            'd2lmini: Python %d.%d is not supported: d2lmini is tested on Python 3.11 to 3.14. '
            'Install one of those and run: make test PYTHON=/path/to/python3.11' % version[:2]
        )


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
    import numpy

    fake = types.ModuleType('numpy')
    fake.__version__ = '2.9.0'
    fake.bool = numpy.bool  # numpy 2's, so that the hook leaves it alone
    fake.any = numpy.any
    monkeypatch.setitem(sys.modules, 'numpy', fake)
    monkeypatch.delenv(d2lmini_hook.OPT_OUT, raising=False)
    return fake


@pytest.fixture
def importing(fake_numpy, monkeypatch):
    """import_mxnet with `import mxnet` replaced by `action(numpy)`, run
    in-process against a stand-in numpy module."""
    import builtins

    real_import = builtins.__import__

    def run(action):
        def fake_import(name, *args, **kwargs):
            if name == 'mxnet':
                return action(fake_numpy)
            return real_import(name, *args, **kwargs)

        monkeypatch.setattr(builtins, '__import__', fake_import)
        try:
            return _compat.import_mxnet()
        finally:
            monkeypatch.setattr(builtins, '__import__', real_import)

    return fake_numpy, run


class Loader:
    """A loader whose exec_module runs `action(numpy)`."""

    def __init__(self, action):
        self.action = action

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        self.action(sys.modules['numpy'])


def load(action):
    """What Python does with a spec whose loader the hook wrapped."""
    spec = importlib.machinery.ModuleSpec('mxnet', d2lmini_hook.MxnetLoader(Loader(action)))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


def raises(error):
    def fails(numpy):
        raise error

    return fails


CORRCOEF = AttributeError("module 'numpy' has no attribute 'corrcoef'")


@pytest.mark.parametrize(
    'error, opt_out, words',
    [
        (
            ModuleNotFoundError("No module named 'mxnet'", name='mxnet'),
            None,
            "^d2lmini: mxnet is not installed. Fix: in the d2lmini checkout run 'make lab' or "
            "'make test'; for your own environment see the README's 'Use your own environment'.$",
        ),
        (
            ModuleNotFoundError("No module named 'distutils.version'", name='distutils.version'),
            None,
            "imports distutils, which Python 3.12 removed.*'setuptools'",
        ),
        # the opt-out is not the cause where d2lmini would not put it back
        *[
            (
                CORRCOEF,
                opt_out,
                r'^d2lmini: mxnet 1\.9\.1 reads numpy\.corrcoef, which numpy 2\.9\.0 does not '
                r"have and d2lmini does not put back\. Fix: pip install 'numpy<2\.9\.0' \(an "
                r"older numpy still has it\), and tell d2lmini's maintainers\.$",
            )
            for opt_out in (None, 'D2LMINI_NO_HOOK')
        ],
    ],
    ids=['no mxnet', 'no distutils', 'a name it does not know', 'the same, opted out'],
)
def test_import_mxnet_explains_what_it_cannot_fix(importing, monkeypatch, error, opt_out, words):
    _, run = importing
    if opt_out:
        monkeypatch.setenv(opt_out, '1')
    with pytest.raises(ImportError, match=words):
        run(raises(error))


@pytest.mark.parametrize(
    'name, advice',
    [
        ('D2LMINI_NO_HOOK', 'unless D2LMINI_NO_HOOK=1 is set: unset it.'),
        (
            'D2LMINI_NO_NUMPY_ALIAS',
            'unless D2LMINI_NO_NUMPY_ALIAS=1 is set: unset it (D2LMINI_NO_HOOK=1 is its '
            'name now).',
        ),
    ],
)
def test_import_mxnet_with_the_opt_out_says_to_unset_it(importing, monkeypatch, name, advice):
    fake, run = importing
    monkeypatch.setenv(name, '1')

    # numpy 2's own words for PZERO, which nothing put back
    removed = AttributeError('`np.PZERO` was removed in the NumPy 2.0 release. Use `0.0` instead.')
    with pytest.raises(ImportError) as raised:
        run(raises(removed))
    assert str(raised.value) == (
        'd2lmini: mxnet 1.9.1 reads numpy.PZERO, which numpy 2.9.0 does not have. '
        'd2lmini puts it back while mxnet imports ' + advice
    )


@pytest.mark.parametrize(
    'error',
    [
        ModuleNotFoundError("No module named 'graphviz'", name='graphviz'),
        AttributeError("module 'mxnet' has no attribute 'foo'"),
        RuntimeError('boom'),
        AttributeError("module 'numpy' has no attribute 'any'"),  # numpy has it
    ],
    ids=['another module', 'not numpy', 'runtime', 'a name numpy has'],
)
def test_import_mxnet_lets_what_is_not_its_own_through(importing, error):
    _, run = importing
    with pytest.raises(type(error)) as raised:
        run(raises(error))
    assert raised.value is error
