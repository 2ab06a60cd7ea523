PYTHON ?= $(shell command -v python3.13 || ls $$HOME/.pyenv/versions/3.13*/bin/python3.13 2>/dev/null | tail -1)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint fmt bench install demo clean vendor

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# npm brings KaTeX (vendored into static/ by `make vendor`) and the test tools axe-core and vnu-jar.
# Install scripts are skipped: vnu-jar's would download a Java runtime; the machine's Java is used.
NPM_STAMP := $(if $(wildcard package.json),node_modules/.installed)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

install: $(VENV)/.installed $(NPM_STAMP)

KATEX := node_modules/katex
vendor: node_modules/.installed
	rm -rf static/vendor/katex
	mkdir -p static/vendor/katex/contrib
	cp $(KATEX)/dist/katex.min.js $(KATEX)/dist/katex.min.css $(KATEX)/LICENSE static/vendor/katex/
	cp -r $(KATEX)/dist/fonts static/vendor/katex/fonts
	cp $(KATEX)/dist/contrib/auto-render.min.js static/vendor/katex/contrib/

demo: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py ensure_admin --url http://$(HOST):$(PORT)/admin/

# The home page says that the demo is a demo (unless GROUP_INTRO is set).
DEMO_INTRO := This is a demo group built from one public profile: the papers are real, but the abstracts are short summaries written for the demo, and the group roles, dates and citation counts are illustrative.

run: demo
	DEBUG=1 GROUP_INTRO="$${GROUP_INTRO:-$(DEMO_INTRO)}" $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	DEBUG=1 $(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles test-output
