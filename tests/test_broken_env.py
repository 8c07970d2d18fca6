"""In fresh interpreters: a broken environment stops `import d2lmini` with
advice, not a traceback from mxnet; the start-up hook is in every process,
imports nothing heavy, and leaves numpy exactly numpy. (The whole of each
message, and the hook's parts, in-process: test_compat.py.)"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys

import numpy
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


def run(code: str, cwd: pathlib.Path, **env):
    """Run `code` in a fresh interpreter of this environment, from `cwd`,
    with no D2LMINI_NO_* variable but those in `env`."""
    base = {k: v for k, v in os.environ.items() if not k.startswith('D2LMINI_NO_')}
    return subprocess.run(
        [sys.executable, '-c', code],
        capture_output=True,
        text=True,
        env=dict(base, **env),
        cwd=cwd,
        timeout=120,
    )


# The condition, simulated before `import d2lmini`; the variables set; words
# of the last line.
@pytest.mark.parametrize(
    'setup, env, words',
    [
        ('', {'D2LMINI_NO_HOOK': '1'}, 'reads numpy.PZERO, which numpy %s' % numpy.__version__),
        # numpy.generic: read by mxnet's first module, so the process stops early
        ('import numpy\ndel numpy.generic', {}, 'd2lmini does not put back'),
        ("import sys\nsys.modules['mxnet'] = None", {}, 'mxnet is not installed'),
        ("import sys\nsys.modules['distutils'] = None", {}, 'imports distutils'),
    ],
    ids=['numpy 2 opted out', 'a numpy name d2lmini does not know', 'no mxnet', 'no distutils'],
)
def test_broken_environment_says_what_and_how_to_fix(setup, env, words, tmp_path):
    proc = run(setup + '\nimport d2lmini', tmp_path, **env)
    line = (proc.stderr.strip().splitlines() or [''])[-1]
    assert proc.returncode == 1
    assert line.startswith('ImportError: d2lmini: ') and words in line, line


# How mxnet comes in: first, through the start-up hook's finder, as in the
# book's code, then d2lmini; or in the book's 3.2 order in a kernel (`from
# IPython import display` ... `from mxnet import autograd, nd`), from a
# learner's copy of d2lmini_hook.py with d2lmini neither installed nor
# importable, where only that copy acts.
MXNET_FIRST = """
import mxnet as mx
assert not {'d2lmini', 'IPython'} & set(sys.modules)  # nothing of d2lmini's
import d2lmini
"""
BOOK_ORDER_COPIED_HOOK = """
import os, d2lmini_hook
assert d2lmini_hook.MxnetFinder not in sys.meta_path  # opted out at start-up
del os.environ['D2LMINI_NO_HOOK'], sys.modules['d2lmini_hook']
sys.modules['d2lmini'] = None  # import d2lmini fails
sys.path.insert(0, os.getcwd())  # the learner's folder
import d2lmini_hook  # the copy, before mxnet
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()  # what a kernel runs
from IPython import display
from matplotlib import pyplot as plt
from mxnet import autograd, nd
import mxnet as mx
# the book's display.set_matplotlib_formats('svg') and a tip-less banner,
# from the hook alone: it never imports d2lmini
assert display.set_matplotlib_formats is d2lmini_hook.set_matplotlib_formats
assert shell.enable_tip is False and not sys.modules.get('d2lmini')
"""
PROBE = """
import json, sys, types
start = {'finder': any(getattr(f, '__name__', '') == 'MxnetFinder' for f in sys.meta_path),
         'heavy': sorted({'numpy', 'mxnet', 'd2lmini', 'IPython'} & set(sys.modules))}
import numpy
before = dict(vars(numpy))
%s
import d2lmini_hook
from mxnet.numpy.multiarray import _NUMPY_ARRAY_FUNCTION_DICT as TABLE
after = dict(vars(numpy))
new = sorted(set(after) - set(before))
submodules = [k for k in new if isinstance(after[k], types.ModuleType)
              and after[k].__name__ == 'numpy.' + k]
a = mx.np.array([[1.0, 0.0], [2.5, 3.0]])
print(json.dumps(dict(start,
    removed=sorted(set(before) - set(after)),
    new=[k for k in new if k not in submodules],
    changed=sorted(k for k in before if k in after and after[k] is not before[k]),
    stand_ins_left=[k for k in d2lmini_hook.numpy2_stand_ins(numpy) if k in vars(numpy)],
    dispatch=[type(f(a)).__module__ for f in (numpy.any, numpy.round, numpy.prod,
                                              numpy.all, numpy.sum)],
    # the mxnet function each numpy function dispatches to: sometrue, round_
    # and product, registered later, would take over any, round and prod
    implementations=[TABLE[f].__name__ for f in (numpy.any, numpy.round, numpy.prod)],
    values=[bool(numpy.any(a)), numpy.round(a).tolist(), float(numpy.prod(a))],
    pyplot_imported='matplotlib.pyplot' in sys.modules,  # d2l.plt is lazy
    loader=type(mx.__loader__).__name__,  # mxnet's own, not the hook's
    hook=d2lmini_hook.__file__,
)))
"""


@pytest.mark.parametrize('book', [False, True], ids=['mxnet then d2lmini', 'book, copied hook'])
def test_the_start_up_hook_leaves_numpy_exactly_numpy(book, tmp_path):
    """Installed with d2lmini (make's editable install here), the hook runs
    in any Python of the environment, from any folder, without importing
    numpy. numpy 2's removed names exist only while mxnet imports: afterwards
    numpy has its own names and values (plus any submodule mxnet loaded),
    and np.any / np.round / np.prod still dispatch to mxnet's versions. In
    the book's order, D2LMINI_NO_HOOK=1 at start-up puts nothing on
    sys.meta_path, then the learner's copy gives every fix."""
    if book:
        shutil.copy(ROOT / 'd2lmini_hook.py', tmp_path)
    env = {'IPYTHONDIR': str(tmp_path), **({'D2LMINI_NO_HOOK': '1'} if book else {})}
    proc = run(PROBE % (BOOK_ORDER_COPIED_HOOK if book else MXNET_FIRST), tmp_path, **env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stderr == ''
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result['finder'] is not book and result['heavy'] == []
    assert result['removed'] == result['new'] == result['changed'] == []
    assert result['stand_ins_left'] == []
    assert result['dispatch'] == ['mxnet.numpy'] * 5
    assert result['implementations'] == ['any', 'round', 'prod']
    assert result['pyplot_imported'] is book
    assert result['hook'] == str((tmp_path if book else ROOT) / 'd2lmini_hook.py')
    assert result['values'] == [True, [[1.0, 0.0], [2.0, 3.0]], 0.0]
    assert result['loader'] == 'SourceFileLoader'
