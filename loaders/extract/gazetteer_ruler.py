"""Known names before the statistical NER: spaCy's ``entity_ruler`` filled from the gazetteers.

``organisations.yaml`` (well-known firms, funds, bodies, with their aliases), the lexicon's known
government bodies and state funds, and the bodies every city and province has (its ``patterns``:
"{city} SASAC", "{province} Provincial Government") become ruler patterns labelled ``ORG`` whose
``id`` is the canonical name. The model's NER then predicts around them instead of gluing a known
name to its neighbours or reading "CATL" as a person.

A known name can be the first words of a longer one ("Big Fund II", "Chery Yaskawa E-Drive
System"): :func:`release_name_starts` (its own component, right after the ruler) lets such spans go,
so the NER reads the whole name.

>>> surface, canonical = next((s, c) for s, (c, t) in known_names().items() if s == "Hefei SASAC")
>>> canonical, known_names()["Hefei SASAC"][1]
('Hefei SASAC', 'GovernmentBody')
"""
from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.util import filter_spans

from .doctext import doc_text
from .lexicon import _read, load_lexicon

LABEL = "ORG"
# words that continue a name after a known one: "Big Fund II", "Big Fund Phase II"
NAME_CONTINUATION = re.compile(r"[A-Z]|II\b|III\b|IV\b|Phase\b|\(")


@cache
def known_names() -> dict[str, tuple[str, str]]:
    """Every surface form the gazetteers know -> (canonical name, entity type)."""
    lex = load_lexicon()
    names = dict(lex.organisations)
    raw = _read("organisations.yaml")
    places = {"city": [p.name for p in lex.places.values() if p.type == "City"],
              "province": [p.name for p in lex.places.values() if p.type == "Province"]}
    for spec in raw.get("patterns") or []:
        slot = "city" if "{city}" in spec["pattern"] else "province"
        for place in places[slot]:
            surface = spec["pattern"].replace("{" + slot + "}", place)
            names.setdefault(surface, (surface, spec["type"]))
    return names


def ruler_patterns() -> list[dict]:
    return [{"label": LABEL, "pattern": surface, "id": canonical}
            for surface, (canonical, _) in sorted(known_names().items())]


@Language.component("whofunds_release_name_starts")
def release_name_starts(doc):
    """Drop ruler spans that only start a longer capitalised name, so the NER reads the whole name."""
    text = doc_text(doc)
    keep, release = [], []
    for ent in doc.ents:
        after = text[ent.end_char:ent.end_char + 12]
        before = text[max(0, ent.start_char - 20):ent.start_char]
        longer_after = (after.startswith(" ") and NAME_CONTINUATION.match(after[1:]) is not None
                        and not after[1:].startswith(("Co.", "Ltd", "Inc"))) or re.match(r"-[A-Z]", after) is not None
        # "Chery Yaskawa": a capitalised word right before a known name joins it (not at a sentence start)
        prev = doc[ent.start - 1] if ent.start > 0 else None
        longer_before = prev is not None and (
            prev.text[:1].isupper() and prev.is_alpha and not prev.is_sent_start
            and re.search(r"[A-Za-z] $", before) is not None and prev.ent_type_ == ""
            or re.search(r"[A-Z][A-Za-z]*-$", before) is not None)  # "SAIC-GM-Wuling"
        if ent.label_ == LABEL and ent.ent_id_ and (longer_after or longer_before):
            release.append(ent)
        else:
            keep.append(ent)
    if release:
        # released tokens go back to "missing", so the NER predicts there as if no ruler had run
        doc.set_ents(filter_spans(keep), missing=release, default="unmodified")
        for span in release:
            for tok in span:
                tok.ent_id_ = ""
    return doc


def add_gazetteer_ruler(nlp: Language) -> None:
    """Put the gazetteer ruler and its boundary check before the model's NER."""
    if "whofunds_gazetteer_ruler" in nlp.pipe_names:
        return
    ruler = nlp.add_pipe("entity_ruler", name="whofunds_gazetteer_ruler", before="ner",
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False})
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(ruler_patterns())
    nlp.add_pipe("whofunds_release_name_starts", after="whofunds_gazetteer_ruler")
