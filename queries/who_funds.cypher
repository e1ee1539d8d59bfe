// description: Who funds X: every upstream INVESTS_IN/CONTROLS path that ends at X (simple paths, at most 6 hops), with the amount, currency and stake of each hop.
// params: entity (str), max_depth (int = 4)
// X is matched by id or by exact name; a row is one path, read from the funder to X.
MATCH (x:Entity) WHERE x.id = $entity OR x.name = $entity
MATCH p = (f:Entity)-[:INVESTS_IN|CONTROLS*1..6]->(x)
WHERE length(p) <= $max_depth
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
WITH x, f, p,
     [n IN nodes(p) | n.id] AS path_ids,
     [r IN relationships(p) | type(r)] AS relations
RETURN x.id AS entity_id,
       f.id AS funder_id,
       f.name AS funder,
       f.type AS funder_type,
       length(p) AS depth,
       [n IN nodes(p) | n.name] AS path,
       path_ids,
       relations,
       [r IN relationships(p) | r.amount] AS amounts,
       [r IN relationships(p) | r.currency] AS currencies,
       [r IN relationships(p) | r.stake] AS stakes
ORDER BY entity_id, depth, path_ids, relations
