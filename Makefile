# Two commands on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test install clean

build: $(STAMP)
	$(BIN)/narrate build

test: $(STAMP)
	$(BIN)/python -m pytest -q

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,piper]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) output/episodes output/*.xml output/*.json output/cover.*
