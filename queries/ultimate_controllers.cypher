// description: The ultimate controllers of X: entities at the top of a control chain to X (CONTROLS, or INVESTS_IN with a stake over 50%) that nobody controls in turn.
// params: entity (str), max_depth (int = 6)
// A controller inside a control cycle has a controller, so a cycle has no top and yields no row.
MATCH (x:Entity) WHERE x.id = $entity OR x.name = $entity
MATCH p = (c:Entity)-[:CONTROLS|INVESTS_IN*1..6]->(x)
WHERE length(p) <= $max_depth
  AND all(r IN relationships(p) WHERE type(r) = 'CONTROLS' OR coalesce(r.stake, 0) > 50)
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
  AND NOT EXISTS {
    MATCH (c)<-[up:CONTROLS|INVESTS_IN]-(:Entity)
    WHERE type(up) = 'CONTROLS' OR coalesce(up.stake, 0) > 50
  }
WITH x, c, min(length(p)) AS depth, count(p) AS paths
RETURN x.id AS entity_id,
       c.id AS controller_id,
       c.name AS controller,
       c.type AS controller_type,
       depth,
       paths
ORDER BY entity_id, depth, controller_id
