#!/usr/bin/env bash
# tools/check_clean.sh COMMAND...: run COMMAND (e.g. make test) with a new,
# empty HOME, then fail unless the checkout is exactly as before (tracked,
# untracked and ignored files alike; .venv*, .uv and bytecode caches aside)
# and nothing was written under HOME but caches (~/.cache): no IPython
# profile or history, no Jupyter runtime files, no .ipynb_checkpoints.
# uv's and pip's caches stay where they were, so a fresh .venv is built from
# the same cache (and offline, under unshare -n, when it is warm).
set -euo pipefail
cache=${XDG_CACHE_HOME:-$HOME/.cache}
export UV_CACHE_DIR=${UV_CACHE_DIR:-$cache/uv} PIP_CACHE_DIR=${PIP_CACHE_DIR:-$cache/pip}
# Tools that live under HOME stay found there: python3 may be pyenv's shim,
# and pip's user agent runs `rustc --version` (pip/_internal/network/
# session.py), whose rustup proxy writes settings.toml to its home.
[ ! -d "$HOME/.pyenv" ] || export PYENV_ROOT=${PYENV_ROOT:-$HOME/.pyenv}
[ ! -d "$HOME/.rustup" ] || export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
checkout() {
  git status --porcelain --ignored --untracked-files=all |
    grep -v -E ' "?(\.venv|\.uv/)|__pycache__/' || true  # git quotes names with spaces
}
before=$(checkout)
HOME=$home "$@"
after=$(checkout)
if [ "$after" != "$before" ]; then
  echo "$*: the checkout changed:"; diff <(echo "$before") <(echo "$after") || true
  exit 1
fi
written=$(cd "$home" && find . -type f -not -path './.cache/*')
if [ -n "$written" ]; then
  echo "$*: files written under HOME:"; echo "$written"
  exit 1
fi
echo "== $*: checkout and HOME unchanged"
