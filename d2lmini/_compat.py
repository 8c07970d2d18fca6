"""Import MXNet 1.9.1, the book's engine, on today's numpy and Python.

MXNet 1.9.1 (2022) is the last release. It needs a few things that today's
stack removed; `import d2lmini` supplies exactly those, then imports mxnet:

- Names numpy 2 removed (NEP 52) that mxnet reads *while it is imported*:
  the constants PZERO, NZERO, PINF, NINF, Inf, NAN, NaN; the functions
  alltrue, sometrue, product, round_, msort, in1d, trapz; the financial
  functions mirr, npv, pmt, ppmt, pv, rate (NEP 32). mxnet never fixed this
  (apache/mxnet#21165; PRs #21213 and #21224 unmerged). Those missing are
  put back for the length of `import mxnet` only, then deleted: afterwards
  numpy holds exactly its own names. No path the book uses reads them
  again. (Off those paths: gluon.contrib.estimator's
  CheckpointHandler(save_best=True) and EarlyStoppingHandler read
  numpy.Inf, mx.np.pad needs numpy.compat, recordio.pack calls tostring.)
  Each put-back function is a function of its own: mxnet keys its
  ``__array_function__`` table by function object and registers sometrue,
  round_ and product after any, round and prod, so the same objects would
  replace those entries (np.any on an mx.np array would go to mxnet's
  sometrue).
- ``numpy.bool``: removed in numpy 1.24 (numpy#22021), back in numpy 2.
  mxnet reads it at import and when indexing mx.np arrays with booleans, so
  on numpy 1.24-1.26 it is set to ``bool`` (what it was) for good.
  ``NUMPY_BOOL_ALIASED`` says whether that happened.
- ``distutils``: removed from Python 3.12 (PEP 632); mxnet imports it.
  ``setuptools`` provides it (a dependency of d2lmini on 3.12+).
- ``IPython.display.set_matplotlib_formats``: removed in IPython 9
  (ipython#14658); the book's 3.2 calls it. Where IPython is loaded (in a
  notebook kernel) and lacks it, d2lmini.plot.set_matplotlib_formats goes
  there under the old name: the modern function, with reproducible SVG.
  ``IPYTHON_FORMATS_ALIASED`` says whether that happened;
  ``D2LMINI_NO_IPYTHON_ALIAS=1`` turns it off.

``D2LMINI_NO_NUMPY_ALIAS=1`` turns off all changes to numpy. What cannot be
fixed (no mxnet, no distutils, an unsupported Python, a name a future numpy
removes that is not in the list above) stops with an ImportError that says
what is wrong and what to do, instead of a traceback from inside mxnet.

A helper copied into your own code needs the same before ``import mxnet``:
copy this file beside it and import it first (it imports mxnet itself).
"""

from __future__ import annotations

import os
import re
import sys
import warnings

SUPPORTED_PYTHON = ((3, 8), (3, 14))
FIX = (
    "in the d2lmini checkout run 'make lab' or 'make test'; for your own "
    "environment see the README's 'Use your own environment'"
)
OPT_OUT = 'D2LMINI_NO_NUMPY_ALIAS'

# Removed in numpy 2 and read by `import mxnet` (1.9.1): constants, and
# functions under their old name -> what they were an alias of.
NUMPY2_CONSTANTS = {
    'PZERO': 0.0,
    'NZERO': -0.0,
    'PINF': float('inf'),
    'NINF': float('-inf'),
    'Inf': float('inf'),
    'NAN': float('nan'),
    'NaN': float('nan'),
}
NUMPY2_ALIASES = {
    'alltrue': 'all',
    'sometrue': 'any',
    'product': 'prod',
    'round_': 'round',
    'trapz': 'trapezoid',
}
NUMPY_FINANCIAL = ('mirr', 'npv', 'pmt', 'ppmt', 'pv', 'rate')  # NEP 32


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


def opted_out() -> bool:
    return os.environ.get(OPT_OUT) == '1'


def alias_numpy_bool() -> bool:
    """Give numpy 1.24-1.26 back ``numpy.bool``; return True if we did."""
    import numpy

    if 'bool' in vars(numpy) or opted_out():
        return False
    major, minor = (int(part) for part in numpy.__version__.split('.')[:2])
    if (major, minor) < (1, 24):  # still there, behind a deprecation
        return False
    numpy.bool = bool  # what numpy.bool was before 1.24
    return True


