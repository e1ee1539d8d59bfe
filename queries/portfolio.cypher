// description: X's portfolio: every downstream money path that starts at X (INVESTS_IN, CONTROLS, FOUNDED with capital, as docs/control.md defines them; a city and its government acting as one at X's end), simple, at most 6 hops, with the amount, currency and stake of each hop.
// params: entity (entity), max_depth (int = 4), relations (str = null)
// $entity is a node id (whofunds resolves names first); the control model arrives as parameters, as
// in who_funds.cypher. A row is one path, read from X to the holding; X's first hops may step to its
// place or its government (typed $body_to_place / $place_to_body, no amount).
MATCH (x:Entity {id: $entity})
CALL (x) {
  RETURN [x] AS pre, [] AS links
  UNION
  MATCH (c:Entity {id: x[$jurisdiction]}) WHERE x.type IN $bodies AND c.type IN $places
  RETURN [x, c] AS pre, [$body_to_place] AS links
  UNION
  MATCH (g:Entity) WHERE x.type IN $places AND g.type IN $bodies AND g[$jurisdiction] = x.id
  RETURN [x, g] AS pre, [$place_to_body] AS links
  UNION
  MATCH (c:Entity {id: x[$jurisdiction]}), (g:Entity)
  WHERE x.type IN $bodies AND c.type IN $places AND g.type IN $bodies AND g[$jurisdiction] = c.id AND g <> x
  RETURN [x, c, g] AS pre, [$body_to_place, $place_to_body] AS links
}
WITH x, pre, links, last(pre) AS s
MATCH p = (s)-[rs*1..6]->(h:Entity)
WHERE size(links) + length(p) <= $max_depth AND size(links) + length(p) <= 6
  AND all(r IN rs WHERE type(r) IN $relations AND endNode(r).type IN $funded
          AND all(k IN $capital WHERE k.type <> type(r) OR startNode(r).type IN k.from OR r.amount IS NOT NULL))
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
  AND none(n IN pre[0..-1] WHERE n IN nodes(p))
WITH x, h, pre[0..-1] + nodes(p) AS ns, links + [r IN relationships(p) | type(r)] AS relations,
     [n IN links | null] + [r IN relationships(p) | r.amount] AS amounts,
     [n IN links | null] + [r IN relationships(p) | r.currency] AS currencies,
     [n IN links | null] + [r IN relationships(p) | r.stake] AS stakes
WITH x, h, ns, relations, amounts, currencies, stakes, [n IN ns | n.id] AS path_ids
RETURN x.id AS entity_id,
       h.id AS holding_id,
       h.name AS holding,
       h.type AS holding_type,
       size(ns) - 1 AS depth,
       [n IN ns | n.name] AS path,
       path_ids,
       relations,
       amounts,
       currencies,
       stakes
ORDER BY entity_id, depth, path_ids, relations
