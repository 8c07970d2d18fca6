"""make test-colab: d2lmini on Google Colab's runtime, installed as the README
tells a Colab user, then every notebook and the book's own code run there.

In a new Python 3.13 environment holding Colab's packages
(tools/colab-requirements.txt), the README's Colab cell (the python block
after `<!-- colab-cell -->`) runs in a notebook kernel with `%pip`, its
repository URL pointed at this checkout's last commit: pip must print no
ERROR and leave every package it found at its version (`pip freeze --all`
before and after, in build/colab/ with pip's output). Then, each in a fresh
kernel: strict nbval on every notebook (figures counted, not compared), and
the book's 2.3, 3.2 and 3.3 code as printed (tests/bookcode/), checked as
tools/bookcode.py says (3.2 and 3.3 train w and b to within 0.01).

Installs from PyPI, so it is not part of `make test`. Run from the checkout:
    .venv/bin/python -m tools.test_colab [--readme FILE]
"""

from __future__ import annotations

import contextlib
import glob
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

import nbformat
from nbclient.exceptions import CellExecutionError

from tools import bookcode, editions
from tools.run_notebooks import check, execute

ROOT = pathlib.Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / 'tools' / 'colab-requirements.txt'
# Colab's list is from August 2026: the packages it does not quote resolve as
# they were then, not as the newest on PyPI today (reproducible, and no
# newer than a real Colab runtime could hold).
LIST_DATE = '2026-09-01'
COLAB_PYTHON = (3, 13)
KERNEL = 'd2lmini-colab'
OUT = ROOT / 'build' / 'colab'
# ANSI colours: pip's (Colab shows ERROR in red), IPython's tracebacks.
ANSI = re.compile(r'\x1b\[[0-9;?]*[A-Za-z]')


def find_python() -> str:
    """Python 3.13: $COLAB_PYTHON, pyenv's newest 3.13, or python3.13."""
    pyenv = sorted(glob.glob(os.path.expanduser('~/.pyenv/versions/3.13.*/bin/python3')))
    is_colabs = 'import sys; sys.exit(sys.version_info[:2] != %r)' % (COLAB_PYTHON,)
    for python in [os.environ.get('COLAB_PYTHON'), *pyenv[::-1], shutil.which('python3.13')]:
        with contextlib.suppress(OSError):
            if python and subprocess.run([python, '-c', is_colabs]).returncode == 0:
                return python
    raise SystemExit('test-colab: no Python 3.13 found (Colab runs 3.13): set COLAB_PYTHON')


def readme_cell(readme: pathlib.Path) -> str:
    """The python block right after `<!-- colab-cell -->` in `readme`."""
    text = readme.read_text(encoding='utf-8')
    found = re.search(r'<!-- colab-cell -->\s*```python\n(.*?)\n```', text, re.S)
    if not found:
        raise SystemExit('test-colab: %s has no <!-- colab-cell --> python block' % readme)
    return found.group(1)


def local_cell(cell: str) -> str:
    """`cell` with its one repository URL pointing at this checkout: pip
    clones its last commit, as it would clone GitHub's."""
    urls = re.findall(r'git\+https://\S+', cell)
    if len(urls) != 1:
        raise ValueError(
            'the Colab cell must name the repository once as git+https://..., '
            'found %r in %r' % (urls, cell)
        )
    return cell.replace(urls[0], 'git+file://%s' % ROOT)


def freeze(python: str, path: pathlib.Path) -> set[str]:
    """`pip freeze --all` of `python`, written to `path`: its lines."""
    out = subprocess.run(
        [python, '-m', 'pip', 'freeze', '--all'], capture_output=True, text=True, check=True
    ).stdout
    path.write_text(out)
    return set(out.splitlines())


