# tickertape: `make html` builds the demo site, `make test` runs the suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PELICAN := $(BIN)/pelican
PELICANOPTS ?=
PORT ?= 8000
export SITEURL

.PHONY: html publish serve devserver test bench golden lint clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

html: $(STAMP)
	$(BIN)/tickertape build -s pelican.conf.py -o output $(PELICANOPTS)

publish: $(STAMP)
	$(BIN)/tickertape build -s publishconf.py -o output $(PELICANOPTS)

serve: $(STAMP)
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory output $(PORT)

devserver: $(STAMP)
	$(PELICAN) content -o output -s pelican.conf.py -r -l -p $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench.all

golden: $(STAMP)
	$(BIN)/python -m tests.golden.regen

lint: $(STAMP)
	$(BIN)/ruff check tickertape plugins tests bench
	$(BIN)/mypy

clean:
	rm -rf output build