def numpy2_stand_ins(numpy) -> dict[str, object]:
    """What numpy 2 removed that `import mxnet` reads, as numpy 1 had it."""

    def renamed(old: str, new: str):
        def function(*args, **kwargs):
            return getattr(numpy, new)(*args, **kwargs)

        function.__name__ = function.__qualname__ = old
        function.__doc__ = 'numpy.%s, removed in numpy 2: use numpy.%s.' % (old, new)
        return function

    def removed(name: str):  # numpy 1.20-1.23 kept such stubs (NEP 32)
        def function(*args, **kwargs):
            raise RuntimeError(
                'numpy.%s was removed in numpy 1.20 (NEP 32): use numpy_financial.%s'
                % (name, name)
            )

        function.__name__ = function.__qualname__ = name
        return function

    def msort(a):
        return numpy.sort(a, axis=0)

    def in1d(ar1, ar2, *args, **kwargs):
        return numpy.isin(numpy.asarray(ar1).ravel(), ar2, *args, **kwargs)

    stand_ins: dict[str, object] = dict(NUMPY2_CONSTANTS, msort=msort, in1d=in1d)
    stand_ins.update((old, renamed(old, new)) for old, new in NUMPY2_ALIASES.items())
    stand_ins.update((name, removed(name)) for name in NUMPY_FINANCIAL)
    return stand_ins


def missing_from(numpy, names) -> list[str]:
    """The names numpy does not have (numpy 1.x still serves some through
    a deprecation warning in its __getattr__: those count as there)."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return [name for name in names if not hasattr(numpy, name)]


def removed_name(err: BaseException) -> str | None:
    """The numpy name an error from inside `import mxnet` complains of."""
    match = re.search(r"`np\.(\w+)` was removed|module 'numpy' has no attribute '(\w+)'", str(err))
    return match and (match.group(1) or match.group(2))


def import_mxnet():
    """Import mxnet, with numpy 2's removed names put back meanwhile, and
    turn the known ways it fails into advice."""
    import numpy

    stand_ins = {} if opted_out() else numpy2_stand_ins(numpy)
    added = missing_from(numpy, stand_ins)
    for name in added:
        setattr(numpy, name, stand_ins[name])
    try:
        import mxnet
    except ModuleNotFoundError as err:
        if err.name == 'mxnet':
            raise ImportError('d2lmini: mxnet is not installed. Fix: %s.' % FIX) from None
        if (err.name or '').split('.')[0] == 'distutils':
            raise ImportError(
                'd2lmini: mxnet 1.9.1 imports distutils, which Python 3.12 '
                "removed. Fix: %s; or pip install 'setuptools' (it provides distutils)." % FIX
            ) from None
        raise
    except (AttributeError, RuntimeError) as err:
        # mxnet wraps errors of its numpy registration in RuntimeError
        name = removed_name(err)
        if name is None or hasattr(numpy, name):
            raise
        if opted_out():
            advice = 'd2lmini puts it back while mxnet imports unless %s=1 is set: unset it.'
            raise ImportError(
                'd2lmini: mxnet 1.9.1 reads numpy.%s, which numpy %s does not have. '
                % (name, numpy.__version__)
                + advice % OPT_OUT
            ) from None
        raise ImportError(
            'd2lmini: mxnet 1.9.1 reads numpy.%s, which numpy %s does not have and '
            "d2lmini does not put back. Fix: pip install 'numpy<%s' (an older numpy "
            "still has it), and tell d2lmini's maintainers."
            % (name, numpy.__version__, numpy.__version__)
        ) from None
    finally:
        for name in added:
            vars(numpy).pop(name, None)
    return mxnet


def alias_set_matplotlib_formats() -> bool:
    """Put d2lmini's set_matplotlib_formats into IPython.display where IPython
    is loaded and no longer has it; return True if we did."""
    if os.environ.get('D2LMINI_NO_IPYTHON_ALIAS') == '1' or 'IPython' not in sys.modules:
        return False  # no IPython loaded: nothing to display inline, no import cost
    import IPython.display

    if hasattr(IPython.display, 'set_matplotlib_formats'):
        return False
    from d2lmini.plot import set_matplotlib_formats

    IPython.display.set_matplotlib_formats = set_matplotlib_formats
    return True


check_python()
NUMPY_BOOL_ALIASED = alias_numpy_bool()
mx = import_mxnet()
IPYTHON_FORMATS_ALIASED = alias_set_matplotlib_formats()
