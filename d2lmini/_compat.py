"""Import MXNet 1.9.1, the book's engine, on today's numpy, Python and IPython.

MXNet 1.9.1 (2022) is the last release. It needs a few things that today's
stack removed; `import d2lmini` supplies exactly those, then imports mxnet:

- Names numpy 2 removed, and numpy.bool on numpy 1.24-1.26: mxnet is
  imported through d2lmini_hook's finder (../d2lmini_hook.py), which puts
  them back for the length of mxnet's import only. Installing d2lmini
  installs that finder at start-up (d2lmini_hook.pth), so the book's own
  ``from mxnet import autograd, nd`` works too, with no d2lmini line before
  it. ``NUMPY_BOOL_ALIASED`` says whether numpy.bool was set.
- ``distutils``: removed from Python 3.12 (PEP 632); mxnet imports it.
  ``setuptools`` provides it (a dependency of d2lmini on 3.12+).
- In a notebook kernel: the book's ``IPython.display.set_matplotlib_formats``
  and a banner that leaves ``random`` alone, set up by d2lmini_hook too.

``D2LMINI_NO_HOOK=1`` turns all of that off. What cannot be fixed (no mxnet,
no distutils, a name a future numpy removes that d2lmini_hook does not put
back) stops with an ImportError that says what is wrong and what to do,
instead of a traceback from inside mxnet. (The Python version: pip installs
d2lmini only where pyproject.toml's requires-python allows.)

A helper copied into your own code needs the same before ``import mxnet``:
copy ../d2lmini_hook.py beside it and import it first.
"""

from __future__ import annotations

import re

import d2lmini_hook

FIX = (
    "in the d2lmini checkout run 'make lab' or 'make test'; for your own "
    "environment see the README's 'Use your own environment'"
)


def removed_name(err: BaseException) -> str | None:
    """The numpy name an error from inside `import mxnet` complains of."""
    match = re.search(r"`np\.(\w+)` was removed|module 'numpy' has no attribute '(\w+)'", str(err))
    return match and (match.group(1) or match.group(2))


def import_mxnet():
    """Import mxnet through d2lmini_hook's finder, and turn the known ways it
    fails into advice."""
    d2lmini_hook.install()  # there already where d2lmini is installed
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
        import numpy

        # mxnet wraps errors of its numpy registration in RuntimeError
        name = removed_name(err)
        if name is None or hasattr(numpy, name):
            raise
        opt_out = d2lmini_hook.opted_out()
        if opt_out and name in d2lmini_hook.numpy2_stand_ins(numpy):
            advice = 'd2lmini puts it back while mxnet imports unless %s=1 is set: unset it.'
            if opt_out != d2lmini_hook.OPT_OUT:  # an old name: say what it is now
                advice = advice[:-1] + ' (%s=1 is its name now).' % d2lmini_hook.OPT_OUT
            raise ImportError(
                'd2lmini: mxnet 1.9.1 reads numpy.%s, which numpy %s does not have. '
                % (name, numpy.__version__)
                + advice % opt_out
            ) from None
        raise ImportError(
            'd2lmini: mxnet 1.9.1 reads numpy.%s, which numpy %s does not have and '
            "d2lmini does not put back. Fix: pip install 'numpy<%s' (an older numpy "
            "still has it), and tell d2lmini's maintainers."
            % (name, numpy.__version__, numpy.__version__)
        ) from None
    return mxnet


mx = import_mxnet()
NUMPY_BOOL_ALIASED = d2lmini_hook.NUMPY_BOOL_ALIASED
d2lmini_hook.fix_ipython()  # mxnet may have come in before the hook's finder
