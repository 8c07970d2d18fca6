"""The nbval harness: this stack's traps, shown on a tiny notebook.

tests/nbfixtures/traps.ipynb holds one cell per trap, with the output Jupyter
shows, and one wrong stored output. `make test` runs it like every notebook
(in parallel with the others), with the d2lmini_nbval plugin, and passes;
its wrong cell is xfail(strict). Here the same notebook runs under plain
nbval 0.11 twice: with the plugin off, to show that each trap is real (if
an upstream fix lands, a test here says so and the workaround can go), and
as a teacher runs it, the installed plugin on, no conftest, no sanitize
file. And tools/run_notebooks.py (`make notebooks`) must store what the
strict run expects, the same bytes every time.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import nbformat
import pytest

from tools import run_notebooks

ROOT = pathlib.Path(__file__).resolve().parents[1]
TRAPS = ROOT / 'tests' / 'nbfixtures' / 'traps.ipynb'
CELLS = ['semicolon', 'c_stderr', 'address', 'wrong_output']  # code cells, in order


def plain_nbval(folder: pathlib.Path, *plugins_off: str) -> subprocess.Popen:
    """Start plain nbval on a copy of the fixture in `folder`."""
    shutil.copy(TRAPS, folder / 'traps.ipynb')
    # Unix sockets, so this runs with the network cut too; no trap is fixed.
    (folder / 'ipc_only.py').write_text(
        'import nbval.kernel\nfrom tools.kernel import KernelManager\n'
        'nbval.kernel.KernelManager = KernelManager\n'
    )
    off = ['cacheprovider', 'anyio', 'hypothesispytest', 'xdist', *plugins_off]
    # plain nbval writes IPython history to HOME; no bytecode for ipc_only.py
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE='1', HOME=str(folder))
    env.pop('PYTEST_ADDOPTS', None)
    return subprocess.Popen(
        [sys.executable, '-m', 'pytest', '--nbval', *(f'-pno:{name}' for name in off)]
        + ['-p', 'ipc_only', '--rootdir', str(folder), '--junitxml', str(folder / 'report.xml')]
        + [str(folder / 'traps.ipynb')],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )


def outcome(case: ET.Element) -> str:
    """A cell's outcome in a run's report (a kernel that did not start is an
    error, not a trap shown)."""
    failure = case.find('failure')
    if case.find('error') is not None:
        return 'error'
    if failure is None:
        return 'passed'
    return 'outputs differ' if 'Cell outputs differ' in failure.get('message', '') else 'failed'


def outcomes(folder: pathlib.Path) -> dict[str, str]:
    cases = ET.parse(folder / 'report.xml').iter('testcase')
    return {CELLS[int(case.get('name').split()[-1])]: outcome(case) for case in cases}


@pytest.fixture(scope='module')
def runs(tmp_path_factory):
    """Plain nbval on the fixture without and with the plugin, started at
    once; meanwhile, what `make notebooks` does with each notebook, on two
    copies of its first two cells and a print that reaches the kernel's
    client as two messages."""
    plain, teacher = tmp_path_factory.mktemp('plain'), tmp_path_factory.mktemp('teacher')
    plain_run = plain_nbval(plain, 'd2lmini')
    teacher_run = plain_nbval(teacher)

    regen = tmp_path_factory.mktemp('regen')
    nb = nbformat.read(TRAPS, as_version=4)
    nb.cells = [c for c in nb.cells if c.cell_type == 'code'][:2]
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "import time\nprint('a', flush=True)\ntime.sleep(0.2)\nprint('b')", id='chunked-print'
        )
    )
    copies = [regen / 'a.ipynb', regen / 'b.ipynb']
    for path in copies:
        nbformat.write(nb, path)
        run_notebooks.run(path)
    plain_run.wait(timeout=300)
    teacher_run.wait(timeout=300)
    return outcomes(plain), [path.read_bytes() for path in copies], outcomes(teacher)


def test_each_trap_is_real_under_plain_nbval(runs):
    """make test passes the trap cells; plain nbval 0.11 finds their outputs
    differ from what Jupyter shows, and the wrong stored output too."""
    assert runs[0] == dict.fromkeys(CELLS, 'outputs differ')


def test_a_teachers_plain_nbval_with_the_plugin_shows_what_jupyter_shows(runs):
    """The plugin installed with d2lmini, nothing else of this checkout's
    (ipc_only only changes the transport): the trap cells pass."""
    assert runs[2] == dict(
        semicolon='passed',
        c_stderr='passed',
        address='outputs differ',
        wrong_output='outputs differ',
    )


def test_make_notebooks_is_reproducible(runs):
    """Executed twice, the same bytes: streams coalesced into one output per
    name, execution counts 1..n. (Figures: strict nbval compares the SVG that
    make notebooks stored in notebook 03, drawn by the book's own code, with
    a fresh one. Memory addresses would change the bytes: notebooks must not
    print them; the sanitize file only keeps a stray one from failing the
    tests.)"""
    first, second = runs[1]
    assert first == second
    cells = nbformat.reads(first, as_version=4).cells
    assert [c.execution_count for c in cells] == [1, 2, 3]
    assert [o['text'] for o in cells[2].outputs] == ['a\nb\n']


def test_make_notebooks_stores_what_the_strict_run_expects(runs):
    """The outputs make notebooks stores for the trap cells are the fixture's
    stored ones, which strict nbval with our set-up accepts in make test."""
    stored = [
        c.outputs for c in nbformat.read(TRAPS, as_version=4).cells if c.cell_type == 'code'
    ][:2]
    regenerated = [c.outputs for c in nbformat.reads(runs[1][0], as_version=4).cells][:2]
    assert regenerated == stored
