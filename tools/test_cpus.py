"""make test-cpus: every stored text output, whichever float32 kernels
mxnet's OpenBLAS picks.

mxnet bundles its own OpenBLAS (0.3.13, DYNAMIC_ARCH), which picks its
kernels by CPU when it loads, and sums of float32 change in their last bits
with the kernels (issue 20). The notebooks print only what float32
reproduces; this runs each English notebook with OPENBLAS_CORETYPE unset
and set to each core type below, and exits 1 unless every cell ran and every
text output equals the stored one. Unlike `run_notebooks.py --check` it
goes on after a difference and lists every differing cell (0-based index).

A setting is not always the kernels it names: OpenBLAS falls back to other
kernels where the CPU or its build lacks them (mxnet's 0.3.13 runs Haswell
kernels for SkylakeX on an AMD Zen 4), and numpy's own OpenBLAS, which the
notebooks' float64 code uses, may choose otherwise. A probe prints which
kernels each library really loads under each setting; a setting that loads
the very same pair as one before it would compute the same bits, so it is
reported and not run again.

Two notebooks at a time (2 cores), the longest first across all settings,
so no setting waits for another's slowest notebook.

    python -m tools.test_cpus [notebooks/NN-*.ipynb ...]
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import nbformat

from tools.editions import runnable
from tools.run_notebooks import differing_cells, execute

# '' is OPENBLAS_CORETYPE unset: the kernels OpenBLAS picks for this CPU.
CORETYPES = ['', 'Prescott', 'Nehalem', 'Sandybridge', 'Haswell', 'SkylakeX']

# Prints e.g. "mxnet Haswell, numpy SkylakeX": each OpenBLAS loaded by
# `from mxnet import nd`, asked for the kernels it chose.
PROBE = r"""
import ctypes, d2lmini
from mxnet import nd
nd.dot(nd.ones((1, 3)), nd.ones((3, 1))).wait_to_read()
names = []
for path in sorted({line.split()[-1] for line in open('/proc/self/maps')
                    if 'openblas' in line and '.so' in line}):
    lib = ctypes.CDLL(path)
    owner = 'mxnet' if '/mxnet/' in path else 'numpy'
    for symbol in ('openblas_get_corename', 'scipy_openblas_get_corename64_',
                   'scipy_openblas_get_corename'):
        if hasattr(lib, symbol):
            getattr(lib, symbol).restype = ctypes.c_char_p
            names.append('%s %s' % (owner, getattr(lib, symbol)().decode()))
            break
    else:
        names.append('%s unknown' % owner)
print(', '.join(names))
"""


def label(coretype: str) -> str:
    return 'OPENBLAS_CORETYPE=' + (coretype or '(unset)')


def set_coretype(environ, coretype: str) -> None:
    """OPENBLAS_CORETYPE in `environ` set to `coretype`, or unset for ''."""
    environ.pop('OPENBLAS_CORETYPE', None)
    if coretype:
        environ['OPENBLAS_CORETYPE'] = coretype


def kernels_loaded(coretype: str) -> str | None:
    """Which kernels mxnet's and numpy's OpenBLAS load under `coretype`
    (None if the probe could not tell)."""
    env = dict(os.environ)
    set_coretype(env, coretype)
    done = subprocess.run([sys.executable, '-c', PROBE], env=env, capture_output=True, text=True)
    names = done.stdout.strip()
    if done.returncode or not names.startswith('mxnet ') or 'unknown' in names:
        return None
    return names


def differences(path: pathlib.Path, coretype: str) -> list[str]:
    """Execute `path` (not written) under `coretype`; each output that
    differs from the stored one, by cell."""
    # execute() starts the kernel with kernel_env() (tools/kernel.py), a copy of
    # this worker's environment; a worker runs one notebook at a time.
    set_coretype(os.environ, coretype)
    stored = nbformat.read(path, as_version=4)
    try:
        fresh = execute(path)
    except Exception as err:  # a cell raised (a failed assert too)
        return ['a cell raised:\n' + str(err)[-1500:]]
    return differing_cells(stored, fresh)


def main(argv: list[str]) -> int:
    start = time.monotonic()
    paths = [pathlib.Path(arg) for arg in argv] or runnable('en')
    with ProcessPoolExecutor(2) as pool:
        loaded = dict(zip(CORETYPES, pool.map(kernels_loaded, CORETYPES)))
    settings, first = [], {}
    for coretype in CORETYPES:
        names = loaded[coretype]
        if names is not None and names in first:
            print('%-30s loads %s: as %s, not run again' % (label(coretype), names, first[names]))
            continue
        print('%-30s loads %s' % (label(coretype), names or 'kernels the probe could not tell'))
        first.setdefault(names, label(coretype))
        settings.append(coretype)
    # the notebooks' stored sizes stand in for their run times
    jobs = sorted(
        ((path, coretype) for path in paths for coretype in settings),
        key=lambda job: -job[0].stat().st_size,
    )
    with ProcessPoolExecutor(2) as pool:
        results = dict(zip(jobs, pool.map(differences, *zip(*jobs))))
    failed = 0
    for path in paths:
        for coretype in settings:
            found = results[path, coretype]
            failed += bool(found)
            print('%s, %s: %s' % (path.name, label(coretype), 'DIFFERS' if found else 'as stored'))
            for text in found:
                print('  ' + text)
    print(
        '%d of %d runs as stored (%d notebooks, %d settings), %.0f s'
        % (len(jobs) - failed, len(jobs), len(paths), len(settings), time.monotonic() - start)
    )
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
