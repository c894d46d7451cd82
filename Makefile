# perfkit — two commands on a fresh machine:
#   make report   set everything up, render the bundled scenario library and check the
#                 forecast against what happened on the bundled plan-change sample
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

.PHONY: setup system report library forecast-check estimate-sample backtest pilot test quick lint bench lab clean

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

# The three at once (each prints when it ends): the forecast check and the estimate (one
# process each) fill what the library's simulations and reports leave of the cores.
report: setup
	@$(MAKE) --no-print-directory -j3 --output-sync=target library forecast-check estimate-sample
	@echo "How far the forecast is from what happened: reports/forecast_check/validation.md"
	@echo "(the bundled plan-change sample, fitted before 2025-10, against its last 3 months);"
	@echo "what the sample says about how agents respond: reports/estimate/estimates.md."

# The bundled scenario library: a briefing per plan and their comparison (reports/).
library: setup
	MPLBACKEND=agg $(BIN)/perfkit render scenarios/*.yaml --baseline scenarios/current_flat_commission.yaml --data data/sample_kpis.csv --out reports --jobs $(JOBS)

# The forecast against what happened, on the bundled plan-change sample: fit on the months
# before 2025-10, forecast the rest under the plan in force, compare per team and month.
CHANGE_DATA := data/sample_kpis_plan_change.csv
forecast-check: setup
	$(BIN)/perfkit validate-forecast scenarios/current_flat_commission.yaml --data $(CHANGE_DATA) --holdout-from 2025-10 --runs 20 --bootstrap 50 --out reports/forecast_check

# The response estimated from the same sample (effort cost, attrition; the scenario it writes).
estimate-sample: setup
	$(BIN)/perfkit estimate scenarios/current_flat_commission.yaml --data $(CHANGE_DATA) --bootstrap 50 --out reports/estimate

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
