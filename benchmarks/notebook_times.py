"""In-kernel run time of each notebook: the sum of its cells' execution
times, as the kernel reports them (kernel start-up not included).

Usage: python benchmarks/notebook_times.py notebooks/*.ipynb
"""
from __future__ import annotations

import datetime
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from conftest import KERNEL_ARGS, KernelManager, kernel_env  # noqa: E402


def seconds(cell) -> float:
    stamps = cell.metadata['execution']
    start, end = (datetime.datetime.fromisoformat(stamps[key].replace('Z', '+00:00'))
                  for key in ('iopub.execute_input', 'shell.execute_reply'))
    return (end - start).total_seconds()


def main(paths: list[str]) -> None:
    print('%-46s %10s %10s' % ('notebook', 'in-kernel', 'with start'))
    for path in map(pathlib.Path, paths):
        nb = nbformat.read(path, as_version=4)  # executed in memory, not saved
        km = KernelManager(kernel_name=CURRENT_ENV_KERNEL_NAME,
                           kernel_spec_manager=NbvalKernelspecManager())
        client = NotebookClient(nb, km=km, timeout=600, record_timing=True,
                                extra_arguments=KERNEL_ARGS,
                                resources={'metadata': {'path': str(path.parent)}})
        start = time.perf_counter()
        try:
            client.execute(env=kernel_env())
        finally:  # we own km, so nbclient leaves it running
            km.shutdown_kernel()
        wall = time.perf_counter() - start
        in_kernel = sum(seconds(c) for c in nb.cells if c.cell_type == 'code')
        print('%-46s %9.2fs %9.2fs' % (path.name, in_kernel, wall), flush=True)


if __name__ == '__main__':
    main(sys.argv[1:])
