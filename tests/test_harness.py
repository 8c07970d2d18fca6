"""The nbval harness: this stack's traps, shown on a tiny notebook.

tests/nbfixtures/traps.ipynb holds one cell per trap, with the output Jupyter
shows, and one wrong stored output. `make test` runs it like every notebook
(in parallel with the others), with the kernel set-up of tools/kernel.py, and
passes; its wrong cell is xfail(strict). Here the same notebook runs under
plain nbval 0.11 to show that each trap is real: if an upstream fix lands, a
test here says so and the workaround can go. And tools/run_notebooks.py
(`make notebooks`) must store what that strict run expects, the same way
every time.
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

ROOT = pathlib.Path(__file__).resolve().parents[1]
TRAPS = ROOT / 'tests' / 'nbfixtures' / 'traps.ipynb'
CELLS = ['semicolon', 'c_stderr', 'address', 'wrong_output']  # code cells, in order


def start(args, directory: pathlib.Path, **env):
    # no bytecode for the modules these runs write into temporary folders
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE='1', **env)
    env.pop('PYTEST_ADDOPTS', None)
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=directory,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )


@pytest.fixture(scope='module')
def runs(tmp_path_factory):
    """Start both jobs at once: plain nbval on a copy of the fixture, and
    `make notebooks`'s script on two copies of its first two cells plus a
    print that reaches the kernel's client as two messages."""
    plain = tmp_path_factory.mktemp('plain')
    shutil.copy(TRAPS, plain / 'traps.ipynb')
    # Unix sockets, so this runs with the network cut too; no trap is fixed.
    (plain / 'ipc_only.py').write_text(
        'import nbval.kernel\nfrom tools.kernel import KernelManager\n'
        'nbval.kernel.KernelManager = KernelManager\n'
    )
    # nbval alone: the other installed plugins off
    plugins_off = '-p no:cacheprovider -p no:anyio -p no:hypothesispytest -p no:xdist'
    plain_run = start(
        ['-m', 'pytest', '--nbval', '--nbval-current-env', *plugins_off.split(), '-p', 'ipc_only']
        + ['--rootdir', str(plain), '--junitxml', str(plain / 'report.xml')]
        + [str(plain / 'traps.ipynb')],
        plain,
        HOME=str(plain),
    )  # plain nbval writes IPython history to HOME

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
    regen_run = start(['-m', 'tools.run_notebooks', *map(str, copies)], regen)

    assert regen_run.wait(timeout=300) == 0
    plain_run.wait(timeout=300)
    outcomes = {}
    for case in ET.parse(plain / 'report.xml').iter('testcase'):
        index = int(case.get('name').split()[-1])
        failure = case.find('failure')
        # a kernel that did not start is an error, not a trap shown
        outcomes[CELLS[index]] = (
            'error'
            if case.find('error') is not None
            else 'passed'
            if failure is None
            else 'outputs differ'
            if 'Cell outputs differ' in failure.get('message', '')
            else 'failed'
        )
    return outcomes, [path.read_bytes() for path in copies]


def test_every_fixture_cell_ran_under_plain_nbval(runs):
    assert sorted(runs[0]) == sorted(CELLS)


@pytest.mark.parametrize('name', ['semicolon', 'c_stderr', 'address'])
def test_trap_is_real_under_plain_nbval(runs, name):
    """make test passes these cells; plain nbval 0.11 finds their outputs
    differ from what Jupyter shows."""
    assert runs[0][name] == 'outputs differ'


def test_a_wrong_stored_output_fails_under_plain_nbval_too(runs):
    assert runs[0]['wrong_output'] == 'outputs differ'


def test_make_notebooks_is_reproducible(runs):
    """Executed twice, the same bytes; streams coalesced into one output per
    name; execution counts 1..n. (Memory addresses would change the bytes:
    notebooks must not print them; the sanitize file only keeps a stray one
    from failing the tests.)"""
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
