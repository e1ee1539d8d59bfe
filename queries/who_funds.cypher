// description: Who funds X: every upstream money path that ends at X (INVESTS_IN, CONTROLS, FOUNDED with capital, as docs/control.md defines them; a city and its government acting as one at the funder's end), simple, at most 6 hops, with the amount, currency and stake of each hop.
// params: entity (entity), max_depth (int = 4), relations (str = null)
// $entity is a node id (whofunds resolves names first). The control model arrives as parameters
// (whofunds.graph.control.cypher_parameters): $relations, $funded, $capital, $jurisdiction, $bodies,
// $places, $body_to_place, $place_to_body. A row is one path, read from the funder to X; a hop between
// a government body and its place (its `city` attribute, not a relationship) is typed
// $place_to_body or $body_to_place and has no amount.
MATCH (x:Entity {id: $entity})
MATCH p = (s:Entity)-[rs*1..6]->(x)
WHERE length(p) <= $max_depth
  AND all(r IN rs WHERE type(r) IN $relations AND endNode(r).type IN $funded
          AND all(k IN $capital WHERE k.type <> type(r) OR startNode(r).type IN k.from OR r.amount IS NOT NULL))
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
CALL (s) {
  RETURN [] AS pre, [] AS links
  UNION
  MATCH (c:Entity {id: s[$jurisdiction]}) WHERE s.type IN $bodies AND c.type IN $places
  RETURN [c] AS pre, [$place_to_body] AS links
  UNION
  MATCH (g:Entity) WHERE s.type IN $places AND g.type IN $bodies AND g[$jurisdiction] = s.id
  RETURN [g] AS pre, [$body_to_place] AS links
  UNION
  MATCH (c:Entity {id: s[$jurisdiction]}), (g:Entity)
  WHERE s.type IN $bodies AND c.type IN $places AND g.type IN $bodies AND g[$jurisdiction] = c.id AND g <> s
  RETURN [g, c] AS pre, [$body_to_place, $place_to_body] AS links
}
WITH x, p, pre, links
WHERE size(pre) + length(p) <= $max_depth AND size(pre) + length(p) <= 6
  AND none(n IN pre WHERE n IN nodes(p))
WITH x, pre + nodes(p) AS ns, links + [r IN relationships(p) | type(r)] AS relations,
     [n IN pre | null] + [r IN relationships(p) | r.amount] AS amounts,
     [n IN pre | null] + [r IN relationships(p) | r.currency] AS currencies,
     [n IN pre | null] + [r IN relationships(p) | r.stake] AS stakes
WITH x, ns, relations, amounts, currencies, stakes, head(ns) AS f, [n IN ns | n.id] AS path_ids
RETURN x.id AS entity_id,
       f.id AS funder_id,
       f.name AS funder,
       f.type AS funder_type,
       size(ns) - 1 AS depth,
       [n IN ns | n.name] AS path,
       path_ids,
       relations,
       amounts,
       currencies,
       stakes
ORDER BY entity_id, depth, path_ids, relations
