// description: Co-investors: pairs of investors (INVESTS_IN sources) that share investees, with the shared investees; optionally only pairs that include X.
// params: entity (entity = null), min_shared (int = 1)
// $entity is a node id (whofunds resolves names first). Each pair appears once, with investor_a_id < investor_b_id.
MATCH (a:Entity)-[:INVESTS_IN]->(t:Entity)<-[:INVESTS_IN]-(b:Entity)
WHERE a.id < b.id
  AND ($entity IS NULL OR $entity IN [a.id, b.id])
WITH a, b, t ORDER BY t.id
WITH a, b, collect(t.id) AS investee_ids, collect(t.name) AS investees
WHERE size(investee_ids) >= $min_shared
WITH a, b, investee_ids, investees
RETURN a.id AS investor_a_id,
       a.name AS investor_a,
       b.id AS investor_b_id,
       b.name AS investor_b,
       size(investee_ids) AS shared,
       investees,
       investee_ids
ORDER BY shared DESC, investor_a_id, investor_b_id
