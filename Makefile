# whofunds: `make demo` (build the sample corpus into out/map.html) and `make test` (the whole suite).
# Both set everything up on a fresh Debian machine with Python 3.11+, Java 17 and Maven:
# .venv with the project and the hash-pinned spaCy model (scripts/bootstrap, skipped when
# nothing changed), and for tests Chromium + chromedriver (scripts/install-system-deps).
# Neo4j 5.26 is fetched through Maven by the test fixture on first use (~/.m2, ~/.cache/whofunds).

VENV ?= .venv
PYTHON ?= python3
export VENV PYTHON

# Missing servers or browsers fail the run instead of skipping (tests/plugins); `make test CI=` allows skips.
CI ?= true
export CI
# pytest is interrupted (SIGINT: it still prints its summary) after this long, so a hang names itself
# inside CI's 90-minute limit instead of killing the run silently.
TEST_TIME_LIMIT ?= 80m
PYTEST_ARGS ?=

.PHONY: install system-deps demo test clean clean-venv

install:
	scripts/bootstrap

system-deps:
	scripts/install-system-deps

demo: install
	$(VENV)/bin/whofunds build data/sample --out out
	@echo
	@echo "Map: $(CURDIR)/out/map.html  (open it in a browser; it works offline)"

# pytest's exit code 5 (nothing collected) is a failure like any other non-zero code.
test: install system-deps
	timeout --signal=INT --kill-after=60 $(TEST_TIME_LIMIT) \
	  $(VENV)/bin/python -m pytest -p no:cacheprovider --strict-markers -ra --durations=15 \
	    --junitxml=tests/artifacts/junit.xml $(PYTEST_ARGS)

clean:
	rm -rf out build tests/artifacts .pytest_cache .hypothesis

clean-venv:
	rm -rf $(VENV)
