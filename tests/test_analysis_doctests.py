"""The examples in the analysis modules' docstrings run and give what they show."""
import doctest
import importlib

import pytest

MODULES = ["whofunds.graph.analysis", "whofunds.graph.trace", "whofunds.graph.lookup",
           "whofunds.graph.communities", "whofunds.graph.export", "whofunds.graph.arrays",
           "whofunds.graph.matrix", "whofunds.graph.io", "whofunds.graph.control", "whofunds.graph.diff",
           "whofunds.graph.build", "whofunds.graph.schema", "whofunds.graph.schema_doc", "whofunds.graph.ftm",
           "whofunds.graph.period"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
