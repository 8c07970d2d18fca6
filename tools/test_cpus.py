"""make test-cpus: every stored text output, whichever float32 kernels
mxnet's OpenBLAS picks (docs/stack-traps.md, kernel trap 5).

Strict nbval on each English notebook (tools/run_notebooks.py --check:
figures counted, not compared) with OPENBLAS_CORETYPE unset and set to each
core type below; exits 1 unless every setting passes. OpenBLAS falls back
to other kernels where the CPU lacks the ones a setting names, so a setting
may repeat another's kernels: it is run all the same.

    python -m tools.test_cpus [notebooks/NN-*.ipynb ...]
"""

from __future__ import annotations

import os
import pathlib
import sys
import time

from tools.editions import runnable
from tools.run_notebooks import check

# '' is OPENBLAS_CORETYPE unset: the kernels OpenBLAS picks for this CPU.
CORETYPES = ['', 'Prescott', 'Nehalem', 'Sandybridge', 'Haswell', 'SkylakeX']


def main(argv: list[str]) -> int:
    start = time.monotonic()
    paths = [pathlib.Path(arg) for arg in argv] or runnable('en')
    results = {}
    for coretype in CORETYPES:
        label = 'OPENBLAS_CORETYPE=' + (coretype or '(unset)')
        print('==', label, flush=True)
        # notebook kernels inherit it (tools/kernel.py)
        env = {k: v for k, v in os.environ.items() if k != 'OPENBLAS_CORETYPE'}
        results[label] = check(
            paths, env=dict(env, OPENBLAS_CORETYPE=coretype) if coretype else env
        )
    for label, passed in results.items():
        print('%-30s %s' % (label, 'as stored' if passed else 'DIFFERS (see above)'))
    print(
        '%d of %d settings as stored, %.0f s'
        % (sum(results.values()), len(results), time.monotonic() - start)
    )
    return 0 if all(results.values()) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
