/* whofunds map: draws the embedded graph with vis-network.
 * Every string that came from a document is put on the page with textContent (never innerHTML),
 * and vis items carry no `title`, so vis-network never builds a tooltip from document text. */
(function () {
  "use strict";
  var marks = { start: performance.now() };
  var data = JSON.parse(document.getElementById("wf-data").textContent);
  marks.parsed = performance.now();
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var hiddenTypes = new Set();
  var hiddenRelations = new Set();
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return !hiddenTypes.has(n.type); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return !hiddenRelations.has(e.relation); } });
  var container = document.getElementById("wf-network");
  var tooltip = document.getElementById("wf-tooltip");
  var details = document.getElementById("wf-details");
  var api = { nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView, drawnAt: null, stabilizedAt: null,
    marks: marks };
  marks.datasets = performance.now();
  window.whofundsMap = api;

  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  api.network = network;
  marks.network = performance.now();
  network.once("afterDrawing", function () {
    api.drawnAt = performance.now();
    document.documentElement.setAttribute("data-drawn", "1");
  });
  if (data.physics) {
    // Let the forces arrange a small map once, then hold still so the analyst can drag nodes around.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit({ animation: false });
      api.stabilizedAt = performance.now();
    });
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function entityType(name) { return data.entityTypes[name] || data.entityTypes.Unknown || { label: name, color: "#999" }; }
  function relationType(name) { return data.relationTypes[name] || { label: name, color: "#999" }; }

  function fmtNumber(x) {
    if (typeof x !== "number") { return String(x); }
    return Math.abs(x) >= 100 ? x.toLocaleString("en") : String(Number(x.toPrecision(3)));
  }

  function amountText(item) {
    if (item.amount_text) { return item.amount_text; }
    if (item.amount !== null && item.amount !== undefined) {
      return fmtNumber(item.amount) + (item.currency ? " " + item.currency : "");
    }
    return "";
  }

  function nodeInfo(node) {
    var box = el("div");
    var head = el("div");
    head.appendChild(el("span", "wf-name", node.name));
    var badge = el("span", "wf-type", entityType(node.type).label);
    badge.style.backgroundColor = entityType(node.type).color;
    head.appendChild(badge);
    box.appendChild(head);
    if (node.aliases && node.aliases.length) { box.appendChild(el("div", "wf-row", "Also: " + node.aliases.join("; "))); }
    if (node.city) { box.appendChild(el("div", "wf-row", "City: " + node.city)); }
    box.appendChild(el("div", "wf-row", "Mentioned " + node.mentions + " times in " + node.docs +
      (node.docs === 1 ? " document" : " documents")));
    box.appendChild(el("div", "wf-row", data.sizeBy + ": " + fmtNumber(node.score) +
      " · " + network.getConnectedEdges(node.id).length + " links shown"));
    box.appendChild(el("div", "wf-source", "id: " + node.id));
    return box;
  }

  function evidenceItem(ev, full) {
    var item = el("div", "wf-evidence");
    var sentence = String(ev.sentence || "");
    if (!full && sentence.length > 280) { sentence = sentence.slice(0, 277) + "…"; }
    item.appendChild(el("q", null, sentence));
    var doc = data.documents[ev.doc_id] || {};
    var row = ev.row !== undefined && ev.row !== null ? (ev.sheet ? "sheet " + ev.sheet + ", " : "") + "row " + ev.row : "";
    var where = [doc.title, doc.path || ev.path, row, ev.doc_id ? "doc " + ev.doc_id : ""].filter(Boolean).join(" · ");
    var source = [doc.publisher, doc.date ? "published " + doc.date : "", ev.url || doc.url].filter(Boolean).join(" · ");
    var facts = [ev.status === "announced" ? "announced" : "", amountText(ev), ev.role ? ev.role : "",
      ev.date ? "since " + ev.date : (ev.year ? "year " + ev.year : ""),
      ev.stake !== null && ev.stake !== undefined ? "stake " + fmtNumber(ev.stake) + "%" : "",
      ev.rule ? "rule " + ev.rule : "",
      ev.confidence !== null && ev.confidence !== undefined ? "confidence " + fmtNumber(ev.confidence) : ""];
    item.appendChild(el("div", "wf-source", where));
    if (source) { item.appendChild(el("div", "wf-source wf-origin", source)); }
    item.appendChild(el("div", "wf-source", facts.filter(Boolean).join(" · ")));
    return item;
  }

  function edgeInfo(edge, full) {
    var box = el("div");
    var from = nodes.get(edge.from) || { name: edge.from };
    var to = nodes.get(edge.to) || { name: edge.to };
    var head = el("div", "wf-name", from.name + " → " + relationType(edge.relation).label + " → " + to.name);
    box.appendChild(head);
    if (edge.status === "announced") { box.appendChild(el("div", "wf-row wf-announced", "Announced, not confirmed as done")); }
    var facts = [amountText(edge), edge.year ? "year " + edge.year : "",
      edge.stake !== null && edge.stake !== undefined ? "stake " + fmtNumber(edge.stake) + "%" : "",
      "confidence " + fmtNumber(edge.confidence)];
    box.appendChild(el("div", "wf-row", facts.filter(Boolean).join(" · ")));
    var evidence = edge.evidence || [];
    box.appendChild(el("div", "wf-row", "Evidence: " + evidence.length + (evidence.length === 1 ? " sentence" : " sentences") +
      (edge.evidence_total > evidence.length ? " (of " + edge.evidence_total + "; see edges.csv)" : "")));
    var shown = full ? evidence : evidence.slice(0, 3);
    shown.forEach(function (ev) { box.appendChild(evidenceItem(ev, full)); });
    if (shown.length < evidence.length) { box.appendChild(el("div", "wf-row", "… " + (evidence.length - shown.length) + " more: click the arrow")); }
    return box;
  }

  function showTooltip(content, pointer) {
    tooltip.replaceChildren(content);
    tooltip.hidden = false;
    var rect = container.getBoundingClientRect();
    var x = rect.left + pointer.x + 14, y = rect.top + pointer.y + 14;
    var width = tooltip.offsetWidth, height = tooltip.offsetHeight;
    if (x + width > window.innerWidth) { x = Math.max(0, rect.left + pointer.x - width - 14); }
    if (y + height > window.innerHeight) { y = Math.max(0, window.innerHeight - height - 4); }
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function hideTooltip() { tooltip.hidden = true; tooltip.replaceChildren(); }

  network.on("hoverNode", function (params) { showTooltip(nodeInfo(nodes.get(params.node)), params.pointer.DOM); });
  network.on("hoverEdge", function (params) { showTooltip(edgeInfo(edges.get(params.edge), false), params.pointer.DOM); });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);
  network.on("click", function (params) {
    if (params.nodes.length) { details.replaceChildren(nodeInfo(nodes.get(params.nodes[0]))); }
    else if (params.edges.length) { details.replaceChildren(edgeInfo(edges.get(params.edges[0]), true)); }
    else { details.replaceChildren(); }
  });

  // Legend and filters: one row per type present, in schema order.
  var SVG = "http://www.w3.org/2000/svg";
  function svgShape(tag, attrs) {
    var s = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { s.setAttribute(k, attrs[k]); });
    return s;
  }
  function icon(shape, color, isRelation) {
    var svg = svgShape("svg", { width: 20, height: 14, viewBox: "0 0 20 14" });
    var shapes = {
      dot: ["circle", { cx: 10, cy: 7, r: 6 }],
      ellipse: ["ellipse", { cx: 10, cy: 7, rx: 9, ry: 5 }],
      box: ["rect", { x: 1, y: 2, width: 18, height: 10, rx: 3 }],
      square: ["rect", { x: 4, y: 1, width: 12, height: 12 }],
      diamond: ["polygon", { points: "10,0 17,7 10,14 3,7" }],
      triangle: ["polygon", { points: "10,1 17,13 3,13" }],
      star: ["polygon", { points: "10,0 12,5 18,5 13,8 15,14 10,10 5,14 7,8 2,5 8,5" }]
    };
    if (isRelation) {
      svg.appendChild(svgShape("line", { x1: 1, y1: 7, x2: 14, y2: 7, stroke: color, "stroke-width": 2 }));
      svg.appendChild(svgShape("polygon", { points: "13,2 19,7 13,12", fill: color }));
    } else {
      var spec = shapes[shape] || shapes.dot;
      var attrs = Object.assign({ fill: color, stroke: "#555", "stroke-width": 0.5 }, spec[1]);
      svg.appendChild(svgShape(spec[0], attrs));
    }
    return svg;
  }
  function filterRow(box, name, spec, count, hidden, isRelation) {
    var label = el("label");
    var check = el("input");
    check.type = "checkbox";
    check.checked = true;
    check.value = name;
    check.addEventListener("change", function () {
      if (check.checked) { hidden.delete(name); } else { hidden.add(name); }
      nodeView.refresh();
      edgeView.refresh();
    });
    label.appendChild(check);
    label.appendChild(icon(spec.shape, spec.color, isRelation));
    label.appendChild(el("span", null, isRelation ? spec.label : spec.plural || spec.label));
    label.appendChild(el("span", "wf-count", count));
    label.title = spec.description || "";
    box.appendChild(label);
  }
  function counts(items, key) {
    var c = {};
    items.forEach(function (item) { c[item[key]] = (c[item[key]] || 0) + 1; });
    return c;
  }
  var typeCounts = counts(data.nodes, "type");
  var relationCounts = counts(data.edges, "relation");
  data.entityOrder.forEach(function (name) {
    if (typeCounts[name]) { filterRow(document.getElementById("wf-entity-filters"), name, data.entityTypes[name], typeCounts[name], hiddenTypes, false); }
  });
  data.relationOrder.forEach(function (name) {
    if (relationCounts[name]) { filterRow(document.getElementById("wf-relation-filters"), name, data.relationTypes[name], relationCounts[name], hiddenRelations, true); }
  });

  // Search over names and aliases.
  var input = document.getElementById("wf-search");
  var status = document.getElementById("wf-search-status");
  var searchIndex = data.nodes.map(function (n) {
    return [n.id, [n.name].concat(n.aliases || []).join("\n").toLowerCase()];
  });
  if (data.nodes.length <= 2000) {  // a longer list slows the page and helps nobody
    var names = document.getElementById("wf-names");
    data.nodes.forEach(function (n) { var o = el("option"); o.value = n.name; names.appendChild(o); });
  }
  function runSearch() {
    var q = input.value.trim().toLowerCase();
    if (!q) { network.unselectAll(); status.textContent = ""; return; }
    var matches = searchIndex.filter(function (entry) {
      return entry[1].indexOf(q) !== -1 && nodeView.get(entry[0]) !== null;
    }).map(function (entry) { return entry[0]; });
    network.selectNodes(matches);
    status.textContent = matches.length + (matches.length === 1 ? " match" : " matches");
    if (matches.length === 1) {
      network.focus(matches[0], { scale: Math.max(network.getScale(), 1.2), animation: false });
      details.replaceChildren(nodeInfo(nodes.get(matches[0])));
    } else if (matches.length > 1) {
      network.fit({ nodes: matches, animation: false });
    }
  }
  if (data.focus !== null && nodes.get(data.focus)) {
    network.selectNodes([data.focus]);
    details.replaceChildren(nodeInfo(nodes.get(data.focus)));
  }
  marks.ready = performance.now();
  input.addEventListener("keydown", function (e) { if (e.key === "Enter") { runSearch(); } });
  input.addEventListener("change", runSearch);
  document.getElementById("wf-search-go").addEventListener("click", runSearch);
})();
