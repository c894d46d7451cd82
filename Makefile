# perfkit — two commands on a fresh machine:
#   make report   set everything up and render the bundled scenario library
#   make test     set everything up and run lint + the test suite
# Everything Python comes from pyproject.toml; system packages (Chromium for PDF
# and browser checks, Noto CJK fonts for Chinese charts) come from apt-get.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.perfkit-installed
SYSSTAMP := $(VENV)/.perfkit-system
KERNEL := perfkit
JOBS   ?= 2

.PHONY: setup system report backtest pilot test quick lint bench lab clean

setup: $(STAMP) $(SYSSTAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,lab]'
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (perfkit)" >/dev/null
	touch $@

# Optional system packages; the kit still runs without them (HTML only, a warning for CJK).
$(SYSSTAMP): | $(STAMP)
	@sh scripts/install-system-packages.sh
	@rm -rf $$HOME/.cache/matplotlib
	touch $@

report: setup
	MPLBACKEND=agg $(BIN)/perfkit render scenarios/*.yaml --baseline scenarios/current_flat_commission.yaml --data data/sample_kpis.csv --out reports --jobs $(JOBS)

pilot: setup
	MPLBACKEND=agg $(BIN)/perfkit pilot design scenarios/marginal_ladder.yaml --baseline scenarios/current_flat_commission.yaml --data data/pilot_kpis_before.csv --months 2 4 6 --out reports/pilot
	MPLBACKEND=agg $(BIN)/perfkit pilot evaluate --data data/pilot_kpis.csv --assignment data/pilot_assignment.csv --forecast reports/pilot --out reports/pilot_eval

backtest: setup
	$(BIN)/perfkit backtest scenarios/current_flat_commission.yaml scenarios/marginal_ladder.yaml --data data/sample_kpis.csv --out reports/backtest.csv

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_sizes.py

# Every test, on both cores (tests of one module share a worker: module fixtures run once).
test: setup lint
	MPLBACKEND=agg $(BIN)/python -m pytest -q -n $(JOBS) --dist loadscope

# The quick loop while developing: every test not marked slow.
quick: $(STAMP)
	MPLBACKEND=agg $(BIN)/python -m pytest -q -n $(JOBS) --dist loadscope -m "not slow"

bench: setup
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# As root (a container), Jupyter refuses to start without --allow-root.
lab: setup
	$(BIN)/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root)

clean:
	rm -rf $(VENV) reports .pytest_cache .ruff_cache .hypothesis
