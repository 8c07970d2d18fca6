"""make mutants: mutation testing of d2lmini/ (mutmut, configured in
pyproject.toml), and a verdict on every mutant that survives.

A survivor passes if it changes only the text inside string literals (an
error message's wording: tests/test_inputs.py checks the words a learner
needs, not every character). Every other survivor is printed with its diff,
and the run fails: kill it with a test, or, if it cannot change what a
helper does, end its line in d2lmini/ with `# pragma: no mutate` and say
why in a comment beside it (mutmut then makes no mutants of that line).

Usage: python -m tools.mutants [--no-run]   (--no-run: judge the last run)
"""

from __future__ import annotations

import io
import pathlib
import shutil
import subprocess
import sys
import tokenize

ROOT = pathlib.Path(__file__).resolve().parents[1]
MUTMUT = [sys.executable, '-m', 'mutmut']
CHECKED = ('killed', 'survived', 'no tests')
STOPPED = ('timeout', 'check was interrupted by user')


def mutmut(*args: str) -> str:
    return subprocess.run(
        MUTMUT + list(args), cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def without_strings(lines: list[str]) -> list[str]:
    """The lines' tokens with every string literal's text blanked."""
    source = '\n'.join(line.strip() for line in lines)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return lines
    return [
        '""' if t.type == tokenize.STRING else t.string
        for t in tokens
        if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)
    ]


def main(argv: list[str]) -> int:
    if '--no-run' not in argv:
        # mutmut copies the tests into mutants/ once and reuses them: start
        # afresh, so that the tests run are the ones in the checkout
        shutil.rmtree(ROOT / 'mutants', ignore_errors=True)
        if subprocess.run(MUTMUT + ['run'], cwd=ROOT, check=False).returncode:
            print('mutmut run failed: see above')
            return 1
    rows = (line.partition(':') for line in mutmut('results', '--all', 'true').splitlines())
    results = {name.strip(): status.strip() for name, _, status in rows if status}
    # a mutant whose tests hang or crash the runner is stopped: it did not
    # survive, and the summary names it
    stopped = sorted(n for n, s in results.items() if s in STOPPED)
    unchecked = sorted(n for n, s in results.items() if s not in CHECKED + STOPPED)
    if unchecked:
        print('not checked (%d), e.g. %s: run mutmut again' % (len(unchecked), unchecked[0]))
        return 1
    survivors = sorted(n for n, s in results.items() if s in ('survived', 'no tests'))
    unexplained = 0
    for name in survivors:
        text = mutmut('show', name)
        lines = text.splitlines()
        old = [x[1:] for x in lines if x.startswith('-') and not x.startswith('---')]
        new = [x[1:] for x in lines if x.startswith('+') and not x.startswith('+++')]
        if not (old and new and without_strings(old) == without_strings(new)):
            unexplained += 1
            print('UNEXPLAINED %s (%s)\n%s' % (name, results[name], text))
    killed = sum(s == 'killed' for s in results.values())
    print('stopped (tests hung or crashed on them): %s' % (', '.join(stopped) or 'none'))
    total, wording = len(results), len(survivors) - unexplained
    print('mutants: %d, killed %d (%.0f%%)' % (total, killed, 100 * killed / max(total, 1)))
    print(
        "survived %d: %d change only a message's wording, %d unexplained"
        % (len(survivors), wording, unexplained)
    )
    print('(lines marked `# pragma: no mutate` make no mutants)')
    return 1 if unexplained else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
