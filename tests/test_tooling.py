"""make lint, pre-commit and GitHub's CI run the same things."""

from __future__ import annotations

import pathlib
import re
import shlex

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]


def hooks() -> dict[str, dict]:
    config = yaml.safe_load((ROOT / '.pre-commit-config.yaml').read_text())
    return {hook['id']: hook for repo in config['repos'] for hook in repo['hooks']}


def makefile_variable(name: str) -> str:
    match = re.search(r'^%s := (.*)$' % name, (ROOT / 'Makefile').read_text(), re.M)
    assert match, name
    return match.group(1)


def test_pre_commit_installs_the_pinned_linters():
    pins = (ROOT / 'requirements.txt').read_text().split()
    for hook in hooks().values():
        for requirement in hook['additional_dependencies']:
            assert requirement in pins, requirement


def test_pre_commit_strips_notebooks_as_make_lint_does():
    """Outputs and execution counts stay: strict nbval compares them."""
    make = shlex.split(makefile_variable('NBSTRIPOUT'))
    hook = shlex.split(hooks()['nbstripout']['entry'])
    assert make[0] == '$(VENV)/bin/nbstripout' and hook[0] == 'nbstripout'
    assert make[1:] == hook[1:] == ['--keep-output', '--keep-count']


def test_ruff_hooks_honour_the_excludes():
    """pre-commit names files explicitly; without --force-exclude ruff
    would format the book's code in notebook 01 anyway."""
    for name in ('ruff-check', 'ruff-format'):
        assert '--force-exclude' in hooks()[name]['entry'].split()


def test_github_ci_runs_make_test_on_311_and_313():
    workflow = yaml.safe_load((ROOT / '.github/workflows/ci.yml').read_text())
    (job,) = workflow['jobs'].values()
    assert job['strategy']['matrix']['python'] == ['3.11', '3.13']
    assert [step['run'] for step in job['steps'] if 'run' in step] == ['make test']
