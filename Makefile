# Two entry points (README): `make samples` converts the bundled samples, `make test` runs the tests.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/docstruct: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,parquet,ray,ocr]"
	touch $@

.PHONY: samples test lint bench
samples: $(BIN)/docstruct
	@mkdir -p out
	@# exit 4 = some reports partial (warnings), which the samples show on purpose; 5 = some failed
	$(BIN)/docstruct batch samples/*.txt samples/gen*.md samples/*.html samples/*.pdf samples/*.docx -o out; \
	  status=$$?; [ $$status -eq 0 ] || [ $$status -eq 4 ] || exit $$status
	$(BIN)/docstruct export out --format jsonl -o out/records.jsonl
	@echo "records: out/records.jsonl   store: out/docstruct.sqlite   summary: out/summary.html"

lint: $(BIN)/docstruct
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

bench: $(BIN)/docstruct
	$(BIN)/python -m bench.accuracy
