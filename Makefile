# Two commands: `make run` and `make test`. Both create .venv when missing, install the
# system libraries (Debian/Ubuntu) and the project, and are quick when nothing changed.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test faults bench accuracy lint format setup system-deps clean translations graphs

run: setup
	$(PY) -m cnnviz

# lint-imports checks the import contracts of pyproject.toml (the core imports no Qt, …)
test: setup
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

# The fault suite at length: 20 kill -9 trials on real Fashion-MNIST, every injected fault.
faults: setup
	CNNVIZ_FAULT_TRIALS=20 CNNVIZ_FAULT_DATASET=fashion-mnist QT_QPA_PLATFORM=offscreen \
		$(PY) -m pytest -s --timeout 3600 tests/test_faults.py tests/test_cli_errors.py \
		tests/core/training/test_checkpoint_safety.py \
		"tests/gui/test_training.py::test_open_run_evaluation_and_use_weights_refuse_a_crafted_checkpoint" \
		$(PYTEST_ARGS)

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run.py

accuracy: setup
	$(PY) benchmarks/accuracy.py

lint: setup
	$(VENV)/bin/ruff check cnnviz tests benchmarks
	$(VENV)/bin/ruff format --check cnnviz tests benchmarks
	$(VENV)/bin/lint-imports

format: setup
	$(VENV)/bin/ruff format cnnviz tests benchmarks
	$(VENV)/bin/ruff check --fix cnnviz tests benchmarks

# Refresh the Chinese catalogue from every tr() in the GUI and every message("…") template of
# the core (collected into cnnviz/gui/core_messages.py first); translations already made are
# kept, new texts come in "unfinished". Then compile the .qm the app loads (committed: no Qt
# tools needed to run the app).
TS := resources/translations/cnnviz_zh_CN.ts
translations: $(STAMP)
	$(PY) scripts/core_messages.py
	$(VENV)/bin/pyside6-lupdate $$(find cnnviz/gui -name '*.py' | sort) -ts $(TS) \
		-source-language en -target-language zh_CN -locations none -no-obsolete
	$(VENV)/bin/pyside6-lrelease $(TS) -qm $(TS:.ts=.qm)

# Trace the zoo networks again into resources/graphs/*.json (drawn before torch is imported);
# tests/core/test_graph_cache.py says when a network or the graph engine changed them
graphs: $(STAMP)
	$(PY) -m cnnviz.core.graph.cache

setup: system-deps $(STAMP)

system-deps:
	@sh scripts/system-deps.sh

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis .ruff_cache
