"""What a name looks like: where an organisation's name starts and ends, and which shapes are firms'.

Small, pure helpers the mention finders share (see mentions.py).

>>> split_conjoined_names("Baishan Bank and Jiuqu Venture Partners", load_lexicon())
['Baishan Bank', 'Jiuqu Venture Partners']
"""
from __future__ import annotations

import re

from .lexicon import Lexicon, load_lexicon  # noqa: F401 - load_lexicon: the examples use it

# Last words that end an organisation's name, so "<...> Bank and <Name>" is two names, where
# "Chongqing Machinery and Electronics Holding" is one.
NAME_ENDS = frozenset("""bank group holding holdings capital partners fund funds investment investments technology
technologies motor motors corporation corp corp. company co co. ltd ltd. limited inc inc. university institute
academy authority commission ventures venture securities""".split())


def split_conjoined_names(text: str, lex: Lexicon) -> list[str]:
    """One NER span that joins two organisations with "and", as two names; anything else unchanged.

    It splits only when the left part ends the way names end ("... Bank", "... Group") or either
    part is a known organisation, and the right part starts with a capital.

    >>> split_conjoined_names("China Development Bank and Jiuzhou Venture Partners", load_lexicon())
    ['China Development Bank', 'Jiuzhou Venture Partners']
    >>> split_conjoined_names("Chongqing Machinery and Electronics Holding", load_lexicon())
    ['Chongqing Machinery and Electronics Holding']
    >>> split_conjoined_names("Jiuzhou Industry Fund and Baishan Science and Technology Group", load_lexicon())
    ['Jiuzhou Industry Fund', 'Baishan Science and Technology Group']
    """
    if text.count(" and ") > 1:
        # "A Fund and B Science and Technology Group": split at an "and" outside the compounds names keep
        inner = {m.start() + m.group(0).index(" and ") for m in COMPOUND_AND.finditer(text)}
        joints = [m.start() for m in re.finditer(" and ", text) if m.start() not in inner]
        if len(joints) != 1:
            return [text]
        left, right = text[:joints[0]], text[joints[0] + len(" and "):]
        parts = split_conjoined_names(left.replace(" and ", " \0 ") + " and " + right.replace(" and ", " \0 "), lex)
        return [p.replace(" \0 ", " and ") for p in parts]
    if text.count(" and ") != 1 or COMPOUND_AND.search(text):
        return [text]
    left, right = text.split(" and ")
    bare = re.sub(r"^(?:the|both)\s+", "", right, flags=re.I)
    if not left or not bare[:1].isupper():
        return [text]
    known = left in lex.organisations or bare in lex.organisations
    if known or left.split()[-1].lower() in NAME_ENDS:
        return [left, right]
    # "Kelver Energy and Tornado Holding": a firm's last word, then a name of its own (not "Fujian Electronics
    # and Information Group", where the words after "and" continue one name)
    if left.split()[-1].lower() in FIRM_LAST_WORDS and len(bare.split()) >= 2 \
            and bare.split()[0].lower() not in NAME_CONTINUING_WORDS | FIRM_LAST_WORDS:
        return [left, right]
    return [text]


# Words that, first after "and" inside a name, continue it: "X Electronics and Information Group"
NAME_CONTINUING_WORDS = frozenset("""information communication communications technology technologies trade tourism
culture development investment construction industry industrial commerce resources environment energy chemical
chemicals electronics electric power telecommunications old new digital data services service management operation
operations innovation research engineering transport transportation logistics assets asset finance financial""".split())


# "Tianjin-based", "Hong Kong-listed", "Geely-backed" before a name: a description, no part of the name (not
# "-owned": "Qingdao Haifa State-owned Capital Investment Group" is one name)
DESCRIBED_LEAD = re.compile(r"(?:[A-Z][\w']+[ -])*[A-Z][\w']+-(?:based|headquartered|listed|registered|backed|"
                            r"controlled|run|born) ")

