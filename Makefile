# Veiviser: two commands on a fresh machine.
#   make run   installs, migrates, loads the plan, creates the demo logins, serves on 127.0.0.1:$(PORT)
#   make test  installs, makes PostgreSQL and OpenSearch reachable, runs the whole suite on them
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install lint setup-local clean bench-api serve messages

$(STAMP): pyproject.toml
	@./scripts/ensure-pdf-libs.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

# Designsystemet's CSS and CLI, and axe-core for the browser tests: pinned in package-lock.json.
NPM_STAMP := node_modules/.installed
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $(NPM_STAMP)

# The admin's Norwegian catalogues (locale/): compiled on every install, .mo files are not kept.
messages: $(STAMP)
	@./scripts/ensure-gettext.sh
	@VEIVISER_DEV=1 $(BIN)/python manage.py compilemessages --verbosity 0 \
	  --ignore '.venv' --ignore 'node_modules' --ignore 'static'


# The site's theme, made by Designsystemet's CLI from the brand colours in
# designsystemet.config.json (offline: the CLI is an npm package), into build/theme/.
THEME := build/theme/veiviser.css
$(THEME): $(NPM_STAMP) designsystemet.config.json
	npm run --silent theme > /dev/null

install: $(STAMP) $(NPM_STAMP) $(THEME) messages

setup-local: install
	VEIVISER_DEV=1 $(BIN)/python manage.py migrate --no-input
	VEIVISER_DEV=1 $(BIN)/python manage.py load_plan
	VEIVISER_DEV=1 $(BIN)/python manage.py bootstrap_roles
	VEIVISER_DEV=1 $(BIN)/python manage.py create_demo_users

run: setup-local
	@echo "Veiviser: http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/, see README for logins)"
	VEIVISER_DEV=1 DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production mode on one machine: PostgreSQL, Redis, gunicorn, the task worker and Varnish on
# $(PORT); needs SECRET_KEY and ALLOWED_HOSTS; Ctrl-C stops every process (scripts/serve.py).
serve: install
	@./scripts/ensure-stack.sh
	@PATH="$$PATH:/usr/sbin" $(BIN)/python scripts/serve.py --port $(PORT)

# The search tests also run on a real OpenSearch node, started here and stopped by its PID.
# lint-imports checks the dependency rule (pyproject's [tool.importlinter], docs/architecture.md).
test: install
	@./scripts/ensure-stack.sh
	@DATABASE_URL=$$(./scripts/ensure-postgres.sh) && export DATABASE_URL && \
	  CHROMIUM=$$(./scripts/ensure-chromium.sh) && export CHROMIUM && \
	  OPENSEARCH_URL=$$(./scripts/ensure-opensearch.sh) && export OPENSEARCH_URL && \
	  status=0 && { $(BIN)/ruff check . && $(BIN)/lint-imports --no-cache --no-logo && VEIVISER_DEV=1 $(BIN)/python -m pytest $(PYTEST_ARGS) || status=$$?; } && \
	  ./scripts/ensure-opensearch.sh stop && exit $$status

# API throughput and latency against Wagtail's stock endpoint (gunicorn, PostgreSQL, wrk).
bench-api: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/api_bench.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 static .pytest_cache
