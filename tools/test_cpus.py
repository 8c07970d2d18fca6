"""make test-cpus: every stored text output, whichever float32 kernels
mxnet's OpenBLAS picks.

mxnet bundles its own OpenBLAS (0.3.13, DYNAMIC_ARCH), which picks its
kernels by CPU when it loads, and sums of float32 change in their last bits
with the kernels (issue 20). The notebooks print only what float32
reproduces; this runs strict nbval on each English notebook
(tools/run_notebooks.py --check: figures counted, not compared) with
OPENBLAS_CORETYPE unset and set to each core type below, and exits 1 unless
every setting passes.

A setting is not always the kernels it names: OpenBLAS falls back to other
kernels where the CPU or its build lacks them (mxnet's 0.3.13 runs Haswell
kernels for SkylakeX on an AMD Zen 4), and numpy's own OpenBLAS, which the
notebooks' float64 code uses, may choose otherwise. A probe prints which
kernels each library really loads under each setting; a setting that loads
the very same pair as one before it would compute the same bits, so it is
reported and not run again.

    python -m tools.test_cpus [notebooks/NN-*.ipynb ...]
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import time

from tools.editions import runnable
from tools.run_notebooks import check

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


def environment(coretype: str) -> dict[str, str]:
    """This process's environment with OPENBLAS_CORETYPE set to `coretype`
    (unset for ''); notebook kernels inherit it (tools/kernel.py)."""
    env = {k: v for k, v in os.environ.items() if k != 'OPENBLAS_CORETYPE'}
    return dict(env, OPENBLAS_CORETYPE=coretype) if coretype else env


def kernels_loaded(coretype: str) -> str | None:
    """Which kernels mxnet's and numpy's OpenBLAS load under `coretype`
    (None if the probe could not tell)."""
    done = subprocess.run(
        [sys.executable, '-c', PROBE], env=environment(coretype), capture_output=True, text=True
    )
    names = done.stdout.strip()
    if done.returncode or not names.startswith('mxnet ') or 'unknown' in names:
        return None
    return names


def main(argv: list[str]) -> int:
    start = time.monotonic()
    paths = [pathlib.Path(arg) for arg in argv] or runnable('en')
    results, first = {}, {}
    for coretype in CORETYPES:
        label = 'OPENBLAS_CORETYPE=' + (coretype or '(unset)')
        names = kernels_loaded(coretype)
        if names is not None and names in first:
            print('== %s loads %s: as %s, not run again' % (label, names, first[names]))
            continue
        print('== %s loads %s' % (label, names or 'kernels the probe could not tell'), flush=True)
        first.setdefault(names, label)
        results[label] = check(paths, env=environment(coretype))
    for label, passed in results.items():
        print('%-30s %s' % (label, 'as stored' if passed else 'DIFFERS (see above)'))
    print(
        '%d of %d settings as stored, %.0f s'
        % (sum(results.values()), len(results), time.monotonic() - start)
    )
    return 0 if all(results.values()) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
