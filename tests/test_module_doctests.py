"""The examples in the modules' docstrings (extraction, queries, CLI output, pipeline, files, outputs) run and give what they show."""
import doctest
import importlib

import pytest

EXTRACTION = ["names", "grammar", "anchors", "discourse", "frames", "modality", "amounts", "document", "tables",
              "doctext", "respectively", "mentions"]
MODULES = [f"whofunds.loaders.extract.{m}" for m in EXTRACTION] + [
    "whofunds.queries.schedule", "whofunds.queries.load", "whofunds.queries.bulk", "whofunds.queries.catalog",
    "whofunds.queries.embedded",
    "whofunds.queries.guard", "whofunds.queries.server", "whofunds.commands.output", "whofunds.graph.evaluate",
    "whofunds.graph.files", "whofunds.graph.yaml_text", "whofunds.graph.validate", "whofunds.graph.io", "whofunds.loaders.documents",
    "whofunds.loaders.evidence", "whofunds.cache", "whofunds.outputs", "whofunds.workers", "whofunds.terminal",
    "whofunds.pipeline", "whofunds.loaders.registry", "whofunds.loaders.sources", "whofunds.graph.records",
    "whofunds.loaders.ftm", "whofunds.cluster"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
