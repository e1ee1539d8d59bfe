// description: X's supply chain: suppliers (SUPPLIES paths into X) and customers (SUPPLIES paths out of X) up to N hops, each at its shortest distance.
// params: entity (entity), max_depth (int = 2)
// $entity is a node id (whofunds resolves names first). max_depth is at most 6.
MATCH (x:Entity {id: $entity})
CALL (x) {
  MATCH p = (s:Entity)-[:SUPPLIES*1..6]->(x)
  WHERE length(p) <= $max_depth AND s <> x
  RETURN 'supplier' AS direction, s AS other, min(length(p)) AS distance
  UNION
  MATCH p = (x)-[:SUPPLIES*1..6]->(t:Entity)
  WHERE length(p) <= $max_depth AND t <> x
  RETURN 'customer' AS direction, t AS other, min(length(p)) AS distance
}
WITH x, direction, other, distance
RETURN x.id AS entity_id,
       direction,
       distance AS depth,
       other.id AS firm_id,
       other.name AS firm,
       other.type AS firm_type
ORDER BY entity_id, direction DESC, depth, firm_id
