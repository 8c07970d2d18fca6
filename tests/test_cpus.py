"""The suite leaves OpenBLAS's choice of kernels to the CPU (issue 20), and
make test-cpus (tools/test_cpus.py) names every output that differs."""

from __future__ import annotations

import copy
import pathlib

import nbformat

from tools import kernel, test_cpus

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_kernels_get_the_openblas_kernels_of_the_cpu(monkeypatch):
    """No core type is forced on a kernel (the old trap 5), and the one
    make test-cpus sets reaches it."""
    monkeypatch.delenv('OPENBLAS_CORETYPE', raising=False)
    assert 'OPENBLAS_CORETYPE' not in kernel.kernel_env()
    monkeypatch.setenv('OPENBLAS_CORETYPE', 'Prescott')
    assert kernel.kernel_env()['OPENBLAS_CORETYPE'] == 'Prescott'
    server_config = (ROOT / 'tools' / 'jupyter_server_config.py').read_text()
    assert 'OPENBLAS_CORETYPE' not in server_config


def test_set_coretype_sets_or_unsets():
    environ = {'OPENBLAS_CORETYPE': 'Haswell', 'HOME': '/root'}
    test_cpus.set_coretype(environ, 'Nehalem')
    assert environ == {'OPENBLAS_CORETYPE': 'Nehalem', 'HOME': '/root'}
    test_cpus.set_coretype(environ, '')
    assert environ == {'HOME': '/root'}


def test_every_differing_cell_is_named_with_both_outputs(monkeypatch, tmp_path):
    nb = nbformat.v4.new_notebook()
    for i in range(3):
        cell = nbformat.v4.new_code_cell('print(%d)' % i)
        cell.outputs = [nbformat.v4.new_output('stream', name='stdout', text='%d.25\n' % i)]
        nb.cells.append(cell)
    nb.cells.insert(1, nbformat.v4.new_markdown_cell('prose'))
    path = tmp_path / 'nb.ipynb'
    nbformat.write(nb, path)
    fresh = copy.deepcopy(nb)
    fresh.cells[0].outputs[0].text = '0.2500001\n'
    fresh.cells[3].outputs[0].text = '2.2499999\n'
    seen = {}

    def execute(p):
        seen['coretype'] = test_cpus.os.environ.get('OPENBLAS_CORETYPE')
        return fresh

    monkeypatch.setattr(test_cpus, 'execute', execute)
    monkeypatch.setenv('OPENBLAS_CORETYPE', 'Haswell')  # restored afterwards
    found = test_cpus.differences(path, 'Sandybridge')
    assert seen == {'coretype': 'Sandybridge'}
    assert [text.split('\n')[0] for text in found] == ['cell 0 printed', 'cell 3 printed']
    assert '0.2500001' in found[0] and '0.25' in found[0].split('stored output is')[1]
    assert '2.2499999' in found[1] and '2.25' in found[1].split('stored output is')[1]
    assert test_cpus.differences(path, '') == found
    assert seen == {'coretype': None}  # '' runs with OPENBLAS_CORETYPE unset

    def execute_raising(p):
        raise RuntimeError('AssertionError in cell 3')

    monkeypatch.setattr(test_cpus, 'execute', execute_raising)
    (raised,) = test_cpus.differences(path, 'Haswell')
    assert raised.startswith('a cell raised') and 'AssertionError in cell 3' in raised
