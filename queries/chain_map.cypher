// description: A city's industrial chains: for each industry, who targets it, its chain bosses, its chain leaders and the firms that trade with those leaders, all tied to the city.
// params: city (str)
// Tied to the city: the city itself, LOCATED_IN it (directly or through a district), a post whose
// `city` names it, or WORKS_FOR a body located in it. Firms of a chain: firms tied to the city with a
// SUPPLIES edge, either way, to a chain leader of that chain who is tied to the city too.
MATCH (c:City) WHERE c.id = $city OR c.name = $city
CALL (c) {
  MATCH (e:Entity)-[:TARGETS_INDUSTRY]->(i:Industry)
  RETURN i, 0 AS rank, 'targeted by' AS role, e
  UNION
  MATCH (e:Entity)-[:CHAIN_BOSS_OF]->(i:Industry)
  RETURN i, 1 AS rank, 'chain boss' AS role, e
  UNION
  MATCH (e:Entity)-[:CHAIN_LEADER_OF]->(i:Industry)
  RETURN i, 2 AS rank, 'chain leader' AS role, e
  UNION
  MATCH (l:Entity)-[:CHAIN_LEADER_OF]->(i:Industry), (l)-[:SUPPLIES]-(e:Firm)
  WHERE NOT EXISTS { (e)-[:CHAIN_LEADER_OF]->(i) }
    AND (l = c
         OR EXISTS { (l)-[:LOCATED_IN]->(c) }
         OR EXISTS { (l)-[:LOCATED_IN]->(:District)-[:LOCATED_IN]->(c) }
         OR l.city IN [c.id, c.name]
         OR EXISTS { (l)-[:WORKS_FOR]->(:Entity)-[:LOCATED_IN]->(c) })
  RETURN i, 3 AS rank, 'firm' AS role, e
}
WITH c, i, rank, role, e
WHERE e = c
   OR EXISTS { (e)-[:LOCATED_IN]->(c) }
   OR EXISTS { (e)-[:LOCATED_IN]->(:District)-[:LOCATED_IN]->(c) }
   OR e.city IN [c.id, c.name]
   OR EXISTS { (e)-[:WORKS_FOR]->(:Entity)-[:LOCATED_IN]->(c) }
WITH DISTINCT c, i, rank, role, e
RETURN c.id AS city_id,
       i.id AS industry_id,
       i.name AS industry,
       role,
       e.id AS entity_id,
       e.name AS entity,
       e.type AS entity_type
ORDER BY city_id, industry_id, rank, entity_id
