"""The pinned environment: one source of truth, and the one we run in."""

from __future__ import annotations

import doctest
import pathlib
import re
import subprocess
import sys
from importlib import metadata

import pytest
import tomllib
import yaml
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tools import check_python
from tools.check_python import supported

ROOT = pathlib.Path(__file__).resolve().parents[1]


def requirements(name: str = 'requirements.txt') -> list[Requirement]:
    lines = (line.split('#')[0].strip() for line in (ROOT / name).read_text().splitlines())
    return [Requirement(line) for line in lines if line]


# pyproject.toml's requires-python, the one home of the range, as make reads it
PYTHONS = tuple('%d.%d' % version for version in supported())


def pins_for(python: str) -> dict[str, str]:
    """name -> exact version that requirements.txt asks for on `python`
    (X.Y), on this machine's platform."""
    env = dict(default_environment(), python_version=python)
    env['python_full_version'] = python + '.7'  # soupsieve splits at 3.11.5
    pins = {}
    for req in requirements():
        if req.marker is None or req.marker.evaluate(env):
            assert canonicalize_name(req.name) not in pins, req.name
            pins[canonicalize_name(req.name)] = str(req.specifier)
    return pins


def test_one_set_of_pins_for_every_python():
    """numpy 2 and matplotlib 3.11, the same versions on 3.11 to 3.14: a
    marker only where a package's wheels force one (none of the stack's)."""
    pins = [pins_for(python) for python in PYTHONS]
    # setuptools: distutils for mxnet on 3.12+
    for name in ('mxnet', 'numpy', 'matplotlib', 'contourpy', 'setuptools', 'ipython'):
        assert len({p[name] for p in pins}) == 1, name
    stack = pins[0]
    assert stack['mxnet'] == '==1.9.1'
    assert Version('2') <= Version(stack['numpy'][2:])
    assert Version('3.11') <= Version(stack['matplotlib'][2:]) < Version('3.12')


def test_mxnets_numpy_bound_is_lifted_and_nothing_else():
    """overrides.txt replaces mxnet's numpy<2 (and graphviz<0.9) by their
    lower bounds alone (without it, uv would not install numpy 2 beside
    mxnet), and pyproject.toml does not cap numpy."""
    overrides = [str(r) for r in requirements('overrides.txt')]
    assert overrides == ['numpy>1.16', 'graphviz>=0.8.1']
    project = tomllib.loads((ROOT / 'pyproject.toml').read_text())['project']
    assert [d for d in project['dependencies'] if d.startswith('numpy')] == ['numpy>1.16']


def uv_pip(*args: str) -> subprocess.CompletedProcess:
    """`uv pip ARGS` on this environment (uv from the pins)."""
    command = [sys.executable, '-m', 'uv', 'pip', *args, '--python', sys.executable]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_pip_check_finds_only_mxnets_numpy_bound():
    """The one inconsistency the override leaves, as the README explains it."""
    proc = uv_pip('check')
    found = [line for line in proc.stdout.splitlines() + proc.stderr.splitlines() if line]
    assert found[-2:] == [
        'Found 1 incompatibility',
        'The package `mxnet` requires `numpy>1.16.0,<2.0.0`, but `%s` is installed'
        % metadata.version('numpy'),
    ]


def test_environment_yml_installs_exactly_requirements_txt():
    """conda brings the interpreter, pip and the pinned uv; the command in
    its header installs the pins as the Makefile does."""
    text = (ROOT / 'environment.yml').read_text()
    env = yaml.safe_load(text)
    conda = [d for d in env['dependencies'] if isinstance(d, str)]
    pip = [d['pip'] for d in env['dependencies'] if isinstance(d, dict)]
    assert conda == ['python=3.11', 'pip']
    assert pip == [['uv' + pins_for('3.11')['uv']]]
    make = re.search(r'^UV_INSTALL := (.*\\\n.*)$', (ROOT / 'Makefile').read_text(), re.M)
    command = ' '.join(make.group(1).replace('\\', ' ').split())
    assert '#   uv %s -e .\n' % command in text


