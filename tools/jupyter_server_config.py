"""make lab's server settings: a notebook saved from JupyterLab is stored the
way `make notebooks` stores it, and its kernels compute the stored numbers.

On save JupyterLab adds what the stored notebooks leave out: the kernel's
whole language_info (Python version included), and cell metadata such as
scroll state or timing. Opening, running and saving a notebook would then
show in `git status` and fail tests/test_notebooks.py. Before every save the
server passes the notebook through nbstripout with the options of make lint
(tools/nbstrip.py): outputs, execution counts and every edit are kept, and
only that metadata goes.

Kernels inherit the server's environment: on a CPU with AVX2 they get
OpenBLAS's Haswell kernels, as under nbval (trap 5 in tools/kernel.py), so
Restart and Run All prints the stored digits on any such x86-64 CPU.

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

ROOT = pathlib.Path(__file__).resolve().parents[1]


def strip_on_save(model, **kwargs):
    """ContentsManager.pre_save_hook: the notebook through nbstripout's own
    command line, with make lint's options, as make lint would strip it."""
    if model.get('type') != 'notebook' or model.get('content') is None:
        return
    stripped = subprocess.run(
        [sys.executable, '-m', 'tools.nbstrip'],
        cwd=ROOT,  # where tools.nbstrip imports from
        input=json.dumps(model['content']),
        capture_output=True,
        text=True,
        check=True,
    )
    model['content'] = json.loads(stripped.stdout)


if 'get_config' in globals():  # read by Jupyter as a config file
    from tools.kernel import cpu_has_avx2  # make lab starts Jupyter in the checkout

    if cpu_has_avx2():
        os.environ.setdefault('OPENBLAS_CORETYPE', 'Haswell')  # trap 5
    get_config().ContentsManager.pre_save_hook = strip_on_save  # noqa: F821
    # jupyter_server validates a configured hook twice and warns that the
    # hook "overrides" itself (jupyter_server/services/contents/manager.py)
    warnings.filterwarnings('ignore', 'Overriding existing pre_save_hook', UserWarning)
