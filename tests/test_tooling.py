"""make lint, pre-commit and GitHub's CI run the same things."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]


def hooks() -> dict[str, dict]:
    config = yaml.safe_load((ROOT / '.pre-commit-config.yaml').read_text())
    return {hook['id']: hook for repo in config['repos'] for hook in repo['hooks']}


def test_pre_commit_installs_the_pinned_linters():
    pins = (ROOT / 'requirements.txt').read_text().split()
    for hook in hooks().values():
        for requirement in hook['additional_dependencies']:
            assert requirement in pins, requirement


def test_stripping_keeps_outputs_and_counts_and_drops_what_lab_adds(tmp_path):
    """python -m tools.nbstrip, as make lint and pre-commit run it on files:
    a notebook JupyterLab saved after Run All comes back byte for byte as
    stored, outputs and execution counts kept (strict nbval compares them)."""
    from tests.test_notebooks import NOTEBOOKS, jupyterlab_saved

    stored = NOTEBOOKS[0].read_text(encoding='utf-8')
    path = tmp_path / NOTEBOOKS[0].name
    path.write_text(jupyterlab_saved(stored), encoding='utf-8')
    subprocess.run([sys.executable, '-m', 'tools.nbstrip', str(path)], cwd=ROOT, check=True)
    assert path.read_text(encoding='utf-8') == stored != jupyterlab_saved(stored)
    code = [c for c in json.loads(stored)['cells'] if c['cell_type'] == 'code']
    assert all(c['execution_count'] for c in code) and any(c['outputs'] for c in code)


def test_ruff_hooks_honour_the_excludes():
    """pre-commit names files explicitly; without --force-exclude ruff
    would format the book's code in notebook 03 anyway."""
    for name in ('ruff-check', 'ruff-format'):
        assert '--force-exclude' in hooks()[name]['entry'].split()


def test_github_ci_runs_make_test_on_311_313_and_314():
    workflow = yaml.safe_load((ROOT / '.github/workflows/ci.yml').read_text())
    (job,) = workflow['jobs'].values()
    assert job['strategy']['matrix']['python'] == ['3.11', '3.13', '3.14']
    assert [step['run'] for step in job['steps'] if 'run' in step] == ['make test']


def test_pre_commit_strips_with_the_same_options_as_make_lint():
    """tools/nbstrip.py holds nbstripout's options; the hook runs it from the
    checkout's root, as pre-commit runs hooks, so there is no second copy."""
    hook = hooks()['nbstripout']
    assert hook['entry'].split() == ['python', '-m', 'tools.nbstrip']
    assert [r.split('==')[0] for r in hook['additional_dependencies']] == ['nbstripout']
