# whofunds: `make demo` (build the sample corpus into out/map.html) and `make test` (the whole suite).
# Both set everything up on a fresh Debian machine with Python 3.11+, Java 17 and Maven:
# .venv with the project and the hash-pinned spaCy model (scripts/bootstrap, skipped when
# nothing changed), and for tests Chromium + chromedriver (scripts/install-system-deps).
# Neo4j 5.26 is fetched through Maven by the test fixture on first use (~/.m2, ~/.cache/whofunds).

VENV ?= .venv
PYTHON ?= python3
export VENV PYTHON

# Missing servers or browsers fail the run instead of skipping (tests/plugins); `make test CI=` allows skips.
# Tests that need ../shared (not in the repository) skip on a plain clone; .ci/run makes them required.
CI ?= true
export CI
# pytest is interrupted (SIGINT: it still prints its summary) after this long, so a hang names itself
# inside CI's 90-minute limit instead of killing the run silently.
TEST_TIME_LIMIT ?= 80m
PYTEST_ARGS ?=

.PHONY: install install-app system-deps neo4j-jars gephi-toolkit demo test clean clean-venv

# The project with its test tools (pytest, hypothesis, selenium, psutil) and the spaCy model.
install:
	scripts/bootstrap

# Only what `whofunds` needs to run (the demo): no test tools.
install-app:
	EXTRAS= scripts/bootstrap

system-deps:
	scripts/install-system-deps

# The Neo4j test server's jars, fetched once (Maven Central -> ~/.m2 -> ~/.cache/whofunds) before the
# tests start, so a first-run download shows up here with its own log instead of inside a test.
neo4j-jars: install
	@$(VENV)/bin/python -c 'from whofunds.queries.server import cached_lib_dir, fetch_neo4j; \
	cached = cached_lib_dir(); print("neo4j-jars: " + ("cached in %s" % cached if cached else \
	"fetching Neo4j 5.26 with Maven (first run only; a few minutes)"), flush=True); print("neo4j-jars: " + str(fetch_neo4j()))'

# Gephi's own importers check the GraphML/GEXF exports (tests/plugins/gephi.py): the toolkit jar, fetched once.
GEPHI_TOOLKIT ?= 0.10.1
gephi-toolkit:
	@test -f $(HOME)/.m2/repository/org/gephi/gephi-toolkit/$(GEPHI_TOOLKIT)/gephi-toolkit-$(GEPHI_TOOLKIT)-all.jar \
	  && echo "gephi-toolkit: cached in ~/.m2" \
	  || { echo "gephi-toolkit: fetching org.gephi:gephi-toolkit:$(GEPHI_TOOLKIT) with Maven (first run only)"; \
	       mvn -q -B dependency:get -Dartifact=org.gephi:gephi-toolkit:$(GEPHI_TOOLKIT):jar:all -Dtransitive=false; }

demo: install-app
	$(VENV)/bin/whofunds build data/sample --out out
	@echo
	@echo "Map: $(CURDIR)/out/map.html  (open it in a browser; it works offline)"

# pytest's exit code 5 (nothing collected) is a failure like any other non-zero code.
test: install system-deps neo4j-jars gephi-toolkit
	timeout --signal=INT --kill-after=60 $(TEST_TIME_LIMIT) \
	  $(VENV)/bin/python -m pytest -p no:cacheprovider --strict-markers -ra --durations=15 \
	    --junitxml=tests/artifacts/junit.xml $(PYTEST_ARGS)

clean:
	rm -rf out build tests/artifacts .pytest_cache .hypothesis

clean-venv:
	rm -rf $(VENV)
