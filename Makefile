# make lab    JupyterLab on both editions of the notebooks
# make test   make lint, then the whole suite (strict nbval included)
# make html   the notebooks as an offline site in build/html/
# Each sets up .venv first; PYTHON=/path/to/python3.12 picks the interpreter.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PYVER := $(shell $(PYTHON) -m tools.check_python --version)
PINNED := $(VENV)/.pinned-py$(PYVER)
STAMP := $(VENV)/.installed-py$(PYVER)
# Bytecode cached in .venv/pycache, never the checkout (the lint and the
# notebook lists too: ~1 s a make test where the caller sets
# PYTHONDONTWRITEBYTECODE); one BLAS thread a test process (two kernels and a
# worker share 2 cores; make notebooks keeps more).
CACHED := env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=$(abspath $(VENV))/pycache
TEST_ENV := $(CACHED) OMP_NUM_THREADS=1
NOTEBOOKS = $(shell $(CACHED) $(PY) -m tools.editions --list en)
ZH_NOTEBOOKS = $(shell $(CACHED) $(PY) -m tools.editions --list zh)
NBSTRIPOUT := $(CACHED) $(PY) -m tools.nbstrip
# Two notebooks at a time, in collection order (PYTEST_ARGS= for serial).
PYTEST_ARGS ?= -n 2 --dist loadscope --no-loadscope-reorder

.PHONY: lab test html lint notebooks notebooks-zh new-notebook bench test-all \
  test-own-env test-teacher test-colab test-cpus test-browser mutants pins clean

# Trusted so stored figures show; python -m so the config (strip on save) imports
# tools. LAB_ARGS='--ip=0.0.0.0 --no-browser' serves a container's host.
lab: $(STAMP)
	$(VENV)/bin/jupyter trust $(NOTEBOOKS) $(ZH_NOTEBOOKS)
	$(PY) -m jupyterlab notebooks/ --config tools/jupyter_server_config.py \
	  $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

test: lint
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS) -m 'not browser'

html: $(STAMP)
	$(PY) -m tools.build_html --out build/html

