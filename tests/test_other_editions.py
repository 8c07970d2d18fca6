"""Notebooks 11 and 12 and the README's d2l recipe (issue 28): torch stays
out of the project's environment, notebook 12 says so when it is missing,
both notebooks step from the same numbers, both READMEs give one recipe."""

from __future__ import annotations

import importlib.util
import pathlib
import re

import nbformat
import pytest
import tomllib

from tools import editions, test_d2l

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


def test_both_readmes_give_the_d2l_recipe_make_test_d2l_runs():
    english, chinese = (test_d2l.recipe(ROOT / name) for name in ('README.md', 'README.zh.md'))
    assert english == chinese
    assert any(re.fullmatch(r'python -m pip install --no-deps d2l==[\d.]+', c) for c in english)


def test_make_test_and_the_run_all_tools_leave_out_exactly_the_torch_notebook():
    """pyproject.toml's --ignore-glob (strict nbval in make test) and
    tools/editions.py's NEEDS (make notebooks, test-cpus, ...) name the same."""
    addopts = tomllib.loads((ROOT / 'pyproject.toml').read_text())['tool']['pytest']
    globs = [o for o in addopts['ini_options']['addopts'] if o.startswith('--ignore-glob=')]
    assert globs == ['--ignore-glob=/*/notebooks/%s.ipynb' % name for name in editions.NEEDS]
    left_out = [p.stem for p in editions.notebooks('en') if p not in editions.runnable('en')]
    assert left_out == ([] if importlib.util.find_spec('torch') else list(editions.NEEDS))
