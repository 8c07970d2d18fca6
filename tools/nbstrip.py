"""nbstripout with this project's options, written once here: make lint and
make notebooks, pre-commit (.pre-commit-config.yaml) and make lab's save
hook (tools/jupyter_server_config.py) all run `python -m tools.nbstrip`.

It keeps outputs and execution counts (strict nbval compares them), drops
volatile metadata, numbers cell ids, and cuts language_info down to the name,
as make notebooks stores it (JupyterLab adds the Python version and five more
keys on save). nbstripout 0.9.1, the newest, reads options from its command
line and git config only (no pyproject.toml: kynan/nbstripout#166), so they
live in this file rather than in pyproject.toml.

    python -m tools.nbstrip [--verify] NOTEBOOK ...   (stdin to stdout without one)
"""

from __future__ import annotations

import sys

import nbstripout

LANGUAGE_INFO_KEYS = ['codemirror_mode', 'file_extension', 'mimetype']
LANGUAGE_INFO_KEYS += ['nbconvert_exporter', 'pygments_lexer', 'version']
ARGS = [
    '--keep-output',
    '--keep-count',
    '--extra-keys',
    ' '.join('metadata.language_info.' + key for key in LANGUAGE_INFO_KEYS),
]


def main(argv: list[str]) -> None:
    """nbstripout's own command line, with ARGS before `argv`."""
    sys.argv = ['nbstripout', *ARGS, *argv]
    nbstripout.main()


if __name__ == '__main__':
    main(sys.argv[1:])
