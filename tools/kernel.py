"""How every notebook kernel is started: under nbval (../conftest.py applies
this), by `make notebooks` (tools/run_notebooks.py) and by `make lab`
(tools/jupyter_server_config.py), so stored and fresh outputs come from
identical kernels. The `# trap N` comments below answer the kernel traps of
docs/stack-traps.md, where each is explained once: 1 history, 2 C-level
stderr under pytest, 3 IPython's profile under $HOME, 4 TCP needs a network.
No OpenBLAS core type is forced (trap 5): kernels run what mxnet's OpenBLAS
picks for the CPU, as a learner's do, and the notebooks print only what
float32 reproduces on any CPU (`make test-cpus` checks six core types).
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

ROOT = pathlib.Path(__file__).resolve().parents[1]
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


def apply_to_nbval() -> None:
    """Make nbval start and drive kernels as above (importing does not)."""
    nbval.kernel.start_new_kernel = start_kernel
    nbval.kernel.KernelManager = KernelManager  # what start_new_kernel builds
    nbval.kernel.RunningKernel.execute_cell_input = execute_cell_input
