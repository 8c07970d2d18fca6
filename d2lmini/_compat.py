"""Import MXNet 1.9.1, the book's engine, on today's Python, or say why not.

MXNet 1.9.1 (2022) is the last release. Two things it needs are gone from
today's stack; `import d2lmini` supplies exactly those, before mxnet loads:

- ``numpy.bool``: removed in numpy 1.24 (numpy#22021); mxnet reads it at
  import (mxnet/numpy/utils.py). Where it is missing (numpy 1.24-1.26, as
  on Python 3.12+, which numpy 1.23 does not support) we set
  ``numpy.bool = bool``, what it was before. Nothing else in numpy is
  touched; ``d2lmini._compat.NUMPY_BOOL_ALIASED`` says whether we did, and
  ``D2LMINI_NO_NUMPY_ALIAS=1`` turns it off.
- ``distutils``: removed from Python 3.12 (PEP 632); mxnet imports it.
  ``setuptools`` provides it; requirements.txt pins it.

So a helper copied into your own code needs, on Python 3.12+, setuptools
installed and ``import numpy; numpy.bool = bool`` before ``import mxnet``.

What we cannot fix (numpy 2, no mxnet, an unsupported Python) stops with an
ImportError that says what is wrong and how to fix it, instead of a
traceback from inside mxnet.
"""

from __future__ import annotations

import os
import sys

SUPPORTED_PYTHON = ((3, 8), (3, 13))
PINS = (
    'numpy==1.23.5 on Python 3.8-3.11, numpy==1.26.4 on 3.12-3.13, as pinned in requirements.txt'
)
FIX = "in the d2lmini checkout run 'make lab' or 'make test', or pip install"


def check_python(version: tuple[int, ...] | None = None) -> None:
    """Raise ImportError unless MXNet 1.9.1 can run on this Python."""
    version = tuple((version or sys.version_info)[:2])
    low, high = SUPPORTED_PYTHON
    if not low <= version <= high:
        raise ImportError(
            'd2lmini: Python %d.%d is not supported: MXNet 1.9.1 runs on '
            'Python %d.%d to %d.%d. Install one of those (3.11 is the '
            "project's default) and run: make test PYTHON=/path/to/python3.11"
            % (version + low + high)
        )


def alias_numpy_bool() -> bool:
    """Give numpy 1.24-1.26 back ``numpy.bool``; return True if we did.

    Raises ImportError for numpy 2, which mxnet 1.9.1 cannot use.
    """
    import numpy

    major, minor = (int(part) for part in numpy.__version__.split('.')[:2])
    if major >= 2:
        raise ImportError(
            'd2lmini: numpy %s is installed, but MXNet 1.9.1 needs numpy < 2 '
            "(%s). Fix: %s 'numpy<2'." % (numpy.__version__, PINS, FIX)
        )
    if (
        (major, minor) < (1, 24)
        or 'bool' in vars(numpy)
        or os.environ.get('D2LMINI_NO_NUMPY_ALIAS') == '1'
    ):
        return False
    numpy.bool = bool  # what numpy.bool was before 1.24
    return True


def import_mxnet():
    """Import mxnet, turning the known ways it fails into advice."""
    try:
        import mxnet
    except ModuleNotFoundError as err:
        if err.name == 'mxnet':
            raise ImportError(
                "d2lmini: mxnet is not installed. Fix: %s 'mxnet==1.9.1' (with %s)." % (FIX, PINS)
            ) from None
        if (err.name or '').split('.')[0] == 'distutils':
            raise ImportError(
                'd2lmini: mxnet 1.9.1 imports distutils, which Python 3.12 '
                "removed. Fix: %s 'setuptools' (it provides distutils)." % FIX
            ) from None
        raise
    except AttributeError:
        import numpy

        if 'bool' in vars(numpy):
            raise
        raise ImportError(
            'd2lmini: mxnet 1.9.1 reads numpy.bool, which numpy %s no longer '
            'has (removed in 1.24). d2lmini adds it back unless '
            'D2LMINI_NO_NUMPY_ALIAS=1 is set: unset it, or %s numpy==1.23.5 '
            '(Python <= 3.11).' % (numpy.__version__, FIX)
        ) from None
    return mxnet


check_python()
NUMPY_BOOL_ALIASED = alias_numpy_bool()
mx = import_mxnet()
