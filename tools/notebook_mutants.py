"""make mutants, for the notebooks: runs each mutant of
tests/notebook-mutants/NN-name.toml (rule 10 of docs/notebook-rules.md says
what an entry holds) and passes only if the assert named in `fails` raises
AssertionError; a mutant that runs through, or fails elsewhere, is reported.
Two kernels at a time, a few minutes.

Usage: python -m tools.notebook_mutants [NOTEBOOK-NAME ...]
"""

from __future__ import annotations

import pathlib
import re
import sys
from concurrent.futures import ProcessPoolExecutor

import nbformat
import tomllib
from nbclient.exceptions import CellExecutionError

from tools.editions import runnable

ROOT = pathlib.Path(__file__).resolve().parents[1]
MUTANTS = ROOT / 'tests' / 'notebook-mutants'
ANSI = re.compile(r'\x1b\[[0-9;]*m')
ARROW = re.compile(r'^-+> +\d+ (.*)$', re.M)


def load() -> list[dict]:
    """Every mutant, each with its notebook's name under `notebook`."""
    return [
        dict(mutant, notebook=path.stem)
        for path in sorted(MUTANTS.glob('*.toml'))
        for mutant in tomllib.loads(path.read_text())['mutant']
    ]


def apply(nb, mutant: dict) -> int:
    """Apply `mutant` to `nb` in place; the index of the cell it changed.
    ValueError unless its `old` occurs exactly once in the code cells."""
    found = [
        (i, cell.source.count(mutant['old']))
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == 'code' and mutant['old'] in cell.source
    ]
    if sum(n for _, n in found) != 1:
        raise ValueError(
            '%s: %r occurs %d times in its code cells, not once'
            % (mutant['notebook'], mutant['old'], sum(n for _, n in found))
        )
    index = found[0][0]
    nb.cells[index].source = nb.cells[index].source.replace(mutant['old'], mutant['new'])
    return index


def failing_line(err: CellExecutionError) -> str:
    """The cell's line that raised, as IPython marks it (`---> 13 ...`)."""
    text = ANSI.sub('', err.traceback)
    found = ARROW.search(text, text.find('Traceback (most recent call last)'))
    return found.group(1) if found else ''


def kill(mutant: dict) -> tuple[bool, str]:
    """Run the mutated notebook; (killed as expected?, what happened)."""
    from tools.run_notebooks import execute

    path = ROOT / 'notebooks' / (mutant['notebook'] + '.ipynb')
    nb = nbformat.read(path, as_version=4)
    changed = apply(nb, mutant)
    where = '%s cell %d: %r -> %r' % (mutant['notebook'], changed, mutant['old'], mutant['new'])
    try:
        execute(path, nb=nb)
    except CellExecutionError as err:
        if err.ename == 'AssertionError' and mutant['fails'] in failing_line(err):
            return True, 'killed   %s\n         by `%s`' % (where, mutant['fails'])
        return False, 'FAILED   %s\n         raised %s, not at `%s`:\n%s' % (
            where,
            err.ename,
            mutant['fails'],
            ANSI.sub('', str(err))[-1500:],
        )
    return False, 'SURVIVED %s\n         every cell ran' % where


def main(argv: list[str]) -> int:
    can_run = {p.stem for p in runnable('en')}  # torch's: in make test-torch's Python
    mutants = [m for m in load() if m['notebook'] in argv or not argv and m['notebook'] in can_run]
    with ProcessPoolExecutor(2) as pool:
        results = list(pool.map(kill, mutants))
    for ok, report in results:
        print(report)
    killed = sum(ok for ok, _ in results)
    print('%d of %d notebook mutants killed by the assert named' % (killed, len(results)))
    return 0 if killed == len(results) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
