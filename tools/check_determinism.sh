#!/usr/bin/env bash
# make test-determinism: the strict suite three times serially and three
# times with -n 2 --dist loadscope (not the browser test: make test-browser);
# RUNS=2 makes it two and two (.ci/run, for its time budget). After every
# run the checkout is exactly as before (tracked, untracked and ignored
# files alike) and the run wrote no files under HOME except caches
# (~/.cache): no IPython profile or history, no Jupyter runtime files, no
# .ipynb_checkpoints. Python's own bytecode caches (__pycache__, ignored by
# git) may appear and are not counted.
set -euo pipefail
py=${PY:-.venv/bin/python}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
checkout() {
  git status --porcelain --ignored --untracked-files=all | grep -v -e ' \.venv' -e '__pycache__/' || true
}
before=$(checkout)
for mode in serial parallel; do
  args=()
  [ "$mode" = parallel ] && args=(-n 2 --dist loadscope)
  for run in $(seq 1 "${RUNS:-3}"); do
    echo "== $mode run $run"
    log=$(mktemp)
    if ! HOME=$home "$py" -m pytest -q -rfE -m 'not browser' "${args[@]}" > "$log" 2>&1; then
      tail -n 40 "$log"; rm -f "$log"; exit 1
    fi
    tail -n 1 "$log"; rm -f "$log"
    after=$(checkout)
    if [ "$after" != "$before" ]; then
      echo "the checkout changed:"; diff <(echo "$before") <(echo "$after") || true
      exit 1
    fi
    written=$(cd "$home" && find . -type f -not -path './.cache/*')
    if [ -n "$written" ]; then
      echo "files written under HOME:"; echo "$written"
      exit 1
    fi
  done
done
echo "== $(( 2 * ${RUNS:-3} )) runs passed; checkout and HOME unchanged"
