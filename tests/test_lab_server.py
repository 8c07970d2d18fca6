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


def save(manager, nb) -> None:
    asyncio.run(manager.save({'type': 'notebook', 'format': 'json', 'content': nb}, NOTEBOOK.name))


def test_a_notebook_run_and_saved_in_lab_is_stored_as_it_was_and_signed(manager, tmp_path):
    """JupyterLab 4 saves the kernel's whole language_info, cell metadata of
    its own (timing, scroll state) and each cell's trusted flag; the save
    hook (nbstripout with make lint's options, tools/nbstrip.py) drops them
    and keeps outputs, execution counts and edits: run and saved, the file
    is byte for byte the stored one, so git status stays clean. The server
    signs only a notebook whose code cells are all trusted: reopened, it is
    trusted (its SVG figures show). make test-browser saves from Lab itself."""
    stored = NOTEBOOK.read_text(encoding='utf-8')
    opened = asyncio.run(manager.get(NOTEBOOK.name))['content']
    assert any(
        'image/svg+xml' in o.get('data', {}) for c in opened.cells for o in c.get('outputs', [])
    )
    # never signed in this trust database: it opens untrusted, and
    # JupyterLab trusts the cells it runs
    assert {c.metadata.get('trusted') for c in opened.cells if c.cell_type == 'code'} == {False}
    sent = copy.deepcopy(opened)
    sent.metadata.language_info['version'] = '3.11.7'
    for cell in sent.cells:
        cell.metadata.update(execution={'iopub.execute_input': '2026-11-26T12:00:00Z'})
        cell.metadata.scrolled = True
        if cell.cell_type == 'code':
            cell.metadata.trusted = True
    save(manager, sent)
    assert (tmp_path / NOTEBOOK.name).read_text(encoding='utf-8') == stored
    sent.cells[0].source += "\n\nA learner's note."
    save(manager, sent)
    reopened = asyncio.run(manager.get(NOTEBOOK.name))['content']
    assert {c.metadata.get('trusted') for c in reopened.cells if c.cell_type == 'code'} == {True}
    saved = json.loads((tmp_path / NOTEBOOK.name).read_text(encoding='utf-8'))
    assert "A learner's note." in ''.join(saved['cells'][0]['source'])
    assert saved['metadata']['language_info'] == {'name': 'python'}
    assert all('trusted' not in c['metadata'] for c in saved['cells'])


def test_lab_kernels_draw_figures_as_the_stored_ones(config):
    """make notebooks' figure set-up, so Run All in make lab and save leaves
    git status clean (make test-browser does it in JupyterLab)."""
    argv = config.KernelSpecManager().get_kernel_spec('python3').argv
    assert argv[-len(FIGURE_ARGS) :] == FIGURE_ARGS
