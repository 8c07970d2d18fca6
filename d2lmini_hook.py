"""Every fix today's stack needs for MXNet 1.9.1 and the book's code.

Installing d2lmini puts d2lmini_hook.pth into site-packages, so every Python
process of that environment imports this module at start-up (the mechanism
coverage and editable installs use; its cost: `python -X importtime -c pass`).
It imports nothing Python has not already loaded, numpy least of all, and
only adds a finder to ``sys.meta_path`` that answers one import,
``import mxnet``. It never imports d2lmini (d2lmini imports it), so copied
beside a helper, this file alone gives every fix below.

- Names numpy 2 removed (NEP 52) that mxnet reads *while it is imported*:
  the constants PZERO, NZERO, PINF, NINF, Inf, NAN, NaN; the functions
  alltrue, sometrue, product, round_, msort, in1d, trapz; the financial
  functions mirr, npv, pmt, ppmt, pv, rate (NEP 32). mxnet never fixed this
  (apache/mxnet#21165; PRs #21213 and #21224 unmerged). Those missing are
  put back for the length of mxnet's own loader (its ``exec_module``), then
  deleted: afterwards numpy holds exactly its own names. No path the book
  uses reads them again. (Off those paths: gluon.contrib.estimator's
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
- In a notebook kernel (IPython loaded), once mxnet is in:
  ``IPython.display.set_matplotlib_formats``, which the book's 3.2 calls,
  is this module's (matplotlib_inline's, as IPython 7 had it) where IPython
  deprecated it (7.23, a warning on stderr, as on Colab's 7.34) or removed
  it (9, ipython#14658); and IPython's banner loses its tip: IPython 9 picks
  the tip with the global ``random`` (``IPython/core/tips.py``, ``pick_tip``)
  whenever the kernel answers a kernel_info_request, and JupyterLab sends
  those at any moment, so a notebook that seeded ``random`` drew other
  numbers on Restart and Run All.

``D2LMINI_NO_HOOK=1`` turns all of it off: nothing on ``sys.meta_path``, no
change to numpy or IPython. Its old names, ``D2LMINI_NO_NUMPY_ALIAS`` and
``D2LMINI_NO_IPYTHON_ALIAS``, do the same now. To use a copied helper
without d2lmini installed, copy this file beside it and import it (the
module ``d2lmini_hook``) before mxnet.

PYTEST_DONT_REWRITE: pytest rewrites the modules of a distribution that has
a pytest plugin (d2lmini_nbval), and warns about one imported before it, as
this one is at start-up; with the checkout's filterwarnings = error, a
teacher's nbval stopped there.
"""

import os
import sys

OPT_OUT = 'D2LMINI_NO_HOOK'
OLD_OPT_OUTS = ('D2LMINI_NO_NUMPY_ALIAS', 'D2LMINI_NO_IPYTHON_ALIAS')  # d2lmini 0.1

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

NUMPY_BOOL_ALIASED = False  # set when mxnet is imported; see alias_numpy_bool


def opted_out() -> str:
    """The variable that turns the hook off, if one is set to 1; else ''."""
    return next((name for name in (OPT_OUT, *OLD_OPT_OUTS) if os.environ.get(name) == '1'), '')


def alias_numpy_bool() -> bool:
    """Give numpy 1.24-1.26 back ``numpy.bool``; return True if we did."""
    import numpy

    if 'bool' in vars(numpy):
        return False
    major, minor = (int(part) for part in numpy.__version__.split('.')[:2])
    if (major, minor) < (1, 24):  # still there, behind a deprecation
        return False
    numpy.bool = bool  # what numpy.bool was before 1.24
    return True


def numpy2_stand_ins(numpy):
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

    stand_ins = dict(NUMPY2_CONSTANTS, msort=msort, in1d=in1d)
    stand_ins.update((old, renamed(old, new)) for old, new in NUMPY2_ALIASES.items())
    stand_ins.update((name, removed(name)) for name in NUMPY_FINANCIAL)
    return stand_ins


def missing_from(numpy, names):
    """The names numpy does not have (numpy 1.x still serves some through
    a deprecation warning in its __getattr__: those count as there)."""
    import warnings  # here: Python does not load it at start-up

    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return [name for name in names if not hasattr(numpy, name)]


def run_with_numpy_names(run):
    """Call run() with the names numpy 2 removed put back meanwhile; only
    those numpy lacks are added, and only they are removed again."""
    import numpy

    stand_ins = numpy2_stand_ins(numpy)
    added = missing_from(numpy, stand_ins)
    for name in added:
        setattr(numpy, name, stand_ins[name])
    try:
        return run()
    finally:
        for name in added:
            # equivalent mutant: pop(name) without the default does the same,
            # as each name was set just above and nothing deletes it since
            vars(numpy).pop(name, None)


class MxnetLoader:
    """mxnet's own loader, run with numpy's removed names put back."""

    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        global NUMPY_BOOL_ALIASED
        # mxnet sees its own loader, and nothing of ours stays on it
        module.__loader__ = module.__spec__.loader = self.loader
        if opted_out():  # set after start-up: mxnet as it is
            return self.loader.exec_module(module)
        NUMPY_BOOL_ALIASED = alias_numpy_bool() or NUMPY_BOOL_ALIASED
        run_with_numpy_names(lambda: self.loader.exec_module(module))
        fix_ipython()


# IPython deprecated display.set_matplotlib_formats in 7.23 (and removed it
# in 9): from there on this module's stands in.
IPYTHON_DEPRECATES_FORMATS = (7, 23)


def set_matplotlib_formats(*formats: str, **kwargs) -> None:
    """The book's ``IPython.display.set_matplotlib_formats`` (3.2.1): IPython 7's
    body, matplotlib_inline's function, without its deprecation warning.
    Outside IPython there is no inline display, and it does nothing.

    >>> set_matplotlib_formats('svg')  # in a notebook: figures as SVG
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    if get_ipython() is not None:
        from matplotlib_inline.backend_inline import set_matplotlib_formats as inline

        inline(*formats, **kwargs)


def fix_ipython() -> None:
    """In a notebook kernel (IPython loaded and running): the book's
    display.set_matplotlib_formats, and a banner that leaves ``random``
    alone (see the module's docstring). IPython before 9 has no tip to
    pick; before 7.23 its own set_matplotlib_formats stays."""
    ipython = sys.modules.get('IPython')
    get_ipython = getattr(ipython, 'get_ipython', None)
    shell = get_ipython and get_ipython()
    if shell is None or opted_out():
        return
    if getattr(shell, 'enable_tip', False):
        shell.enable_tip = False
    import IPython.display

    if tuple(ipython.version_info[:2]) >= IPYTHON_DEPRECATES_FORMATS or not hasattr(
        IPython.display, 'set_matplotlib_formats'
    ):
        IPython.display.set_matplotlib_formats = set_matplotlib_formats


class MxnetFinder:
    """On sys.meta_path, before Python's own finders: finds nothing itself;
    for `import mxnet` it asks the finders after it and wraps the loader
    they find."""

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if fullname != 'mxnet':
            return None
        after = sys.meta_path[sys.meta_path.index(cls) + 1 :]
        for finder in after:
            find_spec = getattr(finder, 'find_spec', None)
            spec = find_spec and find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        if not hasattr(spec.loader, 'exec_module'):
            return spec
        spec.loader = MxnetLoader(spec.loader)
        return spec


def install() -> None:
    if MxnetFinder not in sys.meta_path and not opted_out():
        sys.meta_path.insert(0, MxnetFinder)


install()
