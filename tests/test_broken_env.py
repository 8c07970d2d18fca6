"""A broken environment stops with advice, not a traceback from mxnet.

Each case runs `import d2lmini` in a fresh interpreter with the condition
simulated in-process before the import, and checks the last line the user
sees.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
import types

import numpy
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PYENV = pathlib.Path(os.environ.get('PYENV_ROOT', pathlib.Path.home() / '.pyenv'))
PYTHON37 = PYENV / 'versions/3.7.16/bin/python3'


def run(code: str, env=None, python=sys.executable):
    """Run `code` in a fresh interpreter that imports d2lmini from here."""
    base = {k: v for k, v in os.environ.items() if not k.startswith('D2LMINI_NO_')}
    # Throw-away interpreters write no bytecode: Python 3.7 does not know
    # PYTHONPYCACHEPREFIX and would put it beside the sources.
    env = dict(base, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE='1', **(env or {}))
    return subprocess.run(
        [str(python), '-c', code], capture_output=True, text=True, env=env, timeout=120
    )


def last_line(setup: str, env=None, python=sys.executable):
    """Run `setup` then `import d2lmini`; return (exit code, last stderr line)."""
    proc = run(setup + '\nimport d2lmini', env, python)
    lines = proc.stderr.strip().splitlines() or ['']
    return proc.returncode, lines[-1]


# The condition, simulated before `import d2lmini`; the variables set; words
# of the last line. The whole of each message: test_compat's in-process tests.
@pytest.mark.parametrize(
    'setup, env, words',
    [
        ('', {'D2LMINI_NO_HOOK': '1'}, 'reads numpy.PZERO, which numpy %s' % numpy.__version__),
        ('import numpy\ndel numpy.corrcoef', None, 'd2lmini does not put back'),
        ("import sys\nsys.modules['mxnet'] = None", None, 'mxnet is not installed'),
        ("import sys\nsys.modules['distutils'] = None", None, 'imports distutils'),
        ("import sys\nsys.version_info = (3, 15, 0, 'final', 0)", None, 'Python 3.15 is not'),
    ],
    ids=[
        'numpy 2 opted out',
        'a numpy name d2lmini does not know',
        'no mxnet',
        'no distutils',
        'python 3.15',
    ],
)
def test_broken_environment_says_what_and_how_to_fix(setup, env, words):
    code, line = last_line(setup, env)
    assert code == 1
    assert line.startswith('ImportError: d2lmini: ') and words in line, line


# How mxnet comes in: through `import d2lmini`, or first, as in the book's
# 3.2 in a kernel (`from IPython import display` ... `from mxnet import
# autograd, nd`, no d2lmini line), where only the start-up hook acts.
D2LMINI_FIRST = 'import d2lmini, mxnet as mx'
IN_A_KERNEL = """
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()  # what a kernel runs
"""
BOOK_ORDER = (
    IN_A_KERNEL
    + """
from IPython import display
from matplotlib import pyplot as plt
from mxnet import autograd, nd
import mxnet as mx
import d2lmini_hook
# the book's display.set_matplotlib_formats('svg') and a tip-less banner,
# from the hook alone: it never imports d2lmini
assert display.set_matplotlib_formats is d2lmini_hook.set_matplotlib_formats
assert shell.enable_tip is False and not sys.modules.get('d2lmini')
"""
)


@pytest.mark.parametrize('book', [False, True], ids=['d2lmini first', 'book, copied hook'])
def test_numpy_is_exactly_numpy_after_import(book, tmp_path):
    """numpy 2's removed names exist only while mxnet imports: afterwards
    numpy has its own names and values (plus any submodule mxnet loaded),
    and np.any / np.round / np.prod still dispatch to mxnet's versions.
    In the book's order, from a learner's copy of d2lmini_hook.py beside the
    code, d2lmini not importable: D2LMINI_NO_HOOK=1 at start-up puts nothing
    on sys.meta_path, then the copy gives every fix."""
    imports = D2LMINI_FIRST
    if book:
        shutil.copy(ROOT / 'd2lmini_hook.py', tmp_path)
        imports = (
            'import os, d2lmini_hook\n'
            'assert d2lmini_hook.MxnetFinder not in sys.meta_path  # opted out\n'
            "del os.environ['D2LMINI_NO_HOOK'], sys.modules['d2lmini_hook']\n"
            "sys.modules['d2lmini'] = None  # import d2lmini fails\n"
            'sys.path.insert(0, %r)\nimport d2lmini_hook  # before mxnet\n' % str(tmp_path)
        ) + BOOK_ORDER
    check = (
        """
