# Two commands on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test install test-tools clean

build: $(STAMP)
	$(BIN)/narrate build

test: $(STAMP) test-tools
	$(BIN)/python -m pytest -q

install: $(STAMP)

# Checkers the tests run when present (mp3val, ffprobe); installed from Debian when we are root.
test-tools:
	@command -v mp3val >/dev/null && command -v ffprobe >/dev/null || \
	{ [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mp3val ffmpeg >/dev/null; } || \
	echo "note: mp3val or ffprobe is missing: the tests that need them will say so and be skipped"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,piper]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) output/episodes output/*.xml output/*.json output/cover.*
