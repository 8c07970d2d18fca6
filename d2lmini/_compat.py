"""Import MXNet 1.9.1, the book's engine, on today's Python, or say why not.

MXNet 1.9.1 (2022) is the last release. Two things it needs are gone from
today's stack, and this module supplies exactly those, before mxnet loads:

- ``numpy.bool``: removed in numpy 1.24 (numpy#22021); mxnet reads it at
  import. We alias ``numpy.bool = bool`` only when the alias is missing and
  numpy is 1.24-1.26. Nothing else in numpy is touched.
- ``distutils``: removed from Python 3.12 (PEP 632); mxnet imports it.
  ``setuptools`` provides it, and requirements.txt pins setuptools there.

Anything we cannot fix (numpy 2, no mxnet, an unsupported Python) stops
with an ImportError that says what is wrong and how to fix it, instead of a
traceback from inside mxnet.
"""
from __future__ import annotations

import sys

SUPPORTED_PYTHON = ((3, 8), (3, 13))
PINS = ('numpy==1.23.5 on Python 3.8-3.11, numpy==1.26.4 on 3.12-3.13 '
        '(see requirements.txt)')
FIX = "run 'make lab' or 'make test' in the d2lmini checkout, or pip install "


def check_python(version: tuple[int, ...] = tuple(sys.version_info)) -> None:
    """Raise ImportError unless MXNet 1.9.1 can run on this Python."""
    low, high = SUPPORTED_PYTHON
    if not low <= tuple(version[:2]) <= high:
        raise ImportError(
            'd2lmini: Python %d.%d is not supported: MXNet 1.9.1 runs on '
            'Python %d.%d to %d.%d. Install one of those (3.11 is the '
            "project's default) and run: make test PYTHON=/path/to/python3.11"
            % (tuple(version[:2]) + low + high))


def alias_numpy_bool() -> bool:
    """Give numpy 1.24-1.26 back ``numpy.bool``; return True if we did.

    Raises ImportError for numpy 2, where mxnet 1.9.1 breaks further on.
    """
    import numpy
    major, minor = (int(part) for part in numpy.__version__.split('.')[:2])
    if major >= 2:
        raise ImportError(
            'd2lmini: numpy %s is installed, but MXNet 1.9.1 needs numpy < 2.'
            ' Fix: %s%r' % (numpy.__version__, FIX, 'numpy<2')
            + ' (the pins are ' + PINS + ').')
    if (major, minor) < (1, 24) or 'bool' in vars(numpy):
        return False  # numpy still has the alias (deprecated, but there)
    numpy.bool = bool  # what numpy.bool was before 1.24
    return True


def import_mxnet():
    """Import mxnet, turning the known ways it fails into advice."""
    try:
        import mxnet
    except ModuleNotFoundError as err:
        if err.name == 'mxnet':
            raise ImportError(
                "d2lmini: mxnet is not installed. Fix: %s'mxnet==1.9.1' "
                '(with %s).' % (FIX, PINS)) from None
        if err.name == 'distutils':
            raise ImportError(
                'd2lmini: mxnet 1.9.1 imports distutils, which Python 3.12 '
                "removed. Fix: %s'setuptools' (it provides distutils)."
                % FIX) from None
        raise
    return mxnet


check_python()
NUMPY_BOOL_ALIASED = alias_numpy_bool()
mx = import_mxnet()
