#!/usr/bin/env bash
# make test-all: the whole suite on each of Python 3.11, 3.12, 3.13 and 3.14
# that this machine has (on PATH as python3.X, under ~/.pyenv, or for 3.14
# the interpreter ../shared/tools/python3.14.sh unpacks into the cache), each
# in its own .venv (.venv for 3.11, .venv-3.12, ...). Reports each result
# and wall time; exits 1 if any failed.
set -uo pipefail
failed=0
summary=()
cache=${XDG_CACHE_HOME:-$HOME/.cache}
for version in 3.11 3.12 3.13 3.14; do
  python=''
  for candidate in "$(command -v "python$version" 2>/dev/null)" \
                   "$HOME"/.pyenv/versions/"$version".*/bin/python3 \
                   "$cache/d2lmini-python$version/root/usr/bin/python$version"; do
    if [ -x "$candidate" ] && "$candidate" -c '' 2>/dev/null; then
      python=$candidate
      break
    fi
  done
  if [ -z "$python" ]; then
    summary+=("Python $version: not found, skipped")
    continue
  fi
  venv=.venv
  [ "$version" = 3.11 ] || venv=.venv-$version
  echo "== Python $version: $python ($venv)"
  start=$(date +%s)
  if make test PYTHON="$python" VENV="$venv"; then result=passed; else result=FAILED; failed=1; fi
  summary+=("Python $version: $result in $(( $(date +%s) - start )) s")
done
printf '%s\n' "== test-all" "${summary[@]}"
exit $failed
