"""How this checkout's notebook kernels are started: under nbval
(../conftest.py), by `make notebooks` (tools/run_notebooks.py) and the
other tools. Everything a kernel needs to give the stored outputs is the
pytest plugin's (../d2lmini_nbval.py, kernel traps 1 to 3), so a teacher's
plain nbval gets it too; here only trap 4 of docs/stack-traps.md is added,
Unix sockets, so that the suite runs with the network cut (Unix only, so
not for teachers). No OpenBLAS core type is forced (trap 5): kernels run
what mxnet's OpenBLAS picks for the CPU, as a learner's do, and the
notebooks print only what float32 reproduces on any CPU (`make test-cpus`).
"""

from __future__ import annotations

import os
import pathlib
import uuid

from jupyter_client.manager import KernelManager as TCPKernelManager
from traitlets import CaselessStrEnum, default

from d2lmini_nbval import private_dir

SANITIZE = pathlib.Path(__file__).resolve().parents[1] / 'tests' / 'sanitize.cfg'


class KernelManager(TCPKernelManager):
    """jupyter_client's KernelManager over Unix sockets (trap 4)."""

    transport = CaselessStrEnum(['tcp', 'ipc'], default_value='ipc', config=True)

    @default('ip')
    def _default_ip(self):
        return os.path.join(private_dir(), 'kernel-' + uuid.uuid4().hex[:12])
