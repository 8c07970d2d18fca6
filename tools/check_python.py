"""Stop `make` early, with advice, on a Python the pins do not cover.

python -m tools.check_python            exit 1 unless this Python is supported
python -m tools.check_python --version  print this Python's X.Y
python -m tools.check_python --list     print the supported X.Y (make test-all)

The supported range is pyproject.toml's requires-python (its one home). This
runs with the system Python before .venv exists, which may be older than
tomllib (3.11): the line is read with a pattern, and one form is accepted.
"""

import pathlib
import re
import sys

PYPROJECT = pathlib.Path(__file__).resolve().parents[1] / 'pyproject.toml'


def supported(pyproject=PYPROJECT):
    """The (major, minor) versions of requires-python = ">=3.X,<3.Y"."""
    text = pyproject.read_text(encoding='utf-8')
    line = re.search(r'^requires-python = "(.*)"$', text, re.M)
    bounds = line and re.fullmatch(r'>=3\.(\d+),\s*<3\.(\d+)', line.group(1))
    if not bounds:
        raise ValueError(
            '%s: requires-python must read ">=3.X,<3.Y", not %r'
            % (pyproject, line and line.group(1))
        )
    low, high = (int(minor) for minor in bounds.groups())
    return tuple((3, minor) for minor in range(low, high))


def main(argv):
    version = tuple(sys.version_info[:2])
    if argv == ['--version']:
        print('%d.%d' % version)
        return 0
    versions = supported()
    if argv == ['--list']:
        print(' '.join('%d.%d' % v for v in versions))
        return 0
    if version in versions:
        return 0
    sys.stderr.write(
        'd2lmini: Python %d.%d (%s) is not supported; the pinned environment '
        'works on Python %s.\nPick one with: make test PYTHON=python%d.%d\n'
        % (version + (sys.executable, ', '.join('%d.%d' % v for v in versions)) + versions[0])
    )
    return 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
