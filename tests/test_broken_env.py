"""A broken environment stops with advice, not a traceback from mxnet.

Each case runs `import d2lmini` in a fresh interpreter with the condition
simulated in-process before the import, and checks the last line the user
sees.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

# Facts about the pinned stack: `make test` reruns these only when their inputs
# change (STACK_INPUTS in the Makefile); `make test-stack` always.
pytestmark = pytest.mark.stack

ROOT = pathlib.Path(__file__).resolve().parents[1]
PYENV = pathlib.Path(os.environ.get('PYENV_ROOT', pathlib.Path.home() / '.pyenv'))
PYTHON37 = PYENV / 'versions/3.7.16/bin/python3'

# numpy 1.23 still serves numpy.bool through a deprecation; these lines make
# it behave as numpy 1.24+ does (the alias gone, AttributeError instead).
NUMPY_124 = """
import numpy
numpy.__version__ = '1.24.0'
numpy.__dict__.pop('bool', None)
getattr(numpy, '__deprecated_attrs__', {}).pop('bool', None)
getattr(numpy, '__former_attrs__', {})['bool'] = 'np.bool was removed'
"""


def run(code: str, env=None, python=sys.executable):
    """Run `code` in a fresh interpreter that imports d2lmini from here."""
    base = {k: v for k, v in os.environ.items() if k != 'D2LMINI_NO_NUMPY_ALIAS'}
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


@pytest.mark.parametrize(
    'setup, env, expected',
    [
        pytest.param(
            NUMPY_124,
            {'D2LMINI_NO_NUMPY_ALIAS': '1'},
            'ImportError: d2lmini: mxnet 1.9.1 reads numpy.bool, which '
            'numpy 1.24.0 no longer has (removed in 1.24). d2lmini adds '
            'it back unless D2LMINI_NO_NUMPY_ALIAS=1 is set',
            id='numpy>=1.24 without the alias',
        ),
        pytest.param(
            "import numpy\nnumpy.__version__ = '2.1.0'",
            None,
            'ImportError: d2lmini: numpy 2.1.0 is installed, but MXNet 1.9.1 needs numpy < 2',
            id='numpy 2',
        ),
        pytest.param(
            "import sys\nsys.modules['mxnet'] = None",
            None,
            'ImportError: d2lmini: mxnet is not installed. Fix: in the '
            "d2lmini checkout run 'make lab' or 'make test', or pip "
            "install 'mxnet==1.9.1'",
            id='no mxnet',
        ),
        pytest.param(
            "import sys\nsys.modules['distutils'] = None",
            None,
            'ImportError: d2lmini: mxnet 1.9.1 imports distutils, which '
            "Python 3.12 removed. Fix: in the d2lmini checkout run 'make "
            "lab' or 'make test', or pip install 'setuptools'",
            id='no distutils',
        ),
        pytest.param(
            "import sys\nsys.version_info = (3, 14, 0, 'final', 0)",
            None,
            'ImportError: d2lmini: Python 3.14 is not supported: MXNet '
            '1.9.1 runs on Python 3.8 to 3.13.',
            id='python 3.14',
        ),
        pytest.param(
            "import sys\nsys.version_info = (3, 7, 16, 'final', 0)",
            None,
            'ImportError: d2lmini: Python 3.7 is not supported: MXNet '
            '1.9.1 runs on Python 3.8 to 3.13.',
            id='python 3.7',
        ),
    ],
)
def test_broken_environment_says_what_and_how_to_fix(setup, env, expected):
    code, line = last_line(setup, env)
    assert code == 1
    assert line.startswith(expected)


def test_numpy_124_gets_the_alias_and_mxnet_works():
    """The fix itself: with numpy >= 1.24 behaviour, import d2lmini adds
    numpy.bool, nothing else, and mxnet computes."""
    check = (
        '\nimport d2lmini._compat as c, mxnet as mx, numpy'
        '\nassert c.NUMPY_BOOL_ALIASED and numpy.bool is bool'
        '\nprint(mx.nd.ones((2, 1)).sum().asscalar())'
    )
    proc = run(NUMPY_124 + check)
    assert proc.returncode == 0, proc.stderr[-1000:]
    assert proc.stdout.strip() == '2.0'


@pytest.mark.skipif(not PYTHON37.exists(), reason='no Python 3.7 here')
def test_a_real_python_37_is_told_which_versions_work():
    code, line = last_line('', python=PYTHON37)
    assert code == 1
    assert line.startswith('ImportError: d2lmini: Python 3.7 is not supported')


def test_make_stops_on_an_unsupported_python():
    proc = subprocess.run(
        [
            sys.executable,
            '-c',
            'import sys, runpy\n'
            "sys.version_info = (3, 14, 0, 'final', 0)\n"
            "sys.argv = ['check_python.py']\n"
            "runpy.run_path(%r, run_name='__main__')" % str(ROOT / 'tools' / 'check_python.py'),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith('d2lmini: Python 3.14 (')
    assert 'works on Python 3.11, 3.12, 3.13' in proc.stderr
