"""A pytest plugin, installed with d2lmini: under nbval, kernels run the
notebooks as JupyterLab runs them, so plain ``python -m pytest --nbval``
gives the outputs the notebooks store, on a teacher's CI as in `make test`.

pytest loads it in every run (the ``pytest11`` entry point in pyproject.toml);
it acts only when ``--nbval`` or ``--nbval-lax`` is given. A module of its
own, outside the d2lmini package, whose import brings in mxnet. The fix is
here, in the process that drives the kernels, because that is where nbval
departs from Jupyter: the learner's kernels need none of it.
`make notebooks` starts its kernels the same way (tools/kernel.py), so stored
and fresh outputs come from identical kernels. docs/stack-traps.md explains
each trap once, by the number in the comments here.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import tempfile

# Figures: the same SVG bytes on every run, set by the kernel, not by the
# notebook: fixed ids (hashsalt) and no Date (SOURCE_DATE_EPOCH would write
# one into every figure). This file is also the kernel's config file (its
# end): older traitlets (5.7, on Colab) warn on stderr of a dict given on the
# command line. make lab's kernels get these too.
FIGURE_ARGS = ['--config=' + os.path.abspath(__file__)]
KERNEL_ARGS = ['--HistoryManager.hist_file=:memory:', *FIGURE_ARGS]  # trap 1
_private_dir: list[str] = []


def private_dir() -> str:
    """One throw-away directory per process (trap 3)."""
    if not _private_dir:
        _private_dir.append(tempfile.mkdtemp(prefix='d2lmini-kernels-'))
        atexit.register(shutil.rmtree, _private_dir[0], True)
    return _private_dir[0]


def kernel_env() -> dict[str, str]:
    """The environment every notebook kernel starts with."""
    env = dict(
        os.environ,
        IPYTHONDIR=os.path.join(private_dir(), 'ipython'),  # trap 3
        # figures inline, as stored, even where CI sets MPLBACKEND=Agg
        MPLBACKEND='module://matplotlib_inline.backend_inline',
    )
    env.pop('PYTEST_CURRENT_TEST', None)  # trap 2
    return env


def execute_cell_input(self, cell_input, allow_stdin=None):
    """nbval's RunningKernel.execute_cell_input, storing history as Jupyter
    does (trap 1: nbval#194, ipython#14162)."""
    return self.kc.execute(
        cell_input, store_history=True, allow_stdin=allow_stdin, stop_on_error=False
    )


def missing(nb) -> list[str]:
    """The packages a notebook needs (a code cell tagged ``needs-NAME``: notebook
    12 runs PyTorch) that this Python cannot import."""
    tags = {t for cell in nb.cells for t in cell.get('metadata', {}).get('tags', [])}
    needed = sorted(t[len('needs-') :] for t in tags if t.startswith('needs-'))
    return [name for name in needed if importlib.util.find_spec(name) is None]


def nbval_on(config) -> bool:
    return bool(config.getoption('nbval', False) or config.getoption('nbval_lax', False))


def pytest_collection_modifyitems(config, items):
    """Under nbval, a notebook that needs a package this Python lacks is
    skipped, each cell with the reason, instead of failing at its import."""
    if not nbval_on(config):
        return
    import pytest  # here: this file is also a kernel's config file

    for item in items:
        nb = getattr(item.parent, 'nb', None)
        lacking = missing(nb) if nb is not None else []
        if lacking:
            reason = '%s needs %s, which this Python lacks: pip install %s' % (
                item.parent.path.name,
                ', '.join(lacking),
                ' '.join(lacking),
            )
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_configure(config):
    if not nbval_on(config):
        return
    import nbval.kernel

    start_new_kernel = getattr(
        nbval.kernel.start_new_kernel, 'nbval', nbval.kernel.start_new_kernel
    )

    def start_kernel(**kwargs):
        """nbval's start_new_kernel, with the arguments and environment above."""
        kwargs.update(env=kernel_env(), extra_arguments=KERNEL_ARGS)
        return start_new_kernel(**kwargs)

    start_kernel.nbval = start_new_kernel  # wrapped once however often configured
    nbval.kernel.start_new_kernel = start_kernel
    nbval.kernel.RunningKernel.execute_cell_input = execute_cell_input


if 'get_config' in globals():  # read by IPython as a config file: FIGURE_ARGS
    c = get_config()  # noqa: F821
    c.InlineBackend.rc = {'svg.hashsalt': 'd2lmini'}
    c.InlineBackend.print_figure_kwargs = {'bbox_inches': 'tight', 'metadata': {'Date': None}}
