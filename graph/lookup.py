"""Find nodes by the names analysts type: node id, name, alias, then a fuzzy match (rapidfuzz).

Two functions, used by every command and named question that takes a name (``trace``, ``map
--focus``, ``query``, on Neo4j too: :mod:`whofunds.queries.catalog` runs them on the names it reads
from the server):

* :func:`find_nodes` gives every node the name could mean, best first (empty when none);
* :func:`resolve_node` gives the one node, or raises :class:`NameNotFound` (a :class:`LookupError`)
  whose message says whether nothing or several things matched and lists the candidates with their
  ids (the closest names when nothing matched).

Both take ``types`` (entity types or schema groups such as ``"Place"``) to look among those only.

Matching goes in stages and stops at the first stage that finds something, so an exact name
never loses to a fuzzy one: (1) the node id; (2) the name or an alias, ignoring case, width,
punctuation and spacing; (3) the same with company suffixes removed ("NIO Inc." = "NIO"); (4) the words typed
start words of a name, in order ("hefei gov" finds "Hefei Municipal Government", "jiantou"
finds "Hefei Jiantou"); (5) a fuzzy match (``rapidfuzz.fuzz.WRatio`` >= :data:`FUZZY_CUTOFF`),
keeping every node within :data:`FUZZY_MARGIN` points of the best score so that near-ties are reported as ambiguous.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("firm:nio", name="NIO Inc.", type="Firm", aliases=["NIO", "蔚来"])
>>> G.add_node("city:hefei", name="Hefei", type="City", aliases=[])
>>> resolve_node(G, "nio"), resolve_node(G, "蔚来"), resolve_node(G, "Hefie")
('firm:nio', 'firm:nio', 'city:hefei')
"""
from __future__ import annotations

import re
import unicodedata

from typing import Iterable

import networkx as nx
from rapidfuzz import fuzz, process

FUZZY_CUTOFF = 80.0
FUZZY_MARGIN = 3.0
# Words that name a company's legal form, not the company.
COMPANY_SUFFIXES = frozenset({
    "inc", "incorporated", "ltd", "limited", "co", "company", "corp", "corporation", "plc", "llc",
    "group", "holdings", "holding", "sa", "ag", "gmbh",
})
_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def normalize_name(text: str) -> str:
    """Casefolded, NFKC, punctuation to spaces, single-spaced.

    >>> normalize_name("  Hefei   Jiantou, Co.  ")
    'hefei jiantou co'
    """
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    return " ".join(_PUNCT.sub(" ", text).split())


def strip_suffixes(normalized: str) -> str:
    """Drop trailing legal-form words ("nio inc" -> "nio"); a name made only of them is kept.

    >>> strip_suffixes("boe technology group co ltd")
    'boe technology'
    """
    words = normalized.split()
    while len(words) > 1 and words[-1] in COMPANY_SUFFIXES:
        words.pop()
    return " ".join(words)


class NameNotFound(LookupError):
    """A name that does not identify one node: ``candidates`` are the matches (ambiguous) or the closest names."""

    def __init__(self, message: str, name: str, candidates: list, ambiguous: bool):
        super().__init__(message)
        self.name = name
        self.candidates = candidates
        self.ambiguous = ambiguous


def _types(types: str | Iterable[str] | None) -> frozenset | None:
    if types is None:
        return None
    from whofunds.graph.schema import SCHEMA

    return frozenset(SCHEMA.types(types))


def _index(G: nx.Graph, types: frozenset | None) -> list[tuple[str, object]]:
    # in id order, so that ties in the fuzzy scores fall the same way whatever order the graph holds
    # its nodes in (a graph read from graph.json, the names read back from Neo4j)
    nodes = sorted(G.nodes(data=True), key=lambda na: str(na[0]))
    return [(normalize_name(n), node) for node, attrs in nodes
            if types is None or attrs.get("type") in types for n in _names(attrs, node)]


def _names(attrs: dict, node) -> list[str]:
    names = [attrs.get("name") or str(node)]
    aliases = attrs.get("aliases") or []
    if isinstance(aliases, str):  # tolerate exports that joined the list
        aliases = [a for a in aliases.split("|")]
    names.extend(a for a in aliases if a)
    return [n.strip() for n in names if str(n).strip()]


def _token_prefix(query: str, text: str) -> bool:
    """Whether the words of ``query`` start words of ``text``, in order ("hefei gov" ~ "hefei municipal government").

    >>> _token_prefix("hefei gov", "hefei municipal government"), _token_prefix("gov hefei", "hefei government")
    (True, False)
    """
    words = iter(text.split())
    return all(any(word.startswith(q) for word in words) for q in query.split())


