# Two entry points (README): `make samples` converts the bundled samples, `make test` runs the tests.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/docstruct: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

.PHONY: samples test lint bench
samples: $(BIN)/docstruct
	@mkdir -p out
	@for f in samples/*.txt samples/*.md samples/*.html samples/*.pdf samples/*.docx; do \
	  [ -e "$$f" ] || continue; \
	  name=$$(basename "$$f"); \
	  if $(BIN)/docstruct extract "$$f" > "out/$$name.json"; then echo "ok      $$f -> out/$$name.json"; \
	  else echo "failed  $$f"; fi; \
	done

lint: $(BIN)/docstruct
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

bench: $(BIN)/docstruct
	$(BIN)/python -m bench.accuracy
