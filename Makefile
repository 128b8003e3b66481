# Two commands on a fresh machine (Python 3.11+, Node, make):
#   make serve   set everything up, build a local preview, serve it on http://127.0.0.1:8000/ (rebuilds on edits)
#   make test    set everything up (incl. Chromium and a CJK font), run every test
# .ci/run runs `make test`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000

.PHONY: setup browser serve build test test-fast validate bench clean lock

# constraints.txt pins every package (make lock rewrites it); pip prints one line per package it gets.
$(BIN)/.installed: pyproject.toml calculator/pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -c constraints.txt \
	  -e ./calculator -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(BIN)/.installed node_modules/.installed

browser:
	scripts/install-browser.sh

validate: setup
	$(BIN)/guide validate

# A deployable site needs its public address: make build SITE_URL=https://example.org/shebao/
# (or site_url in mkdocs.yml). Without one the build stops and says so.
build: setup
	$(BIN)/guide build $(if $(SITE_URL),--site-url "$(SITE_URL)")

serve: setup
	$(BIN)/guide serve --port $(PORT)

test: setup browser
	$(BIN)/guide validate
	$(BIN)/mypy
	$(BIN)/mypy -p bench
	node_modules/.bin/tsc -p .
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not browser"

bench: setup browser
	$(BIN)/python -m bench

lock: setup
	{ sed -n '1,/^# Regenerate/p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean:
	rm -rf site .site-* $(VENV) node_modules
