"""Re-execute notebooks in place, as `make notebooks` does.

The kernel is started exactly as under nbval (see ../conftest.py), so the
outputs stored here are the ones `make test` expects. Metadata is reduced
to what every reader shares, and running this twice changes nothing.

Usage: python tools/run_notebooks.py notebooks/*.ipynb
"""

from __future__ import annotations

import pathlib
import sys

import nbformat
from nbclient import NotebookClient
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from conftest import KERNEL_ARGS, KernelManager, kernel_env  # noqa: E402

KERNELSPEC = {'name': 'python3', 'display_name': 'Python 3 (ipykernel)', 'language': 'python'}


def execute(path: pathlib.Path, record_timing: bool = False):
    """Execute the notebook at `path` in a kernel started as under nbval."""
    nb = nbformat.read(path, as_version=4)
    km = KernelManager(
        kernel_name=CURRENT_ENV_KERNEL_NAME, kernel_spec_manager=NbvalKernelspecManager()
    )
    # coalesce_streams: how a print is split into messages depends on timing;
    # one stream output per name keeps the stored bytes the same every run.
    client = NotebookClient(
        nb,
        km=km,
        timeout=600,
        record_timing=record_timing,
        coalesce_streams=True,
        extra_arguments=KERNEL_ARGS,
        resources={'metadata': {'path': str(path.parent)}},
    )
    try:
        client.execute(env=kernel_env())
    finally:  # we own km, so nbclient leaves it running
        km.shutdown_kernel()
    return nb


def run(path: pathlib.Path) -> None:
    """Execute in place, keeping only metadata every reader shares."""
    nb = execute(path)
    nb.metadata = {'kernelspec': KERNELSPEC, 'language_info': {'name': 'python'}}
    for cell in nb.cells:
        cell.metadata.pop('execution', None)
    nbformat.write(nb, path)


if __name__ == '__main__':
    for arg in sys.argv[1:]:
        print('executing', arg, flush=True)
        run(pathlib.Path(arg))
