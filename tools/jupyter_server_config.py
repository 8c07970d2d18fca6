"""make lab's server settings: JupyterLab as a learner meets it. A notebook
opens unmodified (ContentsManager), is stored the way `make notebooks` stores
it and stays trusted when saved (strip_on_save), and its kernels draw the
stored figures (KernelSpecManager). JupyterLab's defaults (no news question)
and the Chinese edition's tab marks are read from tools/lab/, nothing from or
into HOME.

    python -m jupyterlab --config tools/jupyter_server_config.py   (make lab;
    run from the checkout, so that tools.nbstrip imports)
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import warnings

from ipykernel.ipkernel import IPythonKernel
from jupyter_client.kernelspec import KernelSpecManager as JupyterKernelSpecManager
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

from d2lmini_nbval import FIGURE_ARGS

ROOT = pathlib.Path(__file__).resolve().parents[1]
LAB = str(ROOT / 'tools' / 'lab')


def strip_on_save(model, **kwargs):
    """ContentsManager.pre_save_hook: the notebook through nbstripout's own
    command line, with make lint's options (tools/nbstrip.py): outputs, counts
    and edits kept, what JupyterLab adds (the whole language_info, cell
    timing and scroll state) dropped, so running and saving leaves `git
    status` clean."""
    if model.get('type') != 'notebook' or model.get('content') is None:
        return
    cells = model['content']['cells']
    stripped = subprocess.run(
        [sys.executable, '-m', 'tools.nbstrip'],
        cwd=ROOT,  # where tools.nbstrip imports from
        input=json.dumps(model['content']),
        capture_output=True,
        text=True,
        check=True,
    )
    content = json.loads(stripped.stdout)
    # nbformat's writer inside nbstripout drops each cell's trusted flag (a
    # transient key, never stored), and the server decides whether to sign
    # only after this hook: without the flags an edited notebook was saved
    # unsigned and, reopened, showed `<Figure size 350x250 with 1 Axes>`
    # for its figures (d2lmini issue 20). make lint's options keep every
    # cell in its place, so the flags go back by position.
    if len(content['cells']) == len(cells):
        for cell, sent in zip(content['cells'], cells):
            if 'trusted' in sent.get('metadata', {}):
                cell['metadata']['trusted'] = sent['metadata']['trusted']
    model['content'] = content


class ContentsManager(AsyncLargeFileManager):
    """jupyter_server's default contents manager, handing out a notebook for
    the python3 kernel with the language_info that kernel will report, so
    JupyterLab finds nothing to change when the kernel starts (else an
    untouched notebook shows as modified: jupyter/notebook#2123). On disk the
    notebook is untouched; the save hook cuts language_info down again."""

    async def get(self, path, content=True, type=None, format=None, **kwargs):
        model = await super().get(path, content=content, type=type, format=format, **kwargs)
        if model['type'] == 'notebook' and model['content'] is not None:
            metadata = model['content']['metadata']
            stored = metadata.get('language_info', {})
            # what make lab's python3 kernel reports: jupyter_client starts
            # a kernelspec's `python` as the server's own interpreter
            reported = dict(IPythonKernel.language_info)
            # only a cut-down copy of what the kernel reports is filled in
            if metadata.get('kernelspec', {}).get('name') == 'python3' and all(
                reported.get(key) == value for key, value in stored.items()
            ):
                metadata['language_info'] = reported
        return model


class KernelSpecManager(JupyterKernelSpecManager):
    """The python3 kernel with the figure set-up of strict nbval's kernels."""

    def get_kernel_spec(self, kernel_name):
        spec = super().get_kernel_spec(kernel_name)
        if kernel_name == 'python3':
            spec.argv = [*spec.argv, *FIGURE_ARGS]
        return spec


if 'get_config' in globals():  # read by Jupyter as a config file
    get_config().ContentsManager.pre_save_hook = strip_on_save  # noqa: F821
    c = get_config()  # noqa: F821
    c.ServerApp.contents_manager_class = ContentsManager
    c.ServerApp.kernel_spec_manager_class = KernelSpecManager
    # JupyterLab's defaults read from tools/lab/overrides.json5 (the pinned
    # .venv has no share/jupyter/lab/settings/ of its own)
    c.LabApp.app_settings_dir = LAB
    # custom/custom.css from tools/lab/, not from the Jupyter config folder
    # in HOME (static_custom_path is no config option, only a web setting)
    c.LabApp.custom_css = True
    c.ServerApp.tornado_settings = {'static_custom_path': [os.path.join(LAB, 'custom')]}
    # jupyter_server validates a configured hook twice and warns that the
    # hook "overrides" itself (jupyter_server/services/contents/manager.py)
    warnings.filterwarnings('ignore', 'Overriding existing pre_save_hook', UserWarning)
