"""The pinned environment: one source of truth, and the one we run in."""

from __future__ import annotations

import pathlib
import re
import sys
import sysconfig
from importlib import metadata

import tomllib
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = pathlib.Path(__file__).resolve().parents[1]


def requirements() -> list[Requirement]:
    lines = (
        line.split('#')[0].strip() for line in (ROOT / 'requirements.txt').read_text().splitlines()
    )
    return [Requirement(line) for line in lines if line]


def pins_for(python: str) -> dict[str, str]:
    """name -> exact version that requirements.txt asks for on `python`."""
    env = {'python_version': python, 'python_full_version': python + '.0'}
    pins = {}
    for req in requirements():
        if req.marker is None or req.marker.evaluate(env):
            assert canonicalize_name(req.name) not in pins, req.name
            pins[canonicalize_name(req.name)] = str(req.specifier)
    return pins


def test_every_requirement_is_an_exact_pin():
    for req in requirements():
        assert re.fullmatch(r'==[\w.]+', str(req.specifier)), str(req)


def test_the_stack_pins_the_issue_names():
    for python in ('3.11', '3.12', '3.13'):
        pins = pins_for(python)
        assert pins['mxnet'] == '==1.9.1'
        assert Version(pins['matplotlib'][2:]) < Version('3.11')
        numpy = Version(pins['numpy'][2:])
        assert numpy < Version('2')
        assert 'setuptools' in pins  # distutils for mxnet on 3.12+
    assert pins_for('3.11')['numpy'] == '==1.23.5'


def test_environment_yml_installs_exactly_requirements_txt():
    env = yaml.safe_load((ROOT / 'environment.yml').read_text())
    conda = [d for d in env['dependencies'] if isinstance(d, str)]
    pip = [d['pip'] for d in env['dependencies'] if isinstance(d, dict)]
    # conda brings only the interpreter and pip; every package comes from
    # the pins, so the two files cannot disagree on a version.
    assert conda == ['python=3.11', 'pip']
    assert pip == [['-r requirements.txt', '-e .']]
    assert pins_for('3.11')  # the Python conda installs is one we pin for


def test_this_environment_is_the_pinned_one():
    python = '%d.%d' % sys.version_info[:2]
    mismatched = {
        name: (pin, metadata.version(name))
        for name, pin in pins_for(python).items()
        if metadata.version(name) != pin[2:]
    }
    assert mismatched == {}


def test_this_environment_holds_nothing_unpinned():
    python = '%d.%d' % sys.version_info[:2]
    allowed = set(pins_for(python)) | {'pip', 'd2lmini'}
    # site-packages only: setuptools puts its vendored packages on sys.path
    site = {sysconfig.get_paths()[key] for key in ('purelib', 'platlib')}
    installed = {
        canonicalize_name(d.metadata['Name']) for d in metadata.distributions(path=sorted(site))
    }
    assert installed - allowed == set()


def test_pyproject_python_range_covers_the_pinned_pythons():
    project = tomllib.loads((ROOT / 'pyproject.toml').read_text())['project']
    allowed = SpecifierSet(project['requires-python'])
    for python in ('3.11', '3.12', '3.13'):
        assert Version(python) in allowed
        assert pins_for(python)
