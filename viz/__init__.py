"""whofunds.viz: offline, self-contained HTML maps of a whofunds graph.

>>> from whofunds.viz import render_map, MapReport, MapError
"""
from whofunds.viz.render import MAX_NODES, PHYSICS_LIMIT, MapReport, node_scores, render_map, select_view
from whofunds.viz.views import MapError, ego_network, filter_relations, filter_types, find_node, top_nodes

__all__ = [
    "MAX_NODES", "PHYSICS_LIMIT", "MapError", "MapReport", "ego_network", "filter_relations", "filter_types",
    "find_node", "node_scores", "render_map", "select_view", "top_nodes",
]