def test_this_environment_is_the_pinned_one():
    """Every pin installed at its version, nothing else but d2lmini: uv, asked
    to make the environment exactly requirements.txt, would only remove it."""
    synced = uv_pip('sync', '--dry-run', '--offline', str(ROOT / 'requirements.txt'))
    changes = [line for line in synced.stderr.splitlines() if line.startswith((' - ', ' + '))]
    assert synced.returncode == 0 and [c.split('==')[0] for c in changes] == [' - d2lmini']


def test_make_reads_the_range_and_stops_outside_it(tmp_path, monkeypatch, capsys):
    """make's guard, tools/check_python (pip, for its part, installs d2lmini
    only where requires-python allows): it reads requires-python's one form
    and stops on a Python outside the range, saying which ones work."""
    pyproject = tmp_path / 'pyproject.toml'
    pyproject.write_text('[project]\nrequires-python = ">=3.11,<3.15"\n')
    assert supported(pyproject) == ((3, 11), (3, 12), (3, 13), (3, 14))
    pyproject.write_text('[project]\nrequires-python = ">=3.11"\n')
    with pytest.raises(ValueError, match='must read ">=3.X,<3.Y", not \'>=3.11\''):
        supported(pyproject)
    monkeypatch.setattr(sys, 'version_info', (3, 15, 0, 'final', 0))
    assert check_python.main([]) == 1
    message = capsys.readouterr().err
    assert message.startswith('d2lmini: Python 3.15 (')
    assert 'works on Python 3.11, 3.12, 3.13, 3.14.' in message


def pasted_blocks(readme: str) -> list[str]:
    """The blocks a learner pastes: shell commands and notebook cells."""
    text = (ROOT / readme).read_text(encoding='utf-8')
    return re.findall(r'^```(?:sh|python|yaml)\n(.*?)^```$', text, re.S | re.M)


def test_readme_gives_the_own_environment_commands_in_both_languages():
    """tools/test_own_env.sh runs the blocks after <!-- own-env-uv -->,
    <!-- own-env-pip --> and the two teacher-*, make test-colab the one after
    <!-- colab-cell -->, make test-d2l the one after <!-- d2l-recipe -->
    (d2l pinned, without its pins); README.zh.md must show the same,
    character for character."""
    readme = (ROOT / 'README.md').read_text(encoding='utf-8')
    chinese = pasted_blocks('README.zh.md')
    markers = ('own-env-uv', 'own-env-pip', 'colab-cell', 'teacher-ci', 'teacher-folder')
    for marker in (*markers, 'd2l-recipe'):
        block = re.search(r'<!-- %s -->\n```(?:sh|python|yaml)\n(.*?)```\n' % marker, readme, re.S)
        assert block, marker
        assert block.group(1) in chinese, marker
    assert '--override overrides.txt' in readme
    assert re.search(r'^python -m pip install --no-deps d2l==[\d.]+$', readme, re.M)


@pytest.mark.parametrize('readme', ['README.md', 'README.zh.md'])
def test_the_readme_has_no_placeholder_a_reader_must_spot(readme):
    """Commands work as printed: no address with a stand-in to replace, such
    as github.com/OWNER/... or <you>; the one value to fill in is the Colab
    cell's `repo`, which the prose names."""
    text = (ROOT / readme).read_text(encoding='utf-8')
    addresses = re.findall(r'\w[\w+]*://[^\s)\]`]+', text)
    assert addresses
    for address in addresses:
        assert not re.search(r'/[A-Z][A-Z_-]+(/|$)|[<>{}…]|\.\.\.', address), address
    for block in pasted_blocks(readme):
        assert not re.search(r'<\w+>|\b(OWNER|USER(NAME)?|YOUR_?\w*)\b', block), block


@pytest.mark.parametrize('readme', ['README.md', 'README.zh.md'])
def test_the_readme_answer_runs_as_printed(readme):
    """The question's answer, pasted into Python, prints what the README shows."""
    import d2lmini  # noqa: F401  mxnet on numpy 2, in case the start-up hook is off

    (answer,) = [block for block in pasted_blocks(readme) if block.startswith('>>> ')]
    test = doctest.DocTestParser().get_doctest(answer, {}, readme, readme, 0)
    assert len(test.examples) >= 8
    report: list[str] = []
    result = doctest.DocTestRunner().run(test, out=report.append)
    assert result.failed == 0, ''.join(report)
