# pdztables: `make extract PDF=plan.pdf` and `make test` are all a fresh machine needs.
SHELL := /bin/bash

PYTHON ?= python3
VENV   ?= .venv
OUT    ?= out
PDF    ?=
ARGS   ?=

BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV    := $(VENV)/.installed-dev
# The stages are installed in strict editable mode: a tree of links under build/ that maps
# extract/ to pdztables/extract and so on. Adding or removing a source file needs a
# reinstall, so the stamp depends on the list of source files as well as on pyproject.toml.
SOURCES := $(sort $(wildcard pdztables/*.py extract/*.py normalize/*.py schemas/*.py \
             reports/*.py reports/templates/* schemas/profiles/* pdztables/catalog/*))
FILELIST := build/.sources

.PHONY: help extract test lint typecheck unit samples layouts bench bench-icdar bench-peers bench-tables bench-layouts bench-scans bench-batch fuzz pinned clean FORCE

help:
	@echo "make extract PDF=plan.pdf [OUT=out] [ARGS='--sep , --pages 3-5']"
	@echo "make test      ruff (lint, format), mypy, pytest"
	@echo "make samples   rebuild samples/*.pdf, the fixed layout and table sets, the scans and their truths"
	@echo "               (needs LibreOffice Writer and Calc, and chromium)"
	@echo "make bench     speed and memory figures: a 300-page plan, tables of 2,000 and 5,000 rows"
	@echo "make bench-icdar    pdztables tables on the ICDAR 2013 EU half: F1 in both modes, times"
	@echo "make bench-peers    pdztables and camelot stream on the peers' test PDFs: scores, times"
	@echo "make bench-tables   fresh drawings of a plan's other tables: the share read exactly"
	@echo "make bench-layouts  300 freshly drawn layouts: the share read exact, by style"
	@echo "make bench-scans    the scans read against their goldens, a page's OCR time, a 40-page scan"
	@echo "make bench-batch    20 plans one by one and as one batch: time and peak memory"
	@echo "make fuzz [N=300]  damaged and hostile PDFs: every run classified (tracebacks, hangs...)"
	@echo "make pinned    check that every tolerance is pinned by a test (minutes)"
	@echo "make clean     remove the virtual environment, build files and out/"

$(FILELIST): FORCE
	@mkdir -p build
	@echo '$(SOURCES)' | cmp -s - $@ || echo '$(SOURCES)' > $@

# `make extract` installs what extracting needs; every other target adds the tools for tests,
# samples and benchmarks (the extras dev and samples) on first use.
$(STAMP): pyproject.toml $(FILELIST)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@mkdir -p build
	@echo "installing pdztables and its dependencies into $(VENV) (log: build/pip.log)"
	@{ $(BIN)/python -m pip install --upgrade pip \
	   && $(BIN)/python -m pip install --config-settings editable_mode=strict -e .; \
	 } > build/pip.log 2>&1 || { tail -n 30 build/pip.log; exit 1; }
	@touch $@

$(DEV): $(STAMP)
	@echo "installing the tools for tests, samples and benchmarks into $(VENV) (log: build/pip.log)"
	@$(BIN)/python -m pip install --config-settings editable_mode=strict -e '.[dev,samples]' \
	   >> build/pip.log 2>&1 || { tail -n 30 build/pip.log; exit 1; }
	@touch $@

# The package's bytecode, compiled where Python looks for it (the editable install's links),
# as pip does for a normal install: a run starts about 0.1 s sooner where Python is told not
# to write bytecode itself (PYTHONDONTWRITEBYTECODE). Up-to-date files are skipped.
COMPILE = $(BIN)/python -m compileall -q build/__editable__.pdztables-* > /dev/null 2>&1 || true

extract: $(STAMP)
	@test -n "$(PDF)" || { echo "error: give the plan with PDF=path/to/plan.pdf" >&2; exit 2; }
	@$(COMPILE)
	@$(BIN)/pdztables extract "$(PDF)" -o "$(OUT)" $(ARGS); code=$$?; \
	if [ $$code -eq 1 ]; then \
	  echo "make extract: the outputs were written; the table has validation errors (listed above and in the report)"; \
	elif [ $$code -ne 0 ]; then exit $$code; fi

LINKS = $(wildcard build/__editable__.pdztables-*)

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV)
	MYPYPATH=$(LINKS) $(BIN)/mypy -p pdztables 2>&1 \
	  | sed -E 's#build/__editable__[^/]*/pdztables/(extract|normalize|schemas|reports)/#\1/#; s#build/__editable__[^/]*/##'; \
	  exit $${PIPESTATUS[0]}

unit: $(DEV)
	$(BIN)/pytest

test: lint typecheck unit

samples: $(DEV)
	$(BIN)/python samples/build.py
	$(BIN)/python samples/layouts.py fixed
	$(BIN)/python samples/tables.py fixed
	$(BIN)/python samples/scans.py

layouts: $(DEV)
	$(BIN)/python samples/layouts.py fixed

bench: $(DEV)
	@$(COMPILE)
	$(BIN)/python benchmarks/bench.py $(ARGS)

bench-batch: $(DEV)
	$(BIN)/python benchmarks/batch.py $(ARGS)

fuzz: $(DEV)
	$(BIN)/python benchmarks/fuzz.py --n $(or $(N),300) $(ARGS)

bench-tables: $(DEV)
	$(BIN)/python benchmarks/tables.py $(ARGS)

bench-icdar: $(DEV)
	$(BIN)/python benchmarks/icdar.py $(ARGS)

# camelot, for the comparison only, in an environment of its own (never in the project's)
CAMELOT := build/camelot/bin/python

$(CAMELOT):
	$(PYTHON) -m venv build/camelot
	build/camelot/bin/pip install --quiet camelot-py==2.0.0 || { rm -rf build/camelot; \
	  echo "camelot could not be installed: bench-peers measures pdztables alone"; }

bench-peers: $(DEV)
	@$(COMPILE)
	-@$(MAKE) --no-print-directory $(CAMELOT)
	$(BIN)/python benchmarks/peers.py --camelot $(CAMELOT) $(ARGS)

bench-layouts: $(DEV)
	$(BIN)/python benchmarks/layouts.py $(ARGS)

bench-scans: $(DEV)
	@$(COMPILE)
	$(BIN)/python benchmarks/scans.py $(ARGS)

pinned: $(DEV)
	$(BIN)/python benchmarks/pinned.py $(ARGS)

clean:
	rm -rf $(VENV) build *.egg-info $(OUT) .mypy_cache .pytest_cache .ruff_cache
