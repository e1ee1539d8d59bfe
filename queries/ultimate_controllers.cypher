// description: The ultimate controllers of X: the tops of the chains of control that end at X (a CONTROLS edge, or a funding edge with a stake over 50%; docs/control.md), controllers with nobody above them but their own ring; a city and its government count as one.
// params: entity (entity), max_depth (int = 12), relations (str = null)
// $entity is a node id (whofunds resolves names first); the control model arrives as parameters:
// the funding model as in who_funds.cypher, plus $stated and $majority. depth is the shortest control
// chain, in hops; at most 12.
MATCH (x:Entity {id: $entity})
MATCH p = ANY SHORTEST (c:Entity)((a:Entity)-[r]->(b:Entity)
      WHERE type(r) IN $relations AND b.type IN $funded
        AND all(k IN $capital WHERE k.type <> type(r) OR a.type IN k.from OR r.amount IS NOT NULL)
        AND (type(r) IN $stated OR coalesce(r.stake, 0) > $majority)){1,12}(x)
WHERE c <> x AND length(p) <= $max_depth
  AND NOT EXISTS {
    MATCH q0 = (u:Entity)((a1:Entity)-[r1]->(b1:Entity)
          WHERE type(r1) IN $relations AND b1.type IN $funded
            AND all(k IN $capital WHERE k.type <> type(r1) OR a1.type IN k.from OR r1.amount IS NOT NULL)
            AND (type(r1) IN $stated OR coalesce(r1.stake, 0) > $majority)){1,12}(c)
    WHERE length(q0) <= $max_depth
      AND NOT EXISTS {
        MATCH q = (c)((a2:Entity)-[r2]->(b2:Entity)
              WHERE type(r2) IN $relations AND b2.type IN $funded
                AND all(k IN $capital WHERE k.type <> type(r2) OR a2.type IN k.from OR r2.amount IS NOT NULL)
                AND (type(r2) IN $stated OR coalesce(r2.stake, 0) > $majority)){1,12}(u)
        WHERE length(q) <= $max_depth
      }
  }
WITH x, c, length(p) AS depth
CALL (c, depth) {
  RETURN c AS controller, depth AS d
  UNION
  MATCH (pl:Entity {id: c[$jurisdiction]}) WHERE c.type IN $bodies AND pl.type IN $places
  RETURN pl AS controller, depth + 1 AS d
  UNION
  MATCH (g:Entity) WHERE c.type IN $places AND g.type IN $bodies AND g[$jurisdiction] = c.id
  RETURN g AS controller, depth + 1 AS d
  UNION
  MATCH (pl:Entity {id: c[$jurisdiction]}), (g:Entity)
  WHERE c.type IN $bodies AND pl.type IN $places AND g.type IN $bodies AND g[$jurisdiction] = pl.id AND g <> c
  RETURN g AS controller, depth + 2 AS d
}
WITH x, controller, min(d) AS depth
WHERE depth <= $max_depth AND depth <= 12 AND controller <> x
RETURN x.id AS entity_id,
       controller.id AS controller_id,
       controller.name AS controller,
       controller.type AS controller_type,
       depth
ORDER BY entity_id, depth, controller_id
