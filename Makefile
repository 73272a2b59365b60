# The vocabulary of the project: `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCALE := src/consult/i18n/locale

.PHONY: run test install compile-catalogs extract-messages lint browser-deps clean reindex bench-search bench bench-campaigns bench-lottery bench-pages bench-wrk settings-doc

$(BIN)/consult: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[testing]'
	touch $@

install: $(BIN)/consult compile-catalogs

compile-catalogs: $(BIN)/consult
	for po in $(LOCALE)/*/LC_MESSAGES/*.po; do \
	    $(BIN)/pybabel compile --input-file $$po --output-file $${po%.po}.mo || exit 1; \
	done

extract-messages: $(BIN)/consult
	$(BIN)/pot-create --package-name consult --package-version 0.1.0 \
	    --domain consult --sort-by-file --output $(LOCALE)/consult.pot src/consult
	for lang in kk ru en; do \
	    if [ -f $(LOCALE)/$$lang/LC_MESSAGES/consult.po ]; then \
	        $(BIN)/pybabel update --domain consult --input-file $(LOCALE)/consult.pot \
	            --output-dir $(LOCALE) --locale $$lang --no-fuzzy-matching --ignore-obsolete; \
	    else \
	        $(BIN)/pybabel init --domain consult --input-file $(LOCALE)/consult.pot \
	            --output-dir $(LOCALE) --locale $$lang; \
	    fi; \
	done

# docs/operations.md's list of settings, from the table in src/consult/settings/
# (tests/unit/test_settings.py fails until they agree).
settings-doc: $(BIN)/consult
	$(BIN)/python -m consult.settings docs/operations.md

run: install
	mkdir -p var
	$(BIN)/consult initialize --ini development.ini --demo
	MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 MALLOC_TRIM_THRESHOLD_=131072 \
	    $(BIN)/pserve development.ini

reindex: install
	$(BIN)/consult reindex --ini development.ini

bench-search: install
	$(BIN)/python benchmarks/search.py --count 100000 --engines whoosh tantivy

# Campaign detection at 1 000 000 comments (benchmarks/README.md, "campaigns.py").
bench-campaigns: install
	$(BIN)/python benchmarks/campaigns.py --count 1000000 --max-minutes 60

bench-lottery: install
	$(BIN)/python benchmarks/lottery.py 500 2000 10000 --limit 600

# CPU per article page and comment POST, in-process (robust to other load).
bench-pages: install
	$(BIN)/python benchmarks/pages.py --pages 300 --posts 150

# The load benchmark (benchmarks/README.md, "Load"): the prepared database of
# 100 000 comments is built once (some 7 minutes) and cached in var/bench.
bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/load.py --comments 100000 --users 200 --rate 600 --seconds 60

# The same database read by wrk (apt-get install wrk nginx-light) and posted to
# by locust, server on core 0, generator on core 1 (benchmarks/README.md,
# "Load with wrk").
bench-wrk: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/wrk_load.py

node_modules/axe-core/axe.min.js: package.json
	npm install --no-audit --no-fund --silent
	touch $@

browser-deps: node_modules/axe-core/axe.min.js

test: install browser-deps
	$(BIN)/pytest

# ruff's and mypy's versions are pinned in setup.cfg, so that a newer one
# does not change what passes; mypy checks the files listed in pyproject.toml.
lint: $(BIN)/consult
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) node_modules build *.egg-info src/*.egg-info
