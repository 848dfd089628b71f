# samtale — `make demo` to try it, `make test` to check it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# What make runs is development: a generated secret key, static files under their own names.
export SAMTALE_DEVELOPMENT ?= true
SERVE  := DB_CONN_MAX_AGE=600 $(BIN)/python -m samtale.server

.PHONY: eval demo serve soak test test-long test-services lint format messages install install-test test-tools chromium bench report-libs translator clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# WeasyPrint (the report's PDF) needs Debian's Pango and a font; installed only when missing.
report-libs:
	@missing=""; \
	ldconfig -p | grep -q 'libpango-1.0.so.0' || missing="$$missing libpango-1.0-0"; \
	ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || missing="$$missing libpangoft2-1.0-0"; \
	fc-list 2>/dev/null | grep -q 'Liberation Sans' || missing="$$missing fonts-liberation"; \
	if [ -n "$$missing" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# Apertium's bokmål ↔ nynorsk translator (the programme's other written form, a card "in
# nynorsk / bokmål", docs/written-forms.md); installed only when missing.
translator:
	@if ! command -v apertium >/dev/null 2>&1 || [ ! -e /usr/share/apertium/modes/nob-nno_e.mode ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apertium apertium-nno-nob >/dev/null; \
	fi

$(VENV)/.installed: pyproject.toml | $(BIN)/python report-libs translator
	$(BIN)/pip install -q .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q ".[test]"
	touch $@

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-test
	$(BIN)/pip install -q ".[test,bench]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# What the repository holds as sources only: the catalogues (.po) and the stylesheet's parts.
messages: install
	$(BIN)/python manage.py compile_catalogues
	$(BIN)/python manage.py build_css

demo: install messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_register
	$(BIN)/python manage.py load_reference_meeting --participants 24 --base-url http://127.0.0.1:$(PORT)
	$(BIN)/python manage.py load_finished_meetings --base-url http://127.0.0.1:$(PORT)
	@# The report worker beside the server; it stops when the server does.
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(SERVE) --host 127.0.0.1 --port $(PORT)

serve: install messages
	$(BIN)/python manage.py migrate --noinput
	$(SERVE) --host 127.0.0.1 --port $(PORT)

# What the tests drive besides Python, from Debian, each only when missing: Chromium for
# the browser tests (Playwright never downloads a browser here); nginx, systemd-analyze
# and pg_dump for the deployment tests (tests/deploy/, docs/deploy.md).
test-tools:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium fonts-dejavu-core"; \
	[ -x /usr/sbin/nginx ] || missing="$$missing nginx-light"; \
	command -v systemd-analyze >/dev/null 2>&1 || missing="$$missing systemd"; \
	command -v pg_dump >/dev/null 2>&1 || missing="$$missing postgresql-client"; \
	command -v xgettext >/dev/null 2>&1 || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

chromium: test-tools

test: install-test messages test-tools translator
	$(BIN)/pytest
	@if [ "$$CI" = "true" ] || [ -n "$$SAMTALE_TEST_SERVICES" ]; then $(MAKE) --no-print-directory test-services; fi

# The property tests with many more examples, and the soak and at-the-limit variants
# (marker `long`) that `make test` leaves out.
test-long: install-test messages test-tools
	HYPOTHESIS_PROFILE=long $(BIN)/pytest -m "long or hypothesis"

# The suite again (without browsers) on PostgreSQL and Redis: the scale-out shape.
test-services: install-test messages test-tools
	DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/samtale} \
	REDIS_URL=$${TEST_REDIS_URL:-redis://127.0.0.1:6379/0} \
	$(BIN)/pytest -m "not browser"

# The soak: the flood benchmark for five minutes of flooded phases, with a client that
# floods its socket and another that adds 20-megapixel pictures; it reports the saves
# answered and not stored (0).
soak: $(VENV)/.installed-bench messages
	BENCH_FLOOD_ROUNDS=$${BENCH_FLOOD_ROUNDS:-10} BENCH_FLOOD_SECONDS=$${BENCH_FLOOD_SECONDS:-30} \
	$(BIN)/python -m bench flood

# Benchmarks, each against a baseline measured in the same run (results in var/bench/).
bench: $(VENV)/.installed-bench messages
	$(BIN)/python -m bench

# The analysis measured on labelled texts it never saw (analysis/eval/texts.jsonl), beside a
# keyword baseline; both ways of reading nynorsk when Debian's Apertium is installed; and
# Apertium's bokmål ↔ nynorsk on hand-written sentence pairs (analysis/eval/sentence_pairs.jsonl).
eval: install messages translator
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py evaluate_analysis --taxonomy fremtidens-kulturskole
	$(BIN)/python manage.py evaluate_translator

# Style, then the import order of docs/structure.md ([tool.importlinter] in pyproject.toml).
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var