import json, sys, types, numpy
before = dict(vars(numpy))
%s
import d2lmini_hook
from mxnet.numpy.multiarray import _NUMPY_ARRAY_FUNCTION_DICT as TABLE
after = dict(vars(numpy))
new = sorted(set(after) - set(before))
submodules = [k for k in new if isinstance(after[k], types.ModuleType)
              and after[k].__name__ == 'numpy.' + k]
a = mx.np.array([[1.0, 0.0], [2.5, 3.0]])
print(json.dumps({
    'removed': sorted(set(before) - set(after)),
    'new': [k for k in new if k not in submodules],
    'changed': sorted(k for k in before if k in after and after[k] is not before[k]),
    'stand_ins_left': [k for k in d2lmini_hook.numpy2_stand_ins(numpy)
                       if k in vars(numpy)],
    'dispatch': [type(f(a)).__module__ for f in (numpy.any, numpy.round, numpy.prod,
                                                 numpy.all, numpy.sum)],
    # the mxnet function each numpy function dispatches to: sometrue, round_
    # and product, registered later, would take over any, round and prod
    'implementations': [TABLE[f].__name__ for f in (numpy.any, numpy.round, numpy.prod)],
    'values': [bool(numpy.any(a)), numpy.round(a).tolist(), float(numpy.prod(a))],
    'pyplot_imported': 'matplotlib.pyplot' in sys.modules,  # d2l.plt is lazy
    'loader': type(mx.__loader__).__name__,  # mxnet's own, not the hook's
    'hook': d2lmini_hook.__file__,
}))
"""
        % imports
    )
    env = {'IPYTHONDIR': str(tmp_path), **({'D2LMINI_NO_HOOK': '1'} if book else {})}
    proc = run(check, env)  # IPYTHONDIR: the shell's profile
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stderr == ''
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result['removed'] == result['new'] == result['changed'] == []
    assert result['stand_ins_left'] == []
    assert result['dispatch'] == ['mxnet.numpy'] * 5
    assert result['implementations'] == ['any', 'round', 'prod']
    assert result['pyplot_imported'] is book
    assert result['hook'] == str((tmp_path if book else ROOT) / 'd2lmini_hook.py')
    assert result['values'] == [True, [[1.0, 0.0], [2.0, 3.0]], 0.0]
    assert result['loader'] == 'SourceFileLoader'


def test_the_start_up_hook_is_in_every_process_and_light(tmp_path):
    """Installed with d2lmini (make's editable install here), the hook runs
    in any Python of the environment, from any folder, without importing
    numpy; outside a kernel `import mxnet` brings in nothing of d2lmini's."""
    check = """
import json, sys
at_start = {'finder': [type(f).__name__ if not isinstance(f, type) else f.__name__
                       for f in sys.meta_path],
            'heavy': sorted(m for m in ('numpy', 'mxnet', 'd2lmini', 'IPython')
                            if m in sys.modules)}
import mxnet
print(json.dumps(dict(at_start, after=sorted(m for m in ('d2lmini', 'IPython')
                                             if m in sys.modules))))
"""
    env = {
        k: v
        for k, v in os.environ.items()
        if k != 'PYTHONPATH' and not k.startswith('D2LMINI_NO_')
    }
    proc = subprocess.run(
        [sys.executable, '-c', check],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    assert 'MxnetFinder' in result['finder']
    assert result['heavy'] == [] and result['after'] == []


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
    import d2lmini_hook

    fake = types.ModuleType('numpy')
    fake.__version__ = version
    if has_bool:
        fake.bool = numpy.bool
    monkeypatch.setitem(sys.modules, 'numpy', fake)
    assert d2lmini_hook.alias_numpy_bool() is aliased
    assert vars(fake).get('bool') is (bool if aliased else numpy.bool if has_bool else None)


def test_the_stand_ins_behave_as_numpy_1_did():
    """What numpy 1 gave under each name (their being one function each, as
    mxnet's dispatch table needs: test_numpy_is_exactly_numpy_after_import)."""
    import d2lmini_hook

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


@pytest.mark.skipif(not PYTHON37.exists(), reason='no Python 3.7 here')
def test_a_real_python_37_is_told_which_versions_work():
    code, line = last_line('', python=PYTHON37)
    assert code == 1
    assert line.startswith('ImportError: d2lmini: Python 3.7 is not supported')


def test_make_stops_on_an_unsupported_python(monkeypatch, capsys):
    from tools import check_python

    monkeypatch.setattr(sys, 'version_info', (3, 15, 0, 'final', 0))
    assert check_python.main([]) == 1
    message = capsys.readouterr().err
    assert message.startswith('d2lmini: Python 3.15 (')
    assert 'works on Python 3.11, 3.12, 3.13, 3.14.' in message
