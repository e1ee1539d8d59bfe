"""The examples in the extraction, query, CLI-output and pipeline modules' docstrings run and give what they show."""
import doctest
import importlib

import pytest

EXTRACTION = ["names", "grammar", "anchors", "discourse", "frames", "modality", "amounts", "document"]
MODULES = [f"whofunds.loaders.extract.{m}" for m in EXTRACTION] + [
    "whofunds.queries.schedule", "whofunds.queries.load", "whofunds.queries.catalog", "whofunds.queries.embedded",
    "whofunds.commands.output", "whofunds.pipeline", "whofunds.graph.evaluate"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
