# The two commands of the README: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HASH   := $(shell cat pyproject.toml | sha256sum | cut -c1-12)
# What the app needs to run (team mode's driver included), then what the tests need on top.
RUN_STAMP := $(VENV)/.run-$(HASH)
STAMP  := $(VENV)/.installed-$(HASH)

# Compiled translations (.qm): built from resources/i18n/*.ts, never committed.
QM     := resources/i18n/annotator_en.qm resources/i18n/annotator_id.qm

.PHONY: run display test lint typecheck pytest bench package clean translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[postgres]'
	$(BIN)/python -m annotator.i18n compile
	rm -f $(VENV)/.run-*
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,postgres,package]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# A translation source edited since the install: compile again.
resources/i18n/annotator_%.qm: resources/i18n/annotator_%.ts | $(RUN_STAMP)
	$(BIN)/python -m annotator.i18n compile

## translations: re-extract the GUI's strings into resources/i18n/*.ts (lupdate), keeping
## the translations; new ones are marked unfinished for Qt Linguist
translations: $(STAMP)
	$(BIN)/python -m annotator.i18n update

## run: set up only what the app needs and open it on the default (demo) corpus; without a
## display it says so (and how to get one) before installing anything
run: display $(RUN_STAMP) $(QM)
	$(BIN)/annotator gui

display:
	@$(PYTHON) annotator/display.py

## test: set up, then lint, type check and run every test offscreen
# A test past its time ends the run with every thread's stack (pytest-timeout, pyproject.toml);
# anything else that hangs (collection, the test server's start or stop) is stopped after 40
# minutes with SIGABRT, on which Python prints every thread's stack (PYTHONFAULTHANDLER).
test: $(STAMP) $(QM)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen PYTHONFAULTHANDLER=1 timeout -s ABRT 2400 $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

## bench: scale benchmarks; each figure is printed next to its raw limit
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

## package: build the self-contained app folder dist/annotator/ (PyInstaller; packaging/)
package: $(STAMP)
	$(BIN)/python packaging/build.py

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .pytest_cache .ruff_cache
