# The two quick-start commands, `make lab` and `make test`, set everything up from nothing:
# a virtual environment in .venv, every Python package pinned (with hashes) in requirements.lock,
# and the Debian package the grading sandbox needs (bubblewrap).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LOCK_HASH := $(shell cat requirements.lock requirements-checkov.lock pyproject.toml 2>/dev/null | sha256sum | cut -c1-16)
STAMP  := $(VENV)/.installed-$(LOCK_HASH)
JOBS   ?= 2

.PHONY: help setup sandbox lab hub test test-fast test-browser demo lint format lock clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14

setup: $(STAMP)  ## create .venv and install the pinned packages and this project

$(STAMP): requirements.lock requirements-checkov.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@# Checkov pins versions the course cannot share (networkx < 2.7): a venv of its own inside .venv
	@test -x $(VENV)/checkov/bin/python || $(PYTHON) -m venv $(VENV)/checkov
	$(VENV)/checkov/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-checkov.lock
	@ln -sf ../checkov/bin/checkov $(BIN)/checkov
	@rm -f $(VENV)/.installed-*
	@touch $@

# Debian packages the course needs: the grading sandbox, the field's tools labs run (promtool),
# the browser the browser tests drive, and PostgreSQL for a shared gradebook.
DEBIAN_PACKAGES := bubblewrap prometheus chromium postgresql python3 python3-venv
# The hub's proxy, from the npm registry at a pinned version (JupyterHub's own requirement).
CHP_VERSION := 5.3.0
CHP := $(VENV)/node/node_modules/.bin/configurable-http-proxy

sandbox:  ## install the Debian packages the course needs (bubblewrap, promtool, chromium, PostgreSQL)
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	  else echo "make: missing Debian packages:$$missing; ask an admin to run 'apt-get install$$missing'"; exit 1; fi; \
	  echo "installing:$$missing"; \
	  $$SUDO apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q --no-install-recommends $$missing >/dev/null; }; fi
	@command -v bwrap >/dev/null 2>&1 && echo "sandbox: $$(bwrap --version)"

$(CHP):
	@command -v npm >/dev/null 2>&1 || { echo "make: npm is missing (Debian package npm)"; exit 1; }
	npm install --silent --no-audit --no-fund --prefix $(VENV)/node configurable-http-proxy@$(CHP_VERSION)

lab: setup  ## start JupyterLab on the course start page (nbgrader extensions enabled)
	$(BIN)/apprentice lab

# A hub for the cohort in hub/roster.yml on this host (as root): docs/mentors.md, "JupyterHub".
HUB_ROSTER ?= hub/roster.yml
HUB_PREFIX ?= /srv/infrasec
HUB_ARGS ?=
hub: setup sandbox $(CHP)  ## start JupyterHub for the cohort in hub/roster.yml (as root; http://127.0.0.1:8000)
	$(BIN)/apprentice hub --roster $(HUB_ROSTER) --prefix $(HUB_PREFIX) $(HUB_ARGS)

test: setup sandbox $(CHP)  ## run every test: tooling, adversarial grading, content checks, lessons (nbval)
	APPRENTICE_REQUIRE_SANDBOX=1 $(BIN)/python -m pytest -p no:cacheprovider -n $(JOBS) --dist loadgroup \
	  --durations=15 --nbval --nbval-current-env --nbval-cell-timeout=300 tests curriculum

test-browser: setup sandbox  ## only the browser tests: Chromium drives JupyterLab as an apprentice and a mentor
	APPRENTICE_REQUIRE_SANDBOX=1 $(BIN)/python -m pytest -p no:cacheprovider tests/browser

test-fast: setup  ## the tests that do not run notebooks
	$(BIN)/python -m pytest -p no:cacheprovider -n $(JOBS) -m "not slow" tests

demo: setup sandbox  ## run a simulated cohort end to end and print where the report is
	$(BIN)/apprentice demo

lint: setup  ## ruff check and format check
	$(BIN)/ruff check src tests bench hub grader_config.py nbgrader_config.py conftest.py
	$(BIN)/ruff format --check src tests bench hub grader_config.py nbgrader_config.py conftest.py

format: setup  ## apply ruff's formatting and safe fixes
	$(BIN)/ruff format src tests bench hub grader_config.py nbgrader_config.py conftest.py
	$(BIN)/ruff check --fix src tests bench hub grader_config.py nbgrader_config.py conftest.py

lock:  ## re-pin requirements.lock from pyproject.toml, and Checkov's own lock (needs network and uv)
	uv pip compile pyproject.toml --extra dev --extra hub --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 -o requirements.lock
	echo "checkov==3.3.30" | uv pip compile - --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 -o requirements-checkov.lock

clean:  ## remove the environment and caches (never learner data)
	rm -rf $(VENV) .pytest_cache .ruff_cache
