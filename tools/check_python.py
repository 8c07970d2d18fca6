"""Stop `make` early, with advice, on a Python the pins do not cover.

python tools/check_python.py            exit 1 unless this is Python 3.11-3.14
python tools/check_python.py --version  print this Python's X.Y
"""

import sys

SUPPORTED = ((3, 11), (3, 12), (3, 13), (3, 14))


def main(argv):
    version = tuple(sys.version_info[:2])
    if argv == ['--version']:
        print('%d.%d' % version)
        return 0
    if version in SUPPORTED:
        return 0
    sys.stderr.write(
        'd2lmini: Python %d.%d (%s) is not supported; the pinned environment '
        'works on Python %s.\nPick one with: make test PYTHON=python3.11\n'
        % (version + (sys.executable, ', '.join('%d.%d' % v for v in SUPPORTED)))
    )
    return 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
