"""Notebooks 11 and 12 (issue 28): torch stays out of the project's
environment, notebook 12 says so when it is missing, both notebooks step
from the same numbers. (The READMEs' d2l recipe: test_environment.py.)"""

from __future__ import annotations

import importlib.util
import pathlib
import re
import types

import nbformat
import pytest

import d2lmini_nbval
from tools import editions

ROOT = pathlib.Path(__file__).resolve().parents[1]
NB11, NB12 = (
    ROOT / 'notebooks' / name for name in ('11-every-edition.ipynb', '12-pytorch-minibatch.ipynb')
)


def first_code(path: pathlib.Path) -> str:
    return next(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == 'code')


def test_torch_is_not_in_the_project_environment():
    for name in ('requirements.in', 'requirements.txt', 'environment.yml'):
        assert 'torch' not in (ROOT / name).read_text().lower(), name


@pytest.mark.skipif(importlib.util.find_spec('torch') is not None, reason='torch is here')
def test_without_torch_notebook_12_says_in_one_line_how_to_get_it():
    with pytest.raises(ModuleNotFoundError) as raised:
        exec(first_code(NB12), {})
    message = str(raised.value)
    assert message.startswith('torch is missing: make test-torch') and '\n' not in message
    assert 'pip install torch --index-url https://download.pytorch.org/whl/cpu' in message


def test_notebooks_11_and_12_step_from_the_same_numbers():
    """The minibatch, the start and the float64 reference: the same lines."""
    names = r'(lr, batch_size|rng|true_w, true_b|X_np|noise|y_np|w_np|b_np|residual|grad64|'
    names += r'step64|start|tol) ='
    lines = [
        [line for line in first_code(path).splitlines() if re.match(names, line)]
        for path in (NB11, NB12)
    ]
    assert len(lines[0]) == 13 and lines[0] == lines[1]


def test_without_torch_nbval_skips_notebook_12_saying_why_and_the_tools_leave_it_out(request):
    """Its first cell's tag needs-torch is the one home of what it needs: the
    d2lmini plugin marks each of its cells skipped under nbval (a teacher's
    CI; make test, which collects it, shows them skipped) with the reason,
    and make notebooks, test-cpus, ... run the others."""
    needing = [p.stem for p in editions.notebooks('en') if 'needs-torch' in p.read_text()]
    assert needing == [NB12.stem]
    if importlib.util.find_spec('torch'):
        pytest.skip('torch is installed here: make test-torch runs notebook 12')
    assert NB12 not in editions.runnable('en')
    assert len(editions.runnable('en')) == len(editions.notebooks('en')) - 1
    cell = types.SimpleNamespace(
        parent=types.SimpleNamespace(nb=nbformat.read(NB12, 4), path=NB12)
    )
    cell.add_marker = lambda mark: setattr(cell, 'mark', mark)
    d2lmini_nbval.pytest_collection_modifyitems(request.config, [cell])
    assert cell.mark.kwargs['reason'] == (
        '12-pytorch-minibatch.ipynb needs torch, which this Python lacks: pip install torch'
    )
