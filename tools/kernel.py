"""How every notebook kernel is started: under nbval (../conftest.py applies
this), by `make notebooks` (tools/run_notebooks.py) and by `make lab`
(tools/jupyter_server_config.py), so stored and fresh outputs come from
identical kernels. Each setting below answers a trap of this stack:

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
5. The OpenBLAS inside mxnet picks its float32 kernels by CPU, and their
   results differ in the last digit: on a Sapphire Rapids (AVX-512 FP16)
   three outputs of notebooks 01 and 05 print other digits than on an AVX2
   CPU. Kernels run OpenBLAS's Haswell (AVX2) kernels wherever the CPU has
   AVX2 and FMA, so stored outputs are the same on any such x86-64 CPU. A
   value already set is kept (some machines set one to avoid a faulty kernel).
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


def cpu_has_avx2() -> bool:
    """Linux x86-64 with AVX2 and FMA: OpenBLAS's Haswell kernels run."""
    try:
        flags = pathlib.Path('/proc/cpuinfo').read_text().split()
    except OSError:
        return False
    return 'avx2' in flags and 'fma' in flags


def kernel_env() -> dict[str, str]:
    """The environment every notebook kernel starts with."""
    env = dict(
        os.environ,
        IPYTHONDIR=os.path.join(private_dir(), 'ipython'),
        # figures inline even if the caller's shell sets MPLBACKEND
        MPLBACKEND='module://matplotlib_inline.backend_inline',
    )
    env.pop('PYTEST_CURRENT_TEST', None)  # trap 2
    if cpu_has_avx2():
        env.setdefault('OPENBLAS_CORETYPE', 'Haswell')  # trap 5
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
