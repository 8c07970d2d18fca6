"""The nbval harness: each trap of this stack, shown on a tiny notebook.

Strict nbval runs in subprocesses over the same fixture notebooks: one with
the kernel set-up of ../conftest.py (loaded with -p, as pytest loads it for
notebooks/), two notebooks at a time as with `-n 2 --dist loadscope`, and
one without it. The second shows each trap is real; if an upstream fix
lands, its test here says so and the workaround can go. A third notebook is
first executed by tools/run_notebooks.py (`make notebooks`), twice, and then
checked by the first run.
"""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import xml.etree.ElementTree as ET

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

ROOT = pathlib.Path(__file__).resolve().parents[1]


def stream(text, name='stdout'):
    return new_output('stream', name=name, text=text)


def result(text):
    return new_output('execute_result', data={'text/plain': text},
                      execution_count=1)


# One notebook holds a cell per trap; a second, a wrong stored output, so
# the parallel run has two notebooks to spread over two workers.
TRAPS = {
    # nbval#194 / ipython#14162: the value of `x;` must stay hidden
    'semicolon': ('x = 41\nx + 1;', []),
    # ipykernel 7: fd-level stderr (MXNet's C++ log) captured under pytest
    'c_stderr': ("import os\nos.write(2, b'from C\\n');",
                 [stream('from C\n', 'stderr')]),
    # reprs carry a memory address that differs on every run
    'address': ('object()', [result('<object at 0x7f00deadbeef>')]),
}
FIXTURES = {
    'traps': list(TRAPS.values()),
    'wrong_output': [('1 + 1', [result('3')])],  # must fail, always
}


def write_notebook(path: pathlib.Path, cells) -> None:
    nb = new_notebook(cells=[
        new_code_cell(source, outputs=outputs, execution_count=i + 1,
                      id='cell-%d' % i)
        for i, (source, outputs) in enumerate(cells)])
    nb.metadata.kernelspec = {'name': 'python3', 'language': 'python',
                              'display_name': 'Python 3 (ipykernel)'}
    nbformat.write(nb, path)


def start(args, directory: pathlib.Path, **env):
    env = dict(os.environ, PYTHONPATH=str(ROOT), **env)
    env.pop('PYTEST_ADDOPTS', None)
    return subprocess.Popen([sys.executable, *args], cwd=directory, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def start_nbval(directory: pathlib.Path, *args: str, **env):
    """Strict nbval over the notebooks in `directory`, JUnit report there."""
    return start(['-m', 'pytest', '--nbval', '--nbval-current-env',
                  '-p', 'no:cacheprovider', '-p', 'no:anyio',
                  '-p', 'no:hypothesispytest', '--rootdir', str(directory),
                  '--junitxml', str(directory / 'report.xml'), *args,
                  str(directory)], directory, **env)


def outcomes(report: pathlib.Path) -> dict[str, str]:
    """Fixture name -> 'passed' or 'failed', from pytest's JUnit report."""
    cells = {}
    for case in ET.parse(report).iter('testcase'):
        failed = any(case.find(tag) is not None for tag in ('failure', 'error'))
        cells[case.get('classname'), case.get('name')] = (
            'failed' if failed else 'passed')
    result = {name: cells.get(('traps.ipynb', 'Cell %d' % i))
              for i, name in enumerate(TRAPS)}
    result['wrong_output'] = cells.get(('wrong_output.ipynb', 'Cell 0'))
    regenerated = [v for (nb, _), v in cells.items() if nb == 'regen_a.ipynb']
    result['regenerated'] = (None if not regenerated else
                             'failed' if 'failed' in regenerated else 'passed')
    return result


# Executed by `make notebooks`'s script: the traps, and a print that reaches
# the notebook as two messages.
REGEN = [TRAPS['semicolon'][0], TRAPS['c_stderr'][0],
         "import time\nprint('a', flush=True)\ntime.sleep(0.2)\nprint('b')"]


@pytest.fixture(scope='module')
def runs(tmp_path_factory):
    """Run everything at once; return outcomes with and without our set-up,
    the two regenerated notebooks, and the HOME the with-run used."""
    with_dir = tmp_path_factory.mktemp('with')
    without_dir = tmp_path_factory.mktemp('without')
    home = tmp_path_factory.mktemp('home')
    for directory in (with_dir, without_dir):
        for name, cells in FIXTURES.items():
            write_notebook(directory / (name + '.ipynb'), cells)
    without = start_nbval(without_dir)
    regen = [with_dir / 'regen_a.ipynb', with_dir / 'regen_b.ipynb']
    for path in regen:
        write_notebook(path, [(source, []) for source in REGEN])
    start([str(ROOT / 'tools' / 'run_notebooks.py'), *map(str, regen)],
          with_dir).wait(timeout=300)
    regenerated = [path.read_bytes() for path in regen]
    regen[1].unlink()
    start_nbval(with_dir, '-p', 'conftest', '-n', '2', '--dist', 'loadscope',
                HOME=str(home)).wait(timeout=300)
    without.wait(timeout=300)
    return (outcomes(with_dir / 'report.xml'),
            outcomes(without_dir / 'report.xml'), regenerated, home)


@pytest.fixture
def with_setup(runs):
    return runs[0]


@pytest.fixture
def without_setup(runs):
    return runs[1]


def test_every_fixture_ran(with_setup, without_setup):
    assert None not in with_setup.values()
    assert without_setup.pop('regenerated') is None
    assert None not in without_setup.values()


@pytest.mark.parametrize('name', ['semicolon', 'c_stderr', 'address'])
def test_trap_is_real_without_our_setup(without_setup, name):
    assert without_setup[name] == 'failed'


@pytest.mark.parametrize('name', ['semicolon', 'c_stderr', 'address'])
def test_trap_is_handled_with_our_setup_in_parallel(with_setup, name):
    assert with_setup[name] == 'passed'


def test_a_wrong_stored_output_fails_the_suite(with_setup, without_setup):
    assert with_setup['wrong_output'] == 'failed'
    assert without_setup['wrong_output'] == 'failed'


def test_make_notebooks_stores_what_nbval_expects(with_setup):
    assert with_setup['regenerated'] == 'passed'


def test_make_notebooks_is_reproducible(runs):
    """The same notebook executed twice gives the same bytes; streams are
    coalesced and execution counts run 1..n. (Memory addresses would change
    the bytes: notebooks must not print them; the sanitize file only keeps
    a stray one from failing the tests.)"""
    first, second = runs[2]
    assert first == second
    cells = nbformat.reads(first, as_version=4).cells
    assert [c.execution_count for c in cells] == [1, 2, 3]
    assert [c.outputs for c in cells[:2]] == [[], [stream('from C\n', 'stderr')]]
    assert [o['text'] for o in cells[2].outputs] == ['a\nb\n']


def test_nothing_written_under_home(runs):
    """No IPython profile or history, no Jupyter runtime files left in $HOME
    by the parallel run; caches (~/.cache) are allowed."""
    home = runs[3]
    left = sorted(str(p.relative_to(home)) for p in home.rglob('*')
                  if p.is_file() and p.relative_to(home).parts[0] != '.cache')
    assert left == []
