"""In-kernel run time of each notebook: the sum of its cells' execution
times, as the kernel reports them (kernel start-up not included).

Usage: python -m benchmarks.notebook_times [NOTEBOOK ...]   (default: every English one)
"""

from __future__ import annotations

import datetime
import pathlib
import sys
import time

from tools.editions import runnable
from tools.run_notebooks import execute


def seconds(cell) -> float:
    stamps = cell.metadata['execution']
    start, end = (
        datetime.datetime.fromisoformat(stamps[key].replace('Z', '+00:00'))
        for key in ('iopub.execute_input', 'shell.execute_reply')
    )
    return (end - start).total_seconds()


def main(paths: list[str]) -> None:
    print('%-46s %10s %10s' % ('notebook', 'in-kernel', 'with start'))
    for path in [pathlib.Path(p) for p in paths] or runnable('en'):
        start = time.perf_counter()
        nb = execute(path, record_timing=True)  # in memory, not saved
        wall = time.perf_counter() - start
        in_kernel = sum(seconds(c) for c in nb.cells if c.cell_type == 'code')
        print('%-46s %9.2fs %9.2fs' % (path.name, in_kernel, wall), flush=True)


if __name__ == '__main__':
    main(sys.argv[1:])
