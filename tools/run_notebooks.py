"""Re-execute notebooks in place, as `make notebooks` does; or check them.

The kernel is started exactly as under nbval (tools/kernel.py), so the
outputs stored here are the ones `make test` expects. Metadata is reduced
to what every reader shares, and running this twice changes nothing.

Usage: python -m tools.run_notebooks [NOTEBOOK ...]
       python -m tools.run_notebooks --check [--kernel NAME] [NOTEBOOK ...]

With no NOTEBOOK, every English one this Python can run (tools/editions.py).

--check executes the notebooks, two at a time, without writing them, and
exits 1 unless every cell ran and every text output equals the stored one
(figures are counted, not compared: another matplotlib draws other SVG bytes). --kernel runs a
kernelspec found on JUPYTER_PATH instead of this interpreter: how
tools/test_own_env.sh runs the notebooks in a learner's own environment.
"""

from __future__ import annotations

import pathlib
import sys
from concurrent.futures import ProcessPoolExecutor

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager

from tools.editions import runnable
from tools.kernel import KERNEL_ARGS, KernelManager, kernel_env

KERNELSPEC = {'name': 'python3', 'display_name': 'Python 3 (ipykernel)', 'language': 'python'}


def execute(path: pathlib.Path, record_timing: bool = False, kernel: str | None = None, nb=None):
    """Execute the notebook at `path` (or `nb`, read from there) in a kernel
    started as under nbval (this interpreter's, or the kernelspec named `kernel`)."""
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


def comparable(output) -> dict:
    """An output as strict nbval compares it, from nbformat or from
    JupyterLab's model: text joined, figures reduced to their MIME type,
    display metadata left out."""
    output = dict(output)
    if isinstance(output.get('text'), list):
        output['text'] = ''.join(output['text'])
    if 'data' in output:
        output['data'] = {
            k: k if k.startswith('image/') else ''.join(v) if isinstance(v, list) else v
            for k, v in output['data'].items()
        }
    output.pop('metadata', None)
    output.pop('transient', None)
    # A cell that raises on purpose: strict nbval compares ename and evalue,
    # not the traceback, whose frames each IPython (Colab's 7.34) draws its way.
    output.pop('traceback', None)
    return output


def differing_cells(stored, fresh) -> list[str]:
    """Each cell of the notebook `fresh` whose outputs, as strict nbval
    compares them, differ from those `stored`, with both."""
    found = []
    for index, (want, got) in enumerate(zip(stored.cells, fresh.cells)):
        want_out = [comparable(out) for out in want.get('outputs', [])]
        got_out = [comparable(out) for out in got.get('outputs', [])]
        if want_out != got_out:
            found.append(
                'cell %d printed\n%s\n  where the stored output is\n%s'
                % (index, render(got_out), render(want_out))
            )
    return found


def render(outputs: list[dict]) -> str:
    return '\n'.join(
        '    ' + str(out.get('text', out.get('data', out))).rstrip('\n').replace('\n', '\n    ')
        for out in outputs
    )


def check(path: pathlib.Path, kernel: str | None) -> tuple[bool, str]:
    """Execute `path` (not written); (outputs as stored?, what to print)."""
    stored = nbformat.read(path, as_version=4)
    try:
        fresh = execute(path, kernel=kernel)
    except CellExecutionError as err:
        return False, '  FAILED: a cell raised\n' + str(err)[-2000:]
    found = differing_cells(stored, fresh)
    if found:
        return False, '  FAILED: ' + '\n  FAILED: '.join(found)
    count = sum(len(cell.get('outputs', [])) for cell in stored.cells)
    return True, '  every text output as stored (%d outputs)' % count


def main(argv: list[str]) -> int:
    kernel = None
    if argv[:1] == ['--check'] and argv[1:2] == ['--kernel']:
        kernel, argv = argv[2], ['--check'] + argv[3:]
    if argv[:1] == ['--check']:
        # two notebooks at a time, each in its own process and kernel
        paths = [pathlib.Path(arg) for arg in argv[1:]] or runnable('en')
        with ProcessPoolExecutor(2) as pool:
            results = list(pool.map(check, paths, [kernel] * len(paths)))
        for path, (ok, report) in zip(paths, results):
            print('checked %s\n%s' % (path, report))
        passed = sum(ok for ok, _ in results)
        print('%d of %d notebooks as stored' % (passed, len(results)))
        return 0 if passed == len(results) else 1
    for path in [pathlib.Path(arg) for arg in argv] or runnable('en'):
        print('executing', path, flush=True)
        run(path)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