def _scored_candidates(G: nx.Graph, name: str, types: frozenset | None = None) -> list[tuple[float, object]]:
    """(score, node) pairs of the first stage that matches; score 100 for exact stages."""
    if name in G and (types is None or G.nodes[name].get("type") in types):
        return [(100.0, name)]
    query = normalize_name(name)
    if not query:
        # a name of punctuation only ("}{") has nothing to compare loosely: it must be written as it is
        wanted = str(name).strip()
        return [(100.0, node) for node, attrs in G.nodes(data=True) if wanted
                and (types is None or attrs.get("type") in types) and wanted in _names(attrs, node)]
    index = _index(G, types)
    exact = {node for text, node in index if text == query}
    if exact:
        return [(100.0, node) for node in exact]
    bare = strip_suffixes(query)
    stripped = {node for text, node in index if strip_suffixes(text) == bare}
    if stripped:
        return [(100.0, node) for node in stripped]
    prefixed = {node for text, node in index if _token_prefix(query, text)}
    if prefixed:
        return [(99.0, node) for node in prefixed]
    choices = [text for text, _ in index]
    hits = process.extract(query, choices, scorer=fuzz.WRatio, score_cutoff=FUZZY_CUTOFF, limit=None)
    best: dict[object, float] = {}
    for text, score, i in hits:
        if len(text) < len(query):
            # WRatio credits a short name found inside the query ("hefei" in "hefei jaintou");
            # a name shorter than what was typed must match it as a whole.
            score = fuzz.token_sort_ratio(query, text)
            if score < FUZZY_CUTOFF:
                continue
        node = index[i][1]
        best[node] = max(best.get(node, 0.0), score)
    if not best:
        return []
    top = max(best.values())
    return [(score, node) for node, score in best.items() if score >= top - FUZZY_MARGIN]


def find_nodes(G: nx.Graph, name: str, types: str | Iterable[str] | None = None) -> list:
    """Every node ``name`` could mean, best match first (ties by id); ``[]`` when nothing matches.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("city:hefei", name="Hefei", type="City")
    >>> G.add_node("govt:hefei", name="Hefei Municipal Government", type="GovernmentBody", aliases=["Hefei"])
    >>> find_nodes(G, "Hefei")
    ['city:hefei', 'govt:hefei']
    >>> find_nodes(G, "Wuxi"), find_nodes(G, "Hefei", types="Place")
    ([], ['city:hefei'])
    """
    scored = _scored_candidates(G, name, _types(types))
    return [node for _, node in sorted(scored, key=lambda sn: (-sn[0], str(sn[1])))]


def describe_node(G: nx.Graph, node) -> str:
    """``Name (Type, id)`` for messages.

    >>> G = nx.Graph(); G.add_node("firm:nio", name="NIO", type="Firm")
    >>> describe_node(G, "firm:nio")
    'NIO (Firm, firm:nio)'
    """
    attrs = G.nodes[node]
    return f"{attrs.get('name', node)} ({attrs.get('type', '?')}, {node})"


def closest_names(G: nx.Graph, name: str, limit: int = 5, types: str | Iterable[str] | None = None) -> list:
    """The ``limit`` nodes whose names are nearest ``name``, however far, for "did you mean" hints.

    >>> G = nx.Graph(); G.add_node("a", name="Changsha"); G.add_node("b", name="Wuxi")
    >>> closest_names(G, "Changshu", limit=1)
    ['a']
    """
    query = normalize_name(name)
    index = _index(G, _types(types))
    best: dict[object, float] = {}
    for _, score, i in process.extract(query, [t for t, _ in index], scorer=fuzz.WRatio, limit=limit * 4):
        node = index[i][1]
        best[node] = max(best.get(node, 0.0), score)
    return [n for n, _ in sorted(best.items(), key=lambda ns: (-ns[1], str(ns[0])))][:limit]


def resolve_node(G: nx.Graph, name: str, types: str | Iterable[str] | None = None):
    """The one node ``name`` means; :class:`NameNotFound` listing candidates when none or several match.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("firm:boe", name="BOE Technology Group", type="Firm", aliases=["BOE"])
    >>> resolve_node(G, "BOE")
    'firm:boe'
    >>> resolve_node(G, "Tesla")
    Traceback (most recent call last):
    ...
    whofunds.graph.lookup.NameNotFound: no node matches 'Tesla'. Closest names: BOE Technology Group (Firm, firm:boe)
    """
    found = find_nodes(G, name, types)
    if len(found) == 1:
        return found[0]
    what = "node" if types is None else " or ".join([types] if isinstance(types, str) else list(types))
    if not found:
        near = closest_names(G, name, types=types)
        hint = ("Closest names: " + "; ".join(describe_node(G, n) for n in near)) if near else (
            "The graph is empty." if types is None else f"The graph has no {what}.")
        raise NameNotFound(f"no {what} matches {name!r}. {hint}", name, near, ambiguous=False)
    listed = "; ".join(describe_node(G, n) for n in found[:10])
    more = f" and {len(found) - 10} more" if len(found) > 10 else ""
    raise NameNotFound(f"{name!r} is ambiguous: it matches {len(found)} {what}s: {listed}{more}. "
                       "Give a fuller name or the node id.", name, found, ambiguous=True)
