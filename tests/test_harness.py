"""The nbval harness: each trap of this stack, shown on a tiny notebook.

Two pytest runs in subprocesses over the same fixture notebooks: one with
the kernel set-up of ../conftest.py (loaded with -p, as pytest loads it for
notebooks/) and in parallel, one without it. The second run shows each trap
is real; if an upstream fix lands, its test here says so and the workaround
can go.
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


def write_fixtures(directory: pathlib.Path) -> None:
    for name, cells in FIXTURES.items():
        nb = new_notebook(cells=[
            new_code_cell(source, outputs=outputs, execution_count=i + 1)
            for i, (source, outputs) in enumerate(cells)])
        nb.metadata.kernelspec = {'name': 'python3', 'language': 'python',
                                  'display_name': 'Python 3 (ipykernel)'}
        nbformat.write(nb, directory / (name + '.ipynb'))


def start_nbval(directory: pathlib.Path, *args: str):
    """Start strict nbval on the fixtures in a subprocess."""
    write_fixtures(directory)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop('PYTEST_ADDOPTS', None)
    return subprocess.Popen(
        [sys.executable, '-m', 'pytest', '--nbval', '--nbval-current-env',
         '-p', 'no:cacheprovider', '--rootdir', str(directory),
         '--junitxml', str(directory / 'report.xml'), *args, str(directory)],
        cwd=directory, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)


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
    return result


@pytest.fixture(scope='module')
def runs(tmp_path_factory):
    """Both runs, side by side: with our set-up (two notebooks at a time,
    as `-n 2 --dist loadscope`) and with plain nbval 0.11."""
    with_dir = tmp_path_factory.mktemp('with')
    without_dir = tmp_path_factory.mktemp('without')
    procs = [start_nbval(with_dir, '-p', 'conftest', '-n', '2',
                         '--dist', 'loadscope'),
             start_nbval(without_dir)]
    for proc in procs:
        proc.wait(timeout=300)
    return outcomes(with_dir / 'report.xml'), outcomes(without_dir / 'report.xml')


@pytest.fixture
def with_setup(runs):
    return runs[0]


@pytest.fixture
def without_setup(runs):
    return runs[1]


def test_every_fixture_ran(with_setup, without_setup):
    assert None not in with_setup.values()
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


def test_make_notebooks_is_reproducible(tmp_path):
    """tools/run_notebooks.py (make notebooks) twice gives the same bytes,
    SVG figure included, and what it stores is what strict nbval expects.
    (Memory addresses would change the bytes: notebooks must not print
    them; the sanitize file only keeps a stray one from failing the test.)"""
    nb = new_notebook(cells=[
        new_code_cell('import d2lmini as d2l\n'
                      'import matplotlib.pyplot as plt\n'
                      'd2l.set_figsize()\n'
                      'plt.plot([0, 1], [1, 0]);'),
        new_code_cell(TRAPS['c_stderr'][0]),
        new_code_cell(TRAPS['semicolon'][0]),
        new_code_cell("import time\nprint('a', flush=True)\ntime.sleep(0.2)\n"
                      "print('b')")])
    path = tmp_path / 'regen.ipynb'
    nbformat.write(nb, path)
    stored = []
    for _ in range(2):
        subprocess.run([sys.executable, str(ROOT / 'tools' / 'run_notebooks.py'),
                        str(path)], check=True, capture_output=True, timeout=300)
        stored.append(path.read_bytes())
    assert stored[0] == stored[1]
    outputs = [cell.outputs for cell in nbformat.read(path, as_version=4).cells]
    assert 'image/svg+xml' in outputs[0][0]['data']
    assert outputs[1][0]['text'] == 'from C\n'
    assert outputs[2] == []
    assert [o['text'] for o in outputs[3]] == ['a\nb\n']  # two messages, one output
    assert [c.execution_count for c in nbformat.reads(stored[1], 4).cells] == [1, 2, 3, 4]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    check = subprocess.run(
        [sys.executable, '-m', 'pytest', '--nbval', '--nbval-current-env',
         '-p', 'conftest', '-p', 'no:cacheprovider', '--rootdir',
         str(tmp_path), str(path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout[-2000:]
