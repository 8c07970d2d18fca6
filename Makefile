# make lab    set up .venv if needed and open JupyterLab on notebooks/
# make test   set up .venv if needed, run make lint, then the whole suite
#             (the stack checks only when their inputs changed; see below)
# make html   the notebooks as a static offline site in build/html/
# PYTHON=/path/to/python3.12 selects the interpreter (3.11 to 3.14).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PYVER := $(shell $(PYTHON) -m tools.check_python --version)
PINNED := $(VENV)/.pinned-py$(PYVER)
STAMP := $(VENV)/.installed-py$(PYVER)
# Notebooks run two at a time (each in its own kernel); PYTEST_ARGS= for serial.
# Scopes go out in collection order (testpaths: notebooks first), not most
# tests first, so the short unit tests fill in at the end.
PYTEST_ARGS ?= -n 2 --dist loadscope --no-loadscope-reorder

# The notebooks of each edition, from tools/editions.py (once .venv exists).
# The Chinese edition: tools/editions.py writes it from the English notebooks
# (code, outputs) and translations/zh/ (prose); tests/test_editions.py checks.
NOTEBOOKS = $(shell $(PY) -m tools.editions --list en)
ZH_NOTEBOOKS = $(shell $(PY) -m tools.editions --list zh)
# nbstripout with the options of pre-commit and make lab's save hook.
NBSTRIPOUT := $(PY) -m tools.nbstrip

.PHONY: new-notebook lab lint test test-stack notebooks notebooks-zh html bench test-all test-own-env test-browser test-determinism pins mutants clean

# uv builds .venv in seconds and, through overrides.txt, lifts mxnet 1.9.1's
# stale numpy<2 and nothing else (-c: our own pins still hold). The uv on
# PATH if it runs, else the one requirements.txt pins, put into .uv/ once.
UV ?= $(shell uv --version >/dev/null 2>&1 && echo uv || echo .uv/bin/uv)
UV_PIN = $(shell sed -n 's/^uv==\([^ ;]*\).*/\1/p' requirements.txt)
UV_INSTALL := pip install -r requirements.txt -c requirements.txt \
  --override overrides.txt

# A fresh .venv whenever the pins or the Python change, so it holds exactly
# the pins; otherwise uv is not run at all (a warm .venv sets up offline).
$(PINNED): requirements.txt overrides.txt
	@$(PYTHON) -m tools.check_python
	@[ "$(UV)" != .uv/bin/uv ] || [ -x .uv/bin/uv ] || \
	  $(PYTHON) -m pip install --disable-pip-version-check -q --target .uv uv==$(UV_PIN)
	rm -rf $(VENV)
	$(UV) venv -q --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')" $(VENV)
	$(UV) $(UV_INSTALL) -q --python $(PY)
	touch $(PINNED)

# d2lmini itself, editable; redone (offline, no deps) when pyproject.toml
# changes, which is mostly tool settings.
$(STAMP): $(PINNED) pyproject.toml
	$(UV) pip install -q --python $(PY) --no-deps --no-build-isolation -e .
	touch $(STAMP)

# requirements.txt from requirements.in, for Python 3.11 to 3.14 at once;
# versions already in requirements.txt are kept unless the .in excludes them.
pins: $(STAMP)
	$(PY) -m uv pip compile -q --universal --python-version 3.11 \
	  --custom-compile-command 'make pins' requirements.in -c requirements.in \
	  --override overrides.txt -o requirements.txt

# LAB_ARGS: more options for JupyterLab, e.g. from a container's host:
#   make lab LAB_ARGS='--ip=0.0.0.0 --no-browser'
# As root (as in most containers) Jupyter will not start without
# --allow-root, so it is added then.
LAB_ARGS ?=
ROOT_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root)
# Both editions show: the English in notebooks/, the Chinese in notebooks/zh/.
# Before JupyterLab starts, the notebooks are trusted (Jupyter's signatures,
# kept in your Jupyter data folder; the files are not changed), or Lab would
# not show their stored figures until they are run. Lab saves through
# tools/jupyter_server_config.py, which strips what it adds on save the way
# make lint does: running and saving a notebook leaves git status clean, and
# real edits (code, prose, outputs) still show.
lab: $(STAMP)
	$(VENV)/bin/jupyter trust $(NOTEBOOKS) $(ZH_NOTEBOOKS)
	$(PY) -m jupyterlab notebooks/ \
	  --config tools/jupyter_server_config.py $(ROOT_ARGS) $(LAB_ARGS)