# ---- maintainer's targets (docs/notebook-rules.md: adding a notebook) ----
lint: $(STAMP)
	$(VENV)/bin/ruff check --no-cache .
	$(VENV)/bin/ruff format --no-cache --check .
	$(NBSTRIPOUT) --verify $(NOTEBOOKS) $(ZH_NOTEBOOKS) docs/*.ipynb tests/nbfixtures/*.ipynb

# Re-run the English notebooks in place, then write the Chinese edition.
notebooks: $(STAMP)
	$(PY) -m tools.run_notebooks
	$(NBSTRIPOUT) $(NOTEBOOKS)
	$(MAKE) --no-print-directory notebooks-zh

# Only notebooks/zh/, from the stored English notebooks and translations/zh/.
notebooks-zh: $(STAMP)
	$(PY) -m tools.editions

new-notebook:
	@[ -n "$(NAME)" ] && [ ! -e notebooks/$(NAME).ipynb ] || \
	  { echo 'make new-notebook NAME=10-short-name (a name not taken)'; exit 1; }
	cp docs/notebook-template.ipynb notebooks/$(NAME).ipynb

bench: $(STAMP)
	$(PY) -m benchmarks.bench_checks
	$(PY) -m benchmarks.notebook_times
# make test on each supported Python present, then serially (tools/test_all.sh).
test-all:
	tools/test_all.sh
test-own-env: $(STAMP)
	PY=$(PY) tools/test_own_env.sh
# README's "For teachers": its CI job and plain nbval in a course folder.
test-teacher: $(STAMP)
	PY=$(PY) tools/test_own_env.sh teacher
# Colab's packages (tools/colab-requirements.txt); six OPENBLAS_CORETYPEs.
test-colab test-cpus: $(STAMP)
	$(TEST_ENV) $(PY) -m tools.$(subst -,_,$@)
# make lab and make html in Debian's Chromium (apt-get install chromium).
test-browser: $(STAMP)
	$(TEST_ENV) D2LMINI_BROWSER_REQUIRED=1 \
	  $(PY) -m pytest -p no:xdist -s -m browser tests/test_browser.py

mutants: $(STAMP)
	$(PY) -m tools.mutants && $(PY) -m tools.notebook_mutants
pins: $(STAMP)
	$(PY) -m uv pip compile -q --universal \
	  --python-version $(firstword $(shell $(PY) -m tools.check_python --list)) \
	  --custom-compile-command 'make pins' requirements.in -c requirements.in \
	  --override overrides.txt -o requirements.txt

# .venv: rebuilt by uv (on PATH, else the pinned one in .uv/) when the pins or
# the Python change; overrides.txt lifts mxnet's stale numpy<2, nothing else.
UV ?= $(shell uv --version >/dev/null 2>&1 && echo uv || echo .uv/bin/uv)
UV_INSTALL := pip install -r requirements.txt -c requirements.txt \
  --override overrides.txt
$(PINNED): requirements.txt overrides.txt
	@$(PYTHON) -m tools.check_python
	@[ "$(UV)" != .uv/bin/uv ] || [ -x .uv/bin/uv ] || $(PYTHON) -m pip install -q \
	  --disable-pip-version-check --target .uv "$$(grep '^uv==' requirements.txt)"
	rm -rf $(VENV)
	$(UV) venv -q --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')" $(VENV)
	$(UV) $(UV_INSTALL) -q --python $(PY)
	touch $(PINNED)

$(STAMP): $(PINNED) pyproject.toml d2lmini_hook.pth
	$(UV) pip install -q --python $(PY) --no-deps --no-build-isolation -e .
	touch $(STAMP)

clean:
	rm -rf .venv .venv-* .uv build mutants

# ---- PyTorch: notebook 12 in an environment of its own, never .venv ----
.PHONY: test-torch
# .venv-torch: the pinned set, then torch from pip, which finds this machine's
# CPU build (pip config list: find-links); uv would take PyPI's CUDA build,
# ~3 GB. Without torch, nbval skips notebook 12 (its first cell's tag
# needs-torch, d2lmini_nbval.py) and make notebooks leaves it out; to store its outputs:
# .venv-torch/bin/python -m tools.run_notebooks notebooks/12-*.ipynb; tools.nbstrip
# it; make notebooks-zh.
TORCH ?= torch==2.13.0
TORCH_VENV := .venv-torch
TORCH_STAMP := $(TORCH_VENV)/.installed-$(subst =,,$(TORCH))
TORCH_NOTEBOOKS := notebooks/12-pytorch-minibatch.ipynb notebooks/zh/12-pytorch-minibatch.ipynb
# d2lmini too: its nbval plugin runs cells as Jupyter does (a `;` hides a value).
$(TORCH_STAMP): requirements.txt overrides.txt pyproject.toml d2lmini_hook.pth
	@$(PYTHON) -m tools.check_python
	rm -rf $(TORCH_VENV)
	$(UV) venv -q --seed --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')" $(TORCH_VENV)
	$(UV) $(UV_INSTALL) -q --python $(TORCH_VENV)/bin/python
	$(UV) pip install -q --python $(TORCH_VENV)/bin/python --no-deps --no-build-isolation -e .
	$(TORCH_VENV)/bin/python -m pip install -q $(TORCH) || { echo "make test-torch:\
	  pip could not install $(TORCH) (see above). Elsewhere take PyTorch's CPU build:\
	  pip install torch --index-url https://download.pytorch.org/whl/cpu"; exit 1; }
	touch $@
# Both editions' copies under strict nbval, kernels as in make test.
test-torch: $(TORCH_STAMP)
	$(TORCH_VENV)/bin/python -c 'import torch; print("torch", torch.__version__)'
	env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=$(abspath $(TORCH_VENV))/pycache \
	  OMP_NUM_THREADS=1 $(TORCH_VENV)/bin/python -m pytest -p no:xdist $(TORCH_NOTEBOOKS)

# ---- The 2nd edition's own d2l package beside d2lmini (README) ----
.PHONY: test-d2l
# .venv-d2l: the pinned set and d2lmini, as make lab's; tools/test_d2l.py runs
# the README's d2l recipe in it, then the 2nd edition's 3.2 as printed.
D2L_VENV := .venv-d2l
$(D2L_VENV)/.installed: requirements.txt overrides.txt pyproject.toml d2lmini_hook.pth
	@$(PYTHON) -m tools.check_python
	rm -rf $(D2L_VENV)
	$(UV) venv -q --seed --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')" $(D2L_VENV)
	$(UV) $(UV_INSTALL) -q --python $(D2L_VENV)/bin/python
	$(UV) pip install -q --python $(D2L_VENV)/bin/python --no-deps --no-build-isolation -e .
	touch $@
test-d2l: $(D2L_VENV)/.installed
	env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=$(abspath $(D2L_VENV))/pycache \
	  OMP_NUM_THREADS=1 $(D2L_VENV)/bin/python -m tools.test_d2l
