"""Re-execute notebooks in place, as `make notebooks` does; or check them.

The kernel is started exactly as under nbval (tools/kernel.py), so the
outputs stored here are the ones `make test` expects. Metadata is reduced
to what every reader shares, and running this twice changes nothing.

Usage: python -m tools.run_notebooks [NOTEBOOK ...]
       python -m tools.run_notebooks --check [--kernel NAME] [NOTEBOOK ...]

With no NOTEBOOK, every English one this Python can run (tools/editions.py).
--check: strict nbval with figures counted (check() below); --kernel: a
kernelspec on JUPYTER_PATH, as tools/test_own_env.sh runs a learner's own
environment, instead of this interpreter.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import tempfile

import nbformat
from nbclient import NotebookClient
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager

from d2lmini_nbval import KERNEL_ARGS, kernel_env
from tools.editions import runnable
from tools.kernel import SANITIZE, KernelManager

ROOT = pathlib.Path(__file__).resolve().parents[1]
KERNELSPEC = {'name': 'python3', 'display_name': 'Python 3 (ipykernel)', 'language': 'python'}
# nbval sanitizes stored and fresh outputs alike: every SVG figure becomes
# the same text, so only how many figures each cell draws is compared.
FIGURES_COUNTED = """
[figures: counted, not compared]
regex: ^<\\?xml[\\s\\S]*</svg>\\s*$
replace: SVG FIGURE
"""


def execute(path: pathlib.Path, record_timing=False, kernel=None, nb=None, before_cell=None):
    """Execute the notebook at `path` (or `nb`, read from there) in a kernel
    started as under nbval (this interpreter's, or the kernelspec named
    `kernel`), calling before_cell(kernel client, cell) before each cell."""
    nb = nbformat.read(path, as_version=4) if nb is None else nb
    if kernel is None:
        km = KernelManager(
            kernel_name=CURRENT_ENV_KERNEL_NAME, kernel_spec_manager=NbvalKernelspecManager()
        )
    else:
        km = KernelManager(kernel_name=kernel)
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
        on_cell_execute=before_cell and (lambda cell, **_: before_cell(client.kc, cell)),
    )
    try:  # cleanup_kc: stop the client's channels too (else ResourceWarnings)
        client.execute(env=kernel_env(), cleanup_kc=True)
    finally:  # nbclient stops the kernel only if execute got that far
        if km.has_kernel:
            km.shutdown_kernel()
    return nb


def run(path: pathlib.Path) -> None:
    """Execute in place, keeping only metadata every reader shares."""
    nb = execute(path)
    nb.metadata = {'kernelspec': KERNELSPEC, 'language_info': {'name': 'python'}}
    for cell in nb.cells:
        cell.metadata.pop('execution', None)
    nbformat.write(nb, path)


def check(paths, kernel: str | None = None, env: dict | None = None) -> bool:
    """Strict nbval, two notebooks at a time, on `paths` in this
    interpreter's kernel or the kernelspec `kernel`, figures counted, not
    compared (another matplotlib draws other SVG bytes); pytest prints each
    cell that differs. True if every cell ran as stored."""
    with tempfile.TemporaryDirectory(prefix='d2lmini-check-') as folder:
        sanitize = pathlib.Path(folder, 'sanitize.cfg')
        sanitize.write_text(SANITIZE.read_text() + FIGURES_COUNTED)
        # addopts emptied: pyproject.toml's --nbval-current-env would win
        # over --nbval-kernel-name, and its doctests and unit tests are not
        # what is checked here
        command = [sys.executable, '-m', 'pytest', '-o', 'addopts=', '-p', 'no:cacheprovider']
        command += ['-p', 'no:anyio', '-q', '-n', '2', '--dist', 'loadscope', '--nbval']
        command += ['--nbval-kernel-name', kernel] if kernel else ['--nbval-current-env']
        command += ['--nbval-sanitize-with', str(sanitize), *map(str, paths)]
        return subprocess.run(command, cwd=ROOT, env=env or os.environ).returncode == 0


def main(argv: list[str]) -> int:
    kernel = None
    if argv[:1] == ['--check'] and argv[1:2] == ['--kernel']:
        kernel, argv = argv[2], ['--check'] + argv[3:]
    if argv[:1] == ['--check']:
        return 0 if check([pathlib.Path(a) for a in argv[1:]] or runnable('en'), kernel) else 1
    for path in [pathlib.Path(arg) for arg in argv] or runnable('en'):
        print('executing', path, flush=True)
        run(path)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
