# Two entry points (see README.md): `make sample` and `make test`.
# Everything lives in .venv, made here from nothing but python3.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: sample test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

sample: $(STAMP)
	for brief in inputs/*/; do $(BIN)/briefgen render "$$brief" --out out || exit 2; done

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check briefgen tests bench
	$(BIN)/ruff format --check briefgen tests bench
	$(BIN)/mypy briefgen

bench: $(STAMP)
	taskset -c 1 $(BIN)/python bench/floor.py --batch 30 || $(BIN)/python bench/floor.py --batch 30
	$(BIN)/python bench/render.py
	$(BIN)/python bench/bulk_docx.py
	$(BIN)/python bench/batch.py

clean:
	rm -rf out $(VENV) .pytest_cache .mypy_cache .ruff_cache
