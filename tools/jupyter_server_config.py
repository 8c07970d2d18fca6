"""make lab's server settings: JupyterLab as a learner meets it. A notebook
opens unmodified, is stored the way `make notebooks` stores it, stays trusted
when saved, and its kernels compute the stored numbers.

- Opened: the notebook comes with the language_info its kernel will report.
  The stored notebooks keep only its name (make notebooks, make lint: the
  rest names the Python version), and JupyterLab writes the kernel's whole
  language_info into the notebook when the kernel starts: any difference
  marks an untouched notebook modified (the dot on its tab, "Save changes?"
  on closing it; jupyter/notebook#2123).
- Saved: JupyterLab adds what the stored notebooks leave out: that whole
  language_info, and cell metadata such as scroll state or timing. Before
  every save the server passes the notebook through nbstripout with the
  options of make lint (tools/nbstrip.py): outputs, execution counts and
  every edit are kept, and only that metadata goes, so running and saving
  leaves `git status` clean.
- Trusted: the server signs a saved notebook (its figures then show when it
  is reopened) only if every code cell that shows HTML or SVG carries the
  trusted flag JupyterLab sends; the hook hands those flags on.
- Run: the python3 kernel draws figures as the stored ones, the same SVG
  bytes every run (d2lmini_nbval.FIGURE_ARGS), so Run All and save leaves
  the stored file.
- tools/lab/overrides.json5: JupyterLab's defaults for make lab (no news
  question; see the file). tools/lab/custom/custom.css: the Chinese
  edition's tabs are marked, as notebooks/ and notebooks/zh/ hold notebooks
  of the same names. Both are read from here, nothing from or into HOME.

    python -m jupyterlab --config tools/jupyter_server_config.py   (make lab;
    run from the checkout, so that tools.kernel imports)
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
    command line, with make lint's options, as make lint would strip it."""
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
    JupyterLab finds nothing to change when the kernel starts. On disk the
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
