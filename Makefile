# coopkg: the two commands a researcher needs are `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
OUT := out
STORE := $(OUT)/demo-store

.PHONY: demo test fuzz lint venv clean chromium virtuoso

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "needs $(PYTHON) (or: make PYTHON=python3)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	@rm -rf $(STORE) && mkdir -p $(OUT)
	$(BIN)/coopkg build examples --store $(STORE)
	$(BIN)/coopkg stats --store $(STORE)
	$(BIN)/coopkg query actors --store $(STORE)
	$(BIN)/coopkg query partners_of --param actor=Kpalimé --store $(STORE)
	$(BIN)/coopkg query funding_by_funder --store $(STORE)
	$(BIN)/coopkg validate --store $(STORE)
	$(BIN)/coopkg export --format turtle -o $(OUT)/coopkg.ttl --store $(STORE)
	$(BIN)/coopkg stats --network --csv $(OUT)/network.csv --top 10 --store $(STORE)
	$(BIN)/coopkg export --format gexf -o $(OUT)/network.gexf --store $(STORE)
	$(BIN)/coopkg viz -o $(OUT)/network.html --store $(STORE)
	$(BIN)/coopkg viz --focus Kpalimé --hops 2 -o $(OUT)/kpalime.html --store $(STORE)
	@echo "Turtle export: $(abspath $(OUT)/coopkg.ttl)"
	@echo "Store:         $(abspath $(STORE))"
	@echo "Gephi (GEXF):  $(abspath $(OUT)/network.gexf)"
	@echo "Whole network: $(abspath $(OUT)/network.html)"
	@echo "Kpalimé page:  $(abspath $(OUT)/kpalime.html)"

test: $(STAMP) chromium virtuoso
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2

# Longer fuzzing (hypothesis, 300 examples per target) and the 40 MB text's peak memory.
fuzz: $(STAMP)
	COOPKG_FUZZ=long $(BIN)/python -m pytest -s -p no:cacheprovider tests/test_fuzz.py \
	  tests/test_long_text.py::test_peak_memory_on_a_40_mb_text

# The browser tests drive Debian's Chromium through Playwright (no browser is downloaded).
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium)

# The remote tests run Debian's Virtuoso 7 on loopback ports with a database of their own (the
# packaged service is not started); the Oxigraph server comes from PyPI (`oxigraph`, test extra).
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends virtuoso-opensource)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(OUT) coopkg-data .pytest_cache .ruff_cache *.egg-info
