// description: X's portfolio: every downstream INVESTS_IN/CONTROLS path that starts at X (simple paths, at most 6 hops), with the amount, currency and stake of each hop.
// params: entity (str), max_depth (int = 4)
// X is matched by id or by exact name; a row is one path, read from X to the holding.
MATCH (x:Entity) WHERE x.id = $entity OR x.name = $entity
MATCH p = (x)-[:INVESTS_IN|CONTROLS*1..6]->(h:Entity)
WHERE length(p) <= $max_depth
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
WITH x, h, p,
     [n IN nodes(p) | n.id] AS path_ids,
     [r IN relationships(p) | type(r)] AS relations
RETURN x.id AS entity_id,
       h.id AS holding_id,
       h.name AS holding,
       h.type AS holding_type,
       length(p) AS depth,
       [n IN nodes(p) | n.name] AS path,
       path_ids,
       relations,
       [r IN relationships(p) | r.amount] AS amounts,
       [r IN relationships(p) | r.currency] AS currencies,
       [r IN relationships(p) | r.stake] AS stakes
ORDER BY entity_id, depth, path_ids, relations
