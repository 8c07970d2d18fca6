#!/usr/bin/env bash
# make test-all: make test on each supported Python (pyproject.toml) that
# this machine has (on PATH as python3.X, under ~/.pyenv, or for 3.14 the
# interpreter ../shared/tools/python3.14.sh unpacks into the cache), each in
# its own .venv (.venv for 3.11, .venv-3.12, ...), then once more serially on
# the first: strict nbval passing in parallel and serial runs alike is the
# determinism check. Every run goes through tools/check_clean.sh (checkout
# and HOME unchanged). VERSIONS='3.11 3.14' picks versions. Reports each
# result and wall time; exits 1 if any failed.
set -uo pipefail
failed=0
summary=()
first=''
cache=${XDG_CACHE_HOME:-$HOME/.cache}
run() {  # label, then make's arguments
  local label=$1 start result
  shift
  echo "== $label"
  start=$(date +%s)
  if tools/check_clean.sh make test "$@"; then result=passed; else result=FAILED; failed=1; fi
  summary+=("$label: $result in $(( $(date +%s) - start )) s")
}
for version in ${VERSIONS:-$(python3 -m tools.check_python --list)}; do
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
  [ -n "$first" ] || first="PYTHON=$python VENV=$venv"
  run "Python $version ($python, $venv)" PYTHON="$python" VENV="$venv"
done
# shellcheck disable=SC2086  # $first is two make arguments
[ -z "$first" ] || run "serially, ${first%% *}" $first PYTEST_ARGS=
printf '%s\n' "== test-all" "${summary[@]}"
exit $failed
