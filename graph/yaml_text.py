"""Parsing the YAML data files the package ships (gazetteers, lexicon, frames, schema) with libyaml's C
parser when PyYAML has it: the pure-Python one takes seconds over the gazetteers, paid by every build.

>>> load_yaml("cities: [Hefei, Wuxi]")
{'cities': ['Hefei', 'Wuxi']}
"""
from __future__ import annotations

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # same safe constructors, parsed in C


def load_yaml(text: str):
    """The document in ``text``, as :func:`yaml.safe_load` reads it."""
    return yaml.load(text, Loader=SAFE_LOADER)
