# Two commands on a fresh clone: `make` (set up, validate, regenerate, show a lookup) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: all validate regen check test bench clean demo snapshot

all: $(STAMP) validate regen demo

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

validate: $(STAMP)
	$(PY) -m wa_errors_build validate

regen: $(STAMP)
	$(PY) -m wa_errors_build regen

# after a data change: bump `version` in catalog/categories.yaml, then record it (docs/CHANGES.md compares snapshots)
snapshot: $(STAMP)
	$(PY) -m wa_errors_build snapshot
	$(PY) -m wa_errors_build regen

demo: $(STAMP)
	$(VENV)/bin/wa-errors lookup green-api '{{SWE001}}'

# validate + generated files current + ruff + mypy --strict
check: $(STAMP)
	$(PY) -m wa_errors_build validate
	$(PY) -m wa_errors_build check
	$(PY) -m ruff check src tests benchmarks
	$(PY) -m mypy --strict src

# pytest exits 5 when it collected no test: that is a failure here, never a silent pass.
test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