# Calendar words are never names ("Apr", "May" before a name is the date's, not the name's)
MONTHS = frozenset("""January February March April May June July August September October November December Jan Feb
Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split())

LEADING_DATE = re.compile(r"^(?:In|By|On|Since|Until|From)\s+(?:(?:early|mid|late)[\s-]+)?(?:January|February|March|"
                          r"April|May|June|July|August|September|October|November|December|(?:19|20)\d\d)\b,?\s+(?=[A-Z])")
# Last words no personal name ends with, but many firm names do.
FIRM_LAST_WORDS = frozenset("""cloud solar energy power technology technologies tech motor motors auto automotive
semiconductor semiconductors electronics optical optics optoelectronics photonics robotics bus buses pharma
pharmaceutical pharmaceuticals bio biotech biotechnology capital holding holdings group materials battery batteries
chips microelectronics systems networks software computing mobile telecom steel chemical chemicals logistics
aerospace aviation airlines bank securities fund partners ventures labs display displays electric industries
machinery instruments devices medical intelligence robot robots vehicles automobile new-energy thermal parts
components glass precision metals mining minerals foods textiles packaging lighting photovoltaic tools equipment
engineering construction cables wire drives lasers sensors semiconductor-equipment finance leasing trust international global
worldwide overseas hydraulics manufacturing microchip microchips microsystems nanosystems management
partnership insurance consulting petroleum petrochemical petrochemicals oil gas coal nickel cobalt lithium copper
aluminium aluminum resources pumps valves bearings gears gearboxes castings casting forging forgings tyres tires
plastics polymers coatings ceramics composites magnets turbines turbocharger turbochargers optech silicon wafers
crystal crystals fibre fibres fiber fibers cement paper rubber high-tech hi-tech truck trucks shipping
shipbuilding rail railway engines diesel""".split())


def firm_shaped(name: str, lex: Lexicon) -> bool:
    """A name the tagger called a person that is a firm's: ends like a firm, or starts with a known one.

    >>> firm_shaped("Huawei Cloud", load_lexicon()), firm_shaped("Wang Chuanfu", load_lexicon())
    (True, False)
    """
    words = name.split()
    if len(words) < 2:
        return False
    return words[-1].lower() in FIRM_LAST_WORDS or words[0] in lex.organisations



PLACE_BEFORE = re.compile(r"([A-Z][\w'’\-]+)[ \t]$")
GENERIC_ORG_WORDS = frozenset("""investment investments holding holdings group capital fund funds industrial industry
industries state development construction technology venture ventures asset assets management financial finance
innovation science urban city high-tech hi-tech new area zone guidance equity operation operations
corporation company co co. ltd ltd. limited""".split())

# Pairs joined by "and" inside one organisation's name
def and_of_a_compound(text: str, at: int) -> bool:
    """Whether the " and " at ``at`` is inside a compound names keep whole ("Science and Technology"), not
    between two names ("X Fund and Y Science and Technology Group")."""
    return any(m.start() < at and at + len(" and ") <= m.end()
               for m in COMPOUND_AND.finditer(text, max(0, at - 40), at + 45))


_BUSINESS = (r"Investment|Investments|Development|Construction|Operations?|Management|Industry|Industrial|Urban|"
             r"Transportation|Transport|Holdings?|Capital|Technology|Innovation|Trade|Logistics|Assets?|Finance|Financial|"
             r"Exploitation|Utilization|Services?|Equity|Venture|Manufacturing|Tourism|Culture|Energy|Environment(?:al)?")
COMPOUND_AND = re.compile(r"\b(?:Science and Technology|Research and Development|Trade and Industry|Import and Export|"
                          r"Oil and Gas|Industrial and Commercial|Culture and Tourism|Information and Communications?|"
                          r"Food and Drugs?|Machinery and Electronics|Reform and Development|Industry and Information|"
                          r"Housing and Urban|Land and Resources|Ecology and Environment|Finance and Economics|"
                          r"Posts? and Telecommunications?|Supervision and Administration|Investment and Development|"
                          r"Development and Investment|Energy and Chemicals?|Planning and Natural|Investment and Operations?|"
                          r"Operation and Management|Construction and Development|Investment and Management|"
                          r"Construction and Investment|Development and Construction|New and Old|Electronics and Information|"
                          r"Investment and Capital Operations?|Railway and Aviation|Economic and Technological|"
                          r"High and New|Equipment and Technology|Semiconductor and Integrated Circuits?)\b|"
                          # the business words state platforms are named with, in any pairing, when an organisation's
                          # head follows: "Investment and Construction Group", "Urban Development and Operation Co."
                          # (not "Hillhouse Capital and Capital Today", two firms)
                          rf"(?-i:\b(?:{_BUSINESS}) and (?:{_BUSINESS})(?= (?:[A-Z]\w+ )?(?:Group|Co\b|Company|"
                          r"Corporation|Holdings?|Ltd|Limited|Fund|Centre|Center)))", re.I)


def after_connector(name: str, lex: Lexicon) -> str:
    """'Wang Peng of Huijiang Automation' -> 'Huijiang Automation': only org heads take 'of' ('Bank of China')."""
    heads = {w.lower() for ws in lex.words.get("org_heads", {}).values() for w in ws} | {"bank"}
    for connector in (" of ", " and "):
        if connector == " and " and COMPOUND_AND.search(name):
            continue  # "Hubei Science and Technology Investment Group" is one name
        if connector in name:
            left = name.split(connector, 1)[0].split()
            if 2 <= len(left) <= 3 and not any(w.lower() in heads for w in left):
                name = name.split(connector, 1)[1]
    return name

