"""How every notebook kernel is started, for nbval and for `make notebooks`.

This file sits at the top of the repository so that pytest loads it however
it is called (`make test`, or `pytest notebooks/01-...ipynb`).
tools/run_notebooks.py imports it, so the outputs stored by `make notebooks`
and the fresh ones nbval compares them with come from identical kernels.
Each setting below answers a trap of this stack:

1. nbval 0.11 executes cells with store_history=False (nbval#194), and
   IPython 8.15+ then shows the value of a cell ending in `;`
   (ipython#14162). We execute as Jupyter does, store_history=True, and keep
   that history in memory: no history.sqlite is written, and parallel
   kernels (-n 2) do not lock one file.
2. ipykernel 7 stops capturing C-level stderr (MXNet's C++ log lines) when
   PYTEST_CURRENT_TEST is set (ipykernel/iostream.py), so a notebook saved
   outside pytest and the same notebook under nbval would differ. The
   kernel never sees that variable.
3. IPython writes its profile under $HOME unless IPYTHONDIR says otherwise;
   kernels get a throw-away one, removed when the process exits.
4. Kernels talk to pytest over TCP on 127.0.0.1 by default, which needs a
   network: under `unshare -n` (no network, loopback down) they never start.
   Unix sockets (transport='ipc') in the same throw-away directory need none.

No OpenBLAS core type is forced: kernels run the float32 kernels mxnet's
OpenBLAS picks for the CPU, as a learner's kernel does, and the notebooks
print only digits that every kernel set reproduces (make test-cpus runs them
under six settings of OPENBLAS_CORETYPE; issue 20).
"""

from __future__ import annotations

import atexit
import os
import pathlib
import shutil
import tempfile
import uuid

import nbval.kernel
from jupyter_client.manager import KernelManager as TCPKernelManager
from traitlets import CaselessStrEnum, default

ROOT = pathlib.Path(__file__).resolve().parent
SANITIZE = ROOT / 'tests' / 'sanitize.cfg'
KERNEL_ARGS = ['--HistoryManager.hist_file=:memory:']  # trap 1
_private_dir: list[str] = []


def private_dir() -> str:
    """One throw-away directory per process (traps 3 and 4)."""
    if not _private_dir:
        _private_dir.append(tempfile.mkdtemp(prefix='d2lmini-kernels-'))
        atexit.register(shutil.rmtree, _private_dir[0], True)
    return _private_dir[0]


class KernelManager(TCPKernelManager):
    """jupyter_client's KernelManager over Unix sockets (trap 4)."""

    transport = CaselessStrEnum(['tcp', 'ipc'], default_value='ipc', config=True)

    @default('ip')
    def _default_ip(self):
        return os.path.join(private_dir(), 'kernel-' + uuid.uuid4().hex[:12])


def kernel_env() -> dict[str, str]:
    """The environment every notebook kernel starts with."""
    env = dict(
        os.environ,
        IPYTHONDIR=os.path.join(private_dir(), 'ipython'),
        # figures inline even if the caller's shell sets MPLBACKEND
        MPLBACKEND='module://matplotlib_inline.backend_inline',
    )
    env.pop('PYTEST_CURRENT_TEST', None)  # trap 2
    return env


def start_kernel(**kwargs):
    """nbval's start_new_kernel, with our arguments and environment."""
    kwargs.update(env=kernel_env(), extra_arguments=KERNEL_ARGS)
    return _nbval_start_new_kernel(**kwargs)


def execute_cell_input(self, cell_input, allow_stdin=None):
    """nbval's RunningKernel.execute_cell_input, storing history (trap 1)."""
    return self.kc.execute(
        cell_input, store_history=True, allow_stdin=allow_stdin, stop_on_error=False
    )


_nbval_start_new_kernel = nbval.kernel.start_new_kernel


def pytest_configure(config):
    """Apply the settings above to nbval (importing this file does not)."""
    nbval.kernel.start_new_kernel = start_kernel
    nbval.kernel.KernelManager = KernelManager  # what start_new_kernel builds
    nbval.kernel.RunningKernel.execute_cell_input = execute_cell_input
    # An absolute path, so the suite also runs from outside the checkout.
    if config.option.nbval_sanitize_with is None:
        config.option.nbval_sanitize_with = str(SANITIZE)
