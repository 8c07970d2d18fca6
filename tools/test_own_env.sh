#!/usr/bin/env bash
# make test-own-env: the README's "Use your own environment" commands, run as
# a learner would, each way (uv, then pip) in a new environment that already
# holds the newest numpy 2, pandas, scipy, matplotlib and ipykernel (unpinned,
# from PyPI), on Python 3.12 or 3.13. The uv way's also holds graphviz and
# requests (as Colab does: nothing may be downgraded); the pip way's lacks
# them, so pip installs them: that is when pip's resolver used to print
# "ERROR: pip's dependency resolver ..." (issue 20). Passes when
# - no command prints an error (a line starting ERROR or error);
# - nothing is written into the checkout: `git status --porcelain --ignored`
#   is the same before and after (build/ and *.egg-info are ignored files,
#   but still the learner's checkout);
# - `pip check` prints exactly the two lines the README states: mxnet's
#   graphviz<0.9 and numpy<2, lifted on purpose;
# - the commands only added packages: `pip freeze --all` before and after
#   agree on every package that was there before;
# - every notebook runs in that environment's kernel, every assert passes,
#   and every text output equals the stored one (figures are counted, not
#   compared: another matplotlib draws other SVG bytes).
# make test-teacher (way `teacher`): the README's "For teachers" job, its
# `run: |` lines in a new, empty environment (a CI runner's), in a fresh copy
# of the committed checkout (git archive HEAD, as a CI clone; its status is
# not checked), its last line plain nbval on both editions; then plain nbval as the
# README prints it for a course folder, in a folder holding only copies of
# both editions' notebooks. The same checks, but every output is compared,
# figures included.
# It installs from PyPI, so it is not part of `make test`.
#   usage: tools/test_own_env.sh [uv|pip|teacher ...]      (default: uv pip)
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=$PWD
ways=("$@")
[ ${#ways[@]} -gt 0 ] || ways=(uv pip)
tools_python=${PY:-.venv/bin/python}  # nbclient, and uv to set up the "before"

python=${OWN_PYTHON:-}
versions=(3.13 3.12)
[ "${ways[*]}" != teacher ] || versions=(3.12 3.13)  # the README's job runs 3.12
if [ -z "$python" ]; then
  for candidate in "$(command -v "python${versions[0]}" || true)" \
                   "$(command -v "python${versions[1]}" || true)" \
                   "$HOME"/.pyenv/versions/"${versions[0]}".*/bin/python3 \
                   "$HOME"/.pyenv/versions/"${versions[1]}".*/bin/python3; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c '' 2>/dev/null; then
      python=$candidate; break
    fi
  done
fi
[ -n "$python" ] || { echo "test-own-env: no Python 3.12 or 3.13 found (set OWN_PYTHON)"; exit 1; }

readme_block() {  # the code block between <!-- $1 --> and the next ```
  sed -n "/<!-- $1 -->/,/^\`\`\`\$/p" README.md | sed '1,/^```[a-z]*$/d;/^```$/d'
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
for way in "${ways[@]}"; do
  if [ "$way" = teacher ]; then  # the job's `run: |` lines
    commands=$(readme_block teacher-ci | sed -n '/run: |/,$p' | sed '1d;s/^ *//')
  else
    commands=$(readme_block "own-env-$way")
  fi
  [ -n "$commands" ] || { echo "README.md has no block for the $way way"; exit 1; }
  env=$work/$way
  echo "== $way: a learner's environment on $("$python" --version)"
  "$python" -m venv "$env"
  before_packages=(numpy pandas scipy matplotlib ipykernel)
  [ "$way" = pip ] || before_packages+=(graphviz requests)
  [ "$way" != teacher ] || before_packages=()  # a CI runner's new Python
  [ ${#before_packages[@]} = 0 ] ||
    "$tools_python" -m uv pip install -q --python "$env/bin/python" "${before_packages[@]}"
  "$env/bin/python" -m pip freeze --all > "$work/$way-before.txt"
  echo "== $way: the README's commands"
  printf '%s\n' "$commands"
  # as the learner runs them: the environment active, in the checkout
  checkout_before=$(git -C "$checkout" status --porcelain --ignored)
  where=$checkout
  if [ "$way" = teacher ]; then
    where=$work/clone && mkdir "$where" && git -C "$checkout" archive HEAD | tar -x -C "$where"
  fi
  if ! (source "$env/bin/activate" && cd "$where" && eval "$commands") 2>&1 \
      | tee "$work/$way-install.log"; then
    echo "== $way: the commands failed"; failed=1; continue
  fi
  if grep -iE '^\s*error' "$work/$way-install.log"; then
    echo "== $way: the commands printed the error above"; failed=1
  fi
  written=$(comm -13 <(printf '%s\n' "$checkout_before" | sort) \
    <(git -C "$checkout" status --porcelain --ignored | sort))
  if [ -n "$written" ] && [ "$where" = "$checkout" ]; then
    printf '== %s: the install wrote into the checkout:\n%s\n' "$way" "$written"
    failed=1
    # removed, so that the next way and the learner start clean again
    printf '%s\n' "$written" | sed 's/^...//' | (cd "$checkout" && xargs -r rm -rf --)
  fi
  "$env/bin/python" -m pip check > "$work/$way-check.txt" || true
  if ! "$tools_python" - "$work/$way-check.txt" <<'PY'
import re
import sys

lines = open(sys.argv[1]).read().splitlines()
expected = [
    r'mxnet 1\.9\.1 has requirement graphviz<0\.9\.0,>=0\.8\.1, but you have graphviz [\w.]+\.',
    r'mxnet 1\.9\.1 has requirement numpy<2\.0\.0,>1\.16\.0, but you have numpy [\w.]+\.',
]
print('pip check:', *lines, sep='\n  ')
ok = len(lines) == len(expected) and all(map(re.fullmatch, expected, lines))
sys.exit(0 if ok else 'pip check: not the two lines README.md states')
PY
  then failed=1; fi
  "$env/bin/python" -m pip freeze --all > "$work/$way-after.txt"
  if ! "$tools_python" - "$work/$way-before.txt" "$work/$way-after.txt" <<'PY'
import sys
import re

def freeze(path):  # name -> version (or ' @ url')
    return dict(re.match(r'([^=@ ]+)\s*((?:==| @ ).*)', line).groups()
                for line in open(path).read().splitlines() if line.strip())

before, after = (freeze(p) for p in sys.argv[1:])
changed = {k: (v, after.get(k)) for k, v in before.items() if after.get(k) != v}
added = sorted('%s%s' % (k, v) for k, v in after.items() if k not in before)
print('pip freeze: %d packages before, %d after' % (len(before), len(after)))
print('  before: ' + ', '.join('%s %s' % (k, before.get(k, '--none')[2:])
      for k in ('numpy', 'pandas', 'scipy', 'matplotlib', 'graphviz', 'requests')))
print('  added:', ' '.join(added))
for name, (old, new) in sorted(changed.items()):
    print('  CHANGED: %s %s -> %s' % (name, old, new))
sys.exit(1 if changed else 0)
PY
  then failed=1; continue; fi
  if [ "$way" = teacher ]; then  # the course folder: both editions, nothing else
    mkdir -p "$work/course/zh"
    cp notebooks/*.ipynb "$work/course/"
    cp notebooks/zh/*.ipynb "$work/course/zh/"
    command=$(readme_block teacher-folder)  # read here: README.md is not there
    [ -n "$command" ] || { echo "README.md has no <!-- teacher-folder --> block"; exit 1; }
    echo "== teacher: in a folder holding only the notebooks: $command"
    (source "$env/bin/activate" && cd "$work/course" && eval "$command") || failed=1
    continue
  fi
  "$env/bin/python" -m ipykernel install --prefix "$work/$way-kernel" --name own-env > /dev/null 2>&1
  if ! JUPYTER_PATH="$work/$way-kernel/share/jupyter" "$tools_python" -m tools.run_notebooks \
      --check --kernel own-env; then failed=1; fi  # every English notebook
done
[ $failed = 0 ] && echo "== test-own-env: passed (${ways[*]})" || echo "== test-own-env: FAILED"
exit $failed
