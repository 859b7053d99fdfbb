# ASN Kompetensi — every step a fresh Debian machine needs is here.
SHELL := /bin/bash
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The address links in e-mails, certificate QR codes, the SIASN export and the SKM link point to (settings.SITE_URL).
# `make run` serves on HOST:PORT, so by default its links point there too; behind a proxy or when HOST is 0.0.0.0
# pass the address people reach: make run HOST=0.0.0.0 SITE_URL=http://10.1.2.3:8000
SITE_URL ?= http://$(HOST):$(PORT)
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/asn_kompetensi
# Tests isolate themselves (asn_kompetensi/settings/test.py): each checkout has its own test database and
# Redis key prefix. TEST_DATABASE_URL / TEST_BROKER_URL / TEST_NAMESPACE override them.
PYTEST := DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest
# The year-end clocks (WITA) at which the date-sensitive tests run again, beside the main suite.
TEST_CLOCKS ?= 2026-12-31T23:30:00+08:00 2027-01-01T00:30:00+08:00 2028-02-29T10:00:00+08:00
TEST_CLOCK_ARGS ?= -m "date_sensitive and not e2e and not worker"
export CHROMIUM_PATH ?= /usr/bin/chromium

.PHONY: run worker beat test test-quick test-clocks test-e2e lint audit bench bench-web bench-rls bench-api messages services system-deps venv venv-dev clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

venv: $(VENV)/.runtime
venv-dev: $(VENV)/.dev

# gettext (msgfmt) for translations, chromium for browser tests; installed only when missing.
system-deps:
	@need=""; command -v msgfmt >/dev/null || need="$$need gettext"; \
	  [ -x "$(CHROMIUM_PATH)" ] || need="$$need chromium"; \
	  command -v pdftoppm >/dev/null || need="$$need poppler-utils"; \
	  if [ -n "$$need" ]; then echo "Installing:$$need"; apt-get update -qq && apt-get install -y -qq $$need >/dev/null; fi

messages:
	$(BIN)/python manage.py compilemessages -v0 --ignore=.venv

# PostgreSQL and Redis: start them if they are stopped, then wait until they answer.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && exit 0; sleep 1; done; echo "PostgreSQL/Redis did not start"; exit 1

run: venv
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)
	$(MAKE) messages
	$(BIN)/python manage.py migrate --noinput
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py seed_demo
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: venv
	$(BIN)/celery -A asn_kompetensi worker -B -Q default,reports,notifications -l info --prefetch-multiplier=1

beat: venv
	$(BIN)/celery -A asn_kompetensi beat -l info

lint: venv-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Security checks, all offline: bandit (medium severity and up, config in pyproject.toml [tool.bandit]);
# known-vulnerable packages with pip-audit against a local copy of the OSV database when VULN_DB names one
# (tools/osv_offline.py: osv.dev's PyPI/all.zip, a folder of OSV JSON files or one JSON file), skipped with a
# message otherwise; Django's deploy check with the production settings (placeholder secrets, nothing is
# contacted); the URL walk that asks every page with another instansi's ids (apps/core/tests/test_url_walk.py).
VULN_DB ?=
AUDIT_ENV := DJANGO_SETTINGS_MODULE=asn_kompetensi.settings.prod SECRET_KEY=audit-deploy-check-not-a-real-secret-0123456789abcdef \
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_kompetensi CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \
	CACHE_URL=locmemcache:// ALLOWED_HOSTS=asn.example.go.id
audit: venv-dev services messages
	@echo "== bandit"
	$(BIN)/bandit -q -c pyproject.toml -r apps asn_kompetensi tools --severity-level medium
	@echo "== dependencies"
	@if [ -n "$(VULN_DB)" ] && [ -e "$(VULN_DB)" ]; then $(BIN)/python tools/osv_offline.py "$(VULN_DB)"; \
	  elif [ -n "$(VULN_DB)" ]; then echo "VULN_DB=$(VULN_DB) tidak ditemukan"; exit 1; \
	  else echo "dilewati: pemeriksaan kerentanan dependensi butuh salinan basis data OSV lokal (VULN_DB=/path/PyPI-all.zip)"; fi
	@echo "== manage.py check --deploy (production settings)"
	env -i PATH="$$PATH" HOME="$$HOME" $(AUDIT_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING
	@echo "== URL walk"
	$(PYTEST) -q apps/core/tests/test_url_walk.py

# Two lanes side by side (two cores), each on its own database: the main suite without the browser tests,
# and on the `_clock` lane the date-sensitive tests at the year-end clocks, then the browser (e2e) tests.
# The second lane's output is printed after the first's.
test: venv-dev system-deps services messages lint
	@lane_log=$$(mktemp); \
	  $(MAKE) --no-print-directory test-clocks test-e2e > $$lane_log 2>&1 & lane=$$!; \
	  $(PYTEST) -q --create-db -m "not e2e"; suite=$$?; \
	  wait $$lane; lane_status=$$?; \
	  grep -E "^(== |FAILED|ERROR)|passed|failed|error" $$lane_log; \
	  if [ $$lane_status -ne 0 ]; then cat $$lane_log; fi; rm -f $$lane_log; \
	  [ $$suite -eq 0 ] && [ $$lane_status -eq 0 ]

# The date-sensitive tests at each year-end clock (ASN_TEST_NOW), on the `_clock` database lane.
test-clocks: venv-dev services
	@create=--create-db; for now in $(TEST_CLOCKS); do echo "== date-sensitive tests at $$now"; \
	  TEST_LANE=_clock ASN_TEST_NOW=$$now $(PYTEST) -q $$create $(TEST_CLOCK_ARGS) || exit 1; create=; done

# The browser tests (Playwright in Debian's chromium), on the `_clock` lane's database.
test-e2e: venv-dev services
	@echo "== browser tests"; TEST_LANE=_clock $(PYTEST) -q -m e2e

# The inner loop: one app's tests, no lint, no browser install (`make test-quick ARGS=apps/needs`).
test-quick: venv-dev services messages
	$(PYTEST) -q $(ARGS)

# Each benchmark builds its own PostgreSQL database, prints a table and writes bench/results/*.json.
BENCHES ?= run catalog enrollments reports
bench: venv-dev services
	@status=0; for b in $(BENCHES); do echo "== bench.$$b"; \
	  DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench.$$b || status=1; done; exit $$status

# The key pages under load against a bare Django page (bench/web.py): BENCH_PRESET=kota make bench-web
bench-web: venv-dev services
	$(BIN)/pip install -q -r requirements-bench.txt
	$(BIN)/python -m bench.web $(ARGS)

# What row-level security costs on the key pages: in-process, RLS off and on in alternating rounds (bench/rls.py).
bench-rls: venv-dev services
	$(BIN)/pip install -q -r requirements-bench.txt
	$(BIN)/python -m bench.rls $(ARGS)

# The REST API and the calendar feed at scale, in-process with row-level security on (bench/api.py).
bench-api: venv-dev services
	$(BIN)/pip install -q -r requirements-bench.txt
	$(BIN)/python -m bench.api $(ARGS)

clean:
	rm -rf $(VENV) staticfiles .test-media* db.sqlite3
