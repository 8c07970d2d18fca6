"""make lab's server (tools/jupyter_server_config.py) without a browser:
what it hands JupyterLab on open, what it signs on save, and its kernels'
figure set-up. make test-browser shows the same in JupyterLab itself, and
that tools/lab/'s settings hold (no news pop-up)."""

from __future__ import annotations

import asyncio
import copy
import json

import pytest
from nbformat.sign import NotebookNotary

from d2lmini_nbval import FIGURE_ARGS
from tools import editions

NOTEBOOK = editions.notebooks('en')[0]


@pytest.fixture(scope='module')
def config():
    """Imported here, not at collection: jupyter_server costs each test
    worker half a second to import."""
    from tools import jupyter_server_config

    return jupyter_server_config


@pytest.fixture
def manager(config, tmp_path, monkeypatch):
    """make lab's contents manager and save hook on a copy of a notebook,
    its trust database in tmp_path (never the one under HOME)."""
    (tmp_path / NOTEBOOK.name).write_bytes(NOTEBOOK.read_bytes())
    manager = config.ContentsManager(root_dir=str(tmp_path))
    manager.notary = NotebookNotary(data_dir=str(tmp_path), db_file=':memory:')
    manager.register_pre_save_hook(config.strip_on_save)
    yield manager
    manager.notary.close()  # Python 3.13+ warns of a database left open


def test_opened_notebook_has_the_language_info_its_kernel_reports(config, manager):
    """JupyterLab writes the kernel's language_info into the notebook when
    the kernel starts, and marks the notebook modified if it differs."""
    from ipykernel.ipkernel import IPythonKernel

    stored = json.loads(NOTEBOOK.read_text(encoding='utf-8'))
    assert stored['metadata']['language_info'] == {'name': 'python'}
    opened = asyncio.run(manager.get(NOTEBOOK.name))['content']
    assert opened['metadata']['language_info'] == IPythonKernel.language_info
    listed = asyncio.run(manager.get(NOTEBOOK.name, content=False))
    assert listed['content'] is None


@pytest.mark.parametrize(
    'kernelspec, language_info',
    [
        ({'name': 'ir', 'display_name': 'R', 'language': 'R'}, {'name': 'R'}),
        (None, {'name': 'python'}),
        ({'name': 'python3'}, {'name': 'python', 'version': '2.7.18'}),
    ],
    ids=['another kernel', 'no kernelspec', 'another Python'],
)
def test_only_a_cut_down_python3_language_info_is_filled_in(
    manager, tmp_path, kernelspec, language_info
):
    nb = json.loads(NOTEBOOK.read_text(encoding='utf-8'))
    nb['metadata'] = {'language_info': language_info}
    if kernelspec:
        nb['metadata']['kernelspec'] = kernelspec
    (tmp_path / NOTEBOOK.name).write_text(json.dumps(nb), encoding='utf-8')
    opened = asyncio.run(manager.get(NOTEBOOK.name))['content']
    assert opened['metadata']['language_info'] == language_info


def test_a_notebook_run_and_saved_in_lab_is_stored_as_it_was(manager, tmp_path):
    """JupyterLab 4 saves the kernel's whole language_info and cell metadata
    of its own (timing, scroll state); the save hook (nbstripout with make
    lint's options, tools/nbstrip.py) drops them and keeps outputs and
    execution counts: byte for byte the stored file, so git status stays
    clean. make test-browser saves every notebook from Lab itself."""
    stored = NOTEBOOK.read_text(encoding='utf-8')
    nb = json.loads(stored)
    nb['metadata']['language_info'] = dict(nb['metadata']['language_info'], version='3.11.7')
    for cell in nb['cells']:
        execution = {'iopub.execute_input': '2026-11-26T12:00:00Z'}
        cell['metadata'].update(execution=execution, scrolled=True)
    asyncio.run(manager.save({'type': 'notebook', 'format': 'json', 'content': nb}, NOTEBOOK.name))
    assert (tmp_path / NOTEBOOK.name).read_text(encoding='utf-8') == stored


def test_edited_and_run_notebook_is_signed_when_saved(manager, tmp_path):
    """The cells JupyterLab sends carry trusted: true; nbformat's writer in
    nbstripout drops those flags, and the server signs only a notebook
    whose code cells are all trusted. Reopened, the notebook is trusted
    (its SVG figures show) and the file is stored as make notebooks does."""
    opened = asyncio.run(manager.get(NOTEBOOK.name))['content']
    assert any(
        'image/svg+xml' in o.get('data', {}) for c in opened.cells for o in c.get('outputs', [])
    )
    # as the notebook was never signed in this trust database, it opens
    # untrusted; JupyterLab trusts the cells it runs
    assert {c.metadata.get('trusted') for c in opened.cells if c.cell_type == 'code'} == {False}
    sent = copy.deepcopy(opened)
    for cell in sent.cells:
        if cell.cell_type == 'code':
            cell.metadata['trusted'] = True
    sent.cells[0].source += "\n\nA learner's note."
    asyncio.run(
        manager.save({'type': 'notebook', 'format': 'json', 'content': sent}, NOTEBOOK.name)
    )
    reopened = asyncio.run(manager.get(NOTEBOOK.name))['content']
    assert {c.metadata.get('trusted') for c in reopened.cells if c.cell_type == 'code'} == {True}
    saved = json.loads((tmp_path / NOTEBOOK.name).read_text(encoding='utf-8'))
    assert saved['metadata']['language_info'] == {'name': 'python'}
    assert "A learner's note." in ''.join(saved['cells'][0]['source'])
    assert all('trusted' not in c['metadata'] for c in saved['cells'])


def test_lab_kernels_draw_figures_as_the_stored_ones(config):
    """make notebooks' figure set-up, so Run All in make lab and save leaves
    git status clean (make test-browser does it in JupyterLab)."""
    argv = config.KernelSpecManager().get_kernel_spec('python3').argv
    assert argv[-len(FIGURE_ARGS) :] == FIGURE_ARGS
    assert FIGURE_ARGS[0].endswith('d2lmini_nbval.py')
