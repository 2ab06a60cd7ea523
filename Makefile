PYTHON ?= $(shell command -v python3.13 || ls $$HOME/.pyenv/versions/3.13*/bin/python3.13 2>/dev/null | tail -1)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint fmt bench install demo clean vendor chromium

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

# Development settings (DEBUG=1, a fresh SECRET_KEY), written once; the environment wins over it.
.env: | $(VENV)/.installed
	$(PY) -m config.dotenv

install: $(VENV)/.installed $(NPM_STAMP) .env

# The browser tests drive Debian's Chromium (never a downloaded browser). As root it is
# installed (refreshing the package lists only when apt does not know the package);
# otherwise the rule stops and names the command to run.
CHROMIUM ?= /usr/bin/chromium
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	    if [ "$$(id -u)" != 0 ]; then \
	        echo "The browser tests need Debian's Chromium: run 'sudo apt-get update && sudo apt-get install -y chromium', then make test again." >&2; \
	        exit 1; \
	    fi; \
	    echo "Installing Debian's chromium for the browser tests"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-cache show chromium >/dev/null 2>&1 || apt-get update -q; \
	    apt-get install -y -q chromium; \
	fi

KATEX := node_modules/katex
vendor: node_modules/.installed
	rm -rf static/vendor/katex
	mkdir -p static/vendor/katex/contrib
	cp $(KATEX)/dist/katex.min.js $(KATEX)/dist/katex.min.css $(KATEX)/LICENSE static/vendor/katex/
	cp -r $(KATEX)/dist/fonts static/vendor/katex/fonts
	cp $(KATEX)/dist/contrib/auto-render.min.js static/vendor/katex/contrib/

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_admin --url http://$(HOST):$(PORT)/admin/

run: demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install chromium
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles test-output