def install(cell: str, work: pathlib.Path) -> str:
    """Run the Colab cell in a kernel of the environment; what it printed,
    colours removed."""
    path = work / 'install.ipynb'
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)]), path)
    outputs = execute(path, kernel=KERNEL).cells[0].outputs  # raises if the cell raises
    return ANSI.sub(
        '', ''.join(o.get('text') or o.get('data', {}).get('text/plain', '') for o in outputs)
    )


def main(argv: list[str]) -> int:
    readme = ROOT / 'README.md'
    if argv[:1] == ['--readme'] and len(argv) == 2:
        readme = pathlib.Path(argv[1])
    elif argv:
        raise SystemExit(__doc__)
    start = time.monotonic()

    def lap(what: str) -> None:
        print('== %s (%.0f s since the start)' % (what, time.monotonic() - start), flush=True)

    cell = readme_cell(readme)
    python = find_python()
    OUT.mkdir(parents=True, exist_ok=True)
    work = pathlib.Path(tempfile.mkdtemp(prefix='d2lmini-colab-'))
    failed = []
    try:
        env = work / 'env'
        colab = str(env / 'bin' / 'python')
        uv = [sys.executable, '-m', 'uv']
        subprocess.run(uv + ['venv', '-q', '--python', python, str(env)], check=True)
        pins = ['-q', '--python', colab, '--exclude-newer', LIST_DATE, '-r', str(REQUIREMENTS)]
        subprocess.run(uv + ['pip', 'install', *pins], check=True)
        lap("Colab's packages (%s) on %s" % (REQUIREMENTS.name, python))
        before = freeze(colab, OUT / 'pip-freeze-before.txt')
        kernel = ['install', '--prefix', str(work / 'kernel'), '--name', KERNEL]
        subprocess.run([colab, '-m', 'ipykernel', *kernel], check=True, capture_output=True)
        # pytest's processes and their kernels inherit what is set here
        os.environ['JUPYTER_PATH'] = str(work / 'kernel' / 'share' / 'jupyter')
        # ipykernel 6's debugpy on Python 3.11+ warns about frozen modules on
        # the kernel process's own stderr (the harness's log, never a cell).
        os.environ['PYDEVD_DISABLE_FILE_VALIDATION'] = '1'
        # One OpenMP/OpenBLAS thread a kernel, as make test runs them: two
        # kernels share the cores (no output depends on the thread count).
        os.environ.setdefault('OMP_NUM_THREADS', '1')

        local = local_cell(cell)
        print("== the README's Colab cell, as run here:\n" + local, flush=True)
        text = install(local, work)
        (OUT / 'pip-install.txt').write_text(text)
        errors = [line for line in text.splitlines() if line.lstrip().startswith('ERROR')]
        failed += ['pip printed (build/colab/pip-install.txt): ' + line for line in errors]
        lap('the Colab cell ran (its output: build/colab/pip-install.txt)')

        after = freeze(colab, OUT / 'pip-freeze-after.txt')
        print(
            'pip freeze: %d before, %d after; added: %s'
            % (len(before), len(after), ' '.join(sorted(after - before)))
        )
        # a package there before must keep its version (or its source URL)
        failed += ['pip freeze: %s changed or removed' % line for line in sorted(before - after)]

        if not check(editions.runnable('en'), KERNEL):
            failed.append('notebooks: strict nbval failed (see above)')
        for section in sorted(bookcode.CHECK):
            try:
                found = bookcode.problems(
                    bookcode.run(bookcode.cells(section), work, KERNEL).cells
                )
            except CellExecutionError as err:  # names the cell, with the traceback
                found = ['a cell raised\n' + str(err)[-2000:]]
            print("the book's %s: %s" % (section, ANSI.sub('', '\n'.join(found)) or 'as printed'))
            failed += ['tests/bookcode/%s.txt' % section] if found else []
        lap('notebooks and book code run after a restart')
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failed:
        print('== test-colab: FAILED\n' + '\n'.join('  ' + f for f in failed))
        return 1
    print('== test-colab: passed')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
