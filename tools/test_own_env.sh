#!/usr/bin/env bash
# make test-own-env: the README's "Use your own environment" commands, run as
# a learner would, each way (uv, then pip) in a new environment that already
# holds the newest numpy 2, pandas, scipy, matplotlib, graphviz, requests and
# ipykernel (unpinned, from PyPI), on Python 3.12 or 3.13. Passes when
# - the commands only added packages: `pip freeze --all` before and after
#   agree on every package that was there before;
# - every notebook runs in that environment's kernel, every assert passes,
#   and every text output equals the stored one (figures are counted, not
#   compared: another matplotlib draws other SVG bytes).
# It installs from PyPI, so it is not part of `make test`.
#   usage: tools/test_own_env.sh [uv|pip ...]      (default: uv pip)
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=$PWD
ways=("$@")
[ ${#ways[@]} -gt 0 ] || ways=(uv pip)
tools_python=${PY:-.venv/bin/python}  # nbclient, and uv to set up the "before"

python=${OWN_PYTHON:-}
if [ -z "$python" ]; then
  for candidate in "$(command -v python3.13 || true)" "$(command -v python3.12 || true)" \
                   "$HOME"/.pyenv/versions/3.13.*/bin/python3 "$HOME"/.pyenv/versions/3.12.*/bin/python3; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c '' 2>/dev/null; then
      python=$candidate; break
    fi
  done
fi
[ -n "$python" ] || { echo "test-own-env: no Python 3.12 or 3.13 found (set OWN_PYTHON)"; exit 1; }

readme_block() {  # the shell block between <!-- own-env-$1 --> and the next ```
  sed -n "/<!-- own-env-$1 -->/,/^\`\`\`\$/p" README.md | sed '1,/^```sh$/d;/^```$/d'
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
for way in "${ways[@]}"; do
  commands=$(readme_block "$way")
  [ -n "$commands" ] || { echo "README.md has no <!-- own-env-$way --> block"; exit 1; }
  env=$work/$way
  echo "== $way: a learner's environment on $("$python" --version)"
  "$python" -m venv "$env"
  "$tools_python" -m uv pip install -q --python "$env/bin/python" \
    numpy pandas scipy matplotlib graphviz requests ipykernel
  "$env/bin/python" -m pip freeze --all > "$work/$way-before.txt"
  echo "== $way: the README's commands"
  printf '%s\n' "$commands"
  # as the learner runs them: the environment active, in the checkout
  (source "$env/bin/activate" && cd "$checkout" && eval "$commands")
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
print('  numpy %s, pandas %s, scipy %s, matplotlib %s, graphviz %s: unchanged'
      % tuple(before.get(k, ' missing')[2:] for k in ('numpy', 'pandas', 'scipy', 'matplotlib', 'graphviz')))
print('  added:', ' '.join(added))
for name, (old, new) in sorted(changed.items()):
    print('  CHANGED: %s %s -> %s' % (name, old, new))
sys.exit(1 if changed else 0)
PY
  then failed=1; continue; fi
  "$env/bin/python" -m ipykernel install --prefix "$work/$way-kernel" --name own-env > /dev/null 2>&1
  if ! JUPYTER_PATH="$work/$way-kernel/share/jupyter" "$tools_python" -m tools.run_notebooks \
      --check --kernel own-env notebooks/[0-9]*.ipynb; then failed=1; fi
done
rm -rf build/lib d2lmini.egg-info  # what building d2lmini from the checkout leaves
[ $failed = 0 ] && echo "== test-own-env: passed (${ways[*]})" || echo "== test-own-env: FAILED"
exit $failed