# What pre-commit runs (.pre-commit-config.yaml), without pre-commit.
lint: $(STAMP)
	$(VENV)/bin/ruff check --no-cache .
	$(VENV)/bin/ruff format --no-cache --check .
	$(NBSTRIPOUT) --verify $(NOTEBOOKS) $(ZH_NOTEBOOKS) docs/*.ipynb tests/nbfixtures/*.ipynb

# - Bytecode goes to .venv/pycache, never into the checkout, even where
#   PYTHONDONTWRITEBYTECODE=1 is set (as on our CI machines). With no cache
#   at all, pytest re-does its assertion rewriting of hypothesis, nbval and
#   xdist in each of its processes: about 1 s of CPU apiece, every run.
# - One OpenMP/OpenBLAS thread per process: two kernels and a test worker
#   share the 2 cores, and per-core threads in each only wait on each other
#   (about 2 s of a 30 s run). make notebooks keeps the default threads, so
#   strict nbval also shows that no output depends on the thread count.
TEST_ENV := env -u PYTHONDONTWRITEBYTECODE \
  PYTHONPYCACHEPREFIX=$(abspath $(VENV))/pycache OMP_NUM_THREADS=1

# The stack checks (tests marked `stack`: test_broken_env.py, test_harness.py)
# show facts about the pinned stack: each kernel trap is still real under
# plain nbval, and a broken environment fails the way d2lmini/_compat.py
# expects. They cost a fifth of the suite's CPU (three mxnet imports in fresh
# interpreters, a second pytest, three kernels), and their outcome depends
# only on .venv and the files below. So make test reruns them only when one
# of those changed since they last passed in this .venv (always in a fresh
# clone, as in CI), the way make rebuilds only what changed; make test-stack
# reruns them regardless.
STACK_TESTS := tests/test_broken_env.py tests/test_harness.py
STACK_INPUTS := $(STACK_TESTS) requirements.txt overrides.txt pyproject.toml conftest.py \
  tests/conftest.py tests/nbfixtures/traps.ipynb tools/run_notebooks.py \
  tools/check_python.py tools/kernel.py d2lmini/__init__.py d2lmini/_compat.py
STACK_PASSED := $(VENV)/.stack-passed-py$(PYVER)

$(STACK_PASSED): $(STAMP) $(STACK_INPUTS)
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS) -m stack $(STACK_TESTS)
	touch $(STACK_PASSED)

test: lint $(STACK_PASSED)
	@echo 'stack checks: passed with these inputs in this .venv (make test-stack reruns them)'
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS) -m 'not stack and not browser'

test-stack: $(STAMP)
	rm -f $(STACK_PASSED)
	$(MAKE) --no-print-directory $(STACK_PASSED)

# Re-execute every English notebook in place, with the kernel settings of
# the tests, then write the Chinese edition from them.
notebooks: $(STAMP)
	$(PY) -m tools.run_notebooks
	$(NBSTRIPOUT) $(NOTEBOOKS)
	$(MAKE) --no-print-directory notebooks-zh

# make new-notebook NAME=10-short-name: the template, with the rules of
# docs/notebook-rules.md in place, as notebooks/NAME.ipynb.
new-notebook:
	@case "$(NAME)" in [0-9][0-9]-*) ;; *) echo 'NAME=NN-short-name, e.g. NAME=10-momentum'; exit 1;; esac
	@[ ! -e notebooks/$(NAME).ipynb ] || { echo 'notebooks/$(NAME).ipynb exists'; exit 1; }
	cp docs/notebook-template.ipynb notebooks/$(NAME).ipynb

# Only the Chinese edition, from the stored English notebooks and
# translations/zh/ (seconds, no kernel): after editing a translation. Stops,
# writing nothing, if a markdown cell has no translation, and prints the
# sections to add. Made from stripped notebooks, it needs no stripping
# (make lint verifies; tests/test_editions.py checks the bytes).
notebooks-zh: $(STAMP)
	$(PY) -m tools.editions

# Both editions with their stored outputs as a static site: build/html/
# (English, index.html first) and build/html/zh/ (Chinese), a language switch
# on every page; works offline, nothing loads from another host.
html: $(STAMP)
	$(PY) -m tools.build_html --out build/html

# Every notebook in JupyterLab, started by make lab, in Debian's Chromium
# (apt-get install chromium; never a downloaded browser), and the make html
# pages. Screenshots in build/browser/. Each notebook's Run-All time printed.
test-browser: $(STAMP)
	$(TEST_ENV) D2LMINI_BROWSER_REQUIRED=1 \
	  $(PY) -m pytest -p no:xdist -s -m browser tests/test_browser.py

# Mutation testing of d2lmini/ (mutmut, [tool.mutmut] in pyproject.toml)
# with the unit tests; fails on a survivor that is neither a change of a
# message's wording nor explained in tests/mutants-explained.txt. About 2
# minutes here. A tool to run, not part of make test.
mutants: $(STAMP)
	$(PY) -m tools.mutants

# The suite on Python 3.11, 3.12, 3.13 and 3.14, each where present.
test-all:
	tools/test_all.sh

# The README's "Use your own environment" commands, uv's and pip's, each in
# a new environment holding the newest numpy 2, pandas, scipy, matplotlib and
# ipykernel: nothing installed may change, every notebook runs there with its
# stored text outputs. Installs from PyPI, so not part of make test.
test-own-env: $(STAMP)
	PY=$(PY) tools/test_own_env.sh

# Three serial and three parallel runs (RUNS=2: two and two); checkout and
# HOME left untouched.
RUNS ?= 3
test-determinism: $(STAMP)
	PY=$(PY) RUNS=$(RUNS) tools/check_determinism.sh

# Speed claims live here, not in timed tests: d2lmini.data_iter against the
# book's (exits 1 below 8x), and each notebook's in-kernel run time.
bench: $(STAMP)
	$(PY) -m benchmarks.bench_data_iter
	$(PY) -m benchmarks.notebook_times

clean:
	rm -rf .venv .venv-* .uv build mutants
