# tickertape: `make html` builds the demo site, `make test` runs the suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PELICAN := $(BIN)/pelican
PELICANOPTS ?=
PORT ?= 8000
export SITEURL
# Browser tests: Debian's chromium driven by Playwright. From npm: axe-core
# (accessibility rules) and vnu-jar (the Nu HTML checker, run with java).
CHROMIUM ?= /usr/bin/chromium
NODE_DIR := build/node
AXE_VERSION := 4.14.1
VNU_VERSION := 26.9.27
NODE_TOOLS := axe-core@$(AXE_VERSION) vnu-jar@$(VNU_VERSION)
NODE_STAMP := $(NODE_DIR)/.installed-axe-$(AXE_VERSION)-vnu-$(VNU_VERSION)

.PHONY: html publish serve devserver search-index test browser-test browser-deps bench lint clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The project's own modules are compiled to bytecode ahead, as pip does for an
# installed package (an editable install does not, and with
# PYTHONDONTWRITEBYTECODE set every build would compile them anew).
html: $(STAMP)
	$(BIN)/python -m compileall -q tickertape plugins
	$(BIN)/tickertape build -s pelican.conf.py -o output $(PELICANOPTS)

publish: $(STAMP)
	$(BIN)/python -m compileall -q tickertape plugins
	$(BIN)/tickertape build -s publishconf.py -o output $(PELICANOPTS)

serve: $(STAMP)
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory output $(PORT)

devserver: $(STAMP)
	$(PELICAN) content -o output -s pelican.conf.py -r -l -p $(PORT)

# `tickertape build` (html, publish) indexes every build itself; this re-indexes
# output/ after a plain Pelican run such as devserver.
search-index: $(STAMP)
	$(BIN)/python -m pagefind --site output

# The whole suite; the browser tests in it run when $(CHROMIUM) exists and
# are skipped with the reason otherwise (-rs prints it).
test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -rs

# Browser tests alone, installing Chromium first where apt-get may.
browser-test: $(STAMP) $(NODE_STAMP) browser-deps
	$(BIN)/python -m pytest -rs tests/browser

browser-deps:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "browser-deps: $(CHROMIUM) missing; install Debian's chromium as root"; fi

# Without npm (or the registry) the tests that need these skip with the reason.
$(NODE_STAMP):
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "npm not found: accessibility and HTML-checker tests will be skipped"; \
	elif npm install --prefix $(NODE_DIR) --no-save --no-audit --no-fund --loglevel=error \
			$(NODE_TOOLS); then touch $@; \
	else echo "npm install failed: accessibility and HTML-checker tests will be skipped"; fi

bench: $(STAMP)
	$(BIN)/python -m bench.all

lint: $(STAMP)
	$(BIN)/ruff check tickertape plugins tests bench
	$(BIN)/mypy

clean:
	rm -rf output build
