"""The examples in the modules' docstrings run and give what they show."""
import doctest
import importlib

import pytest

MODULES = ["whofunds.loaders.extract.names", "whofunds.queries.schedule",
           "whofunds.queries.load", "whofunds.queries.guard", "whofunds.queries.server", "whofunds.graph.files",
           "whofunds.graph.validate", "whofunds.graph.io", "whofunds.loaders.documents", "whofunds.loaders.evidence",
           "whofunds.cache", "whofunds.outputs", "whofunds.workers", "whofunds.pipeline"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
