// description: Industrial chains by place: for each place (or only $city) and industry, who targets it, its chain bosses, its chain leaders, and the firms of the place that trade with those leaders.
// params: city (place = null)
// $city is a place's node id (whofunds resolves names first); without it every place is listed. A chain
// edge names the place whose chain it is (`cities`, else `city`: read from the text; null when the text
// named none, listed last). Who targets an industry: a government body counts as the place it acts for
// ($jurisdiction); the homes of an actor are the place itself, else the places it is LOCATED_IN directly
// or through a subdivision ($subdivisions, a district's are its city's). Firms of a chain: firms whose
// homes include the place and that trade (SUPPLIES, either way) with a leader of that place's chain.
CALL () {
  MATCH (src:Entity)-[:TARGETS_INDUSTRY]->(i:Industry)
  OPTIONAL MATCH (own:Entity {id: src[$jurisdiction]}) WHERE src.type IN $bodies AND own.type IN $places
  WITH coalesce(own, src) AS e, i
  CALL (e) {
    WITH e WHERE e.type IN $places AND NOT e.type IN $subdivisions
    RETURN e.id AS home
    UNION
    MATCH (e)-[:LOCATED_IN]->(v:Entity)
    WHERE NOT (e.type IN $places AND NOT e.type IN $subdivisions) AND v.type IN $places AND NOT v.type IN $subdivisions
    RETURN v.id AS home
    UNION
    MATCH (e)-[:LOCATED_IN]->(d:Entity)-[:LOCATED_IN]->(v:Entity)
    WHERE NOT e.type IN $places AND d.type IN $subdivisions AND v.type IN $places AND NOT v.type IN $subdivisions
    RETURN v.id AS home
    UNION
    WITH e WHERE e.type IN $subdivisions
      AND NOT EXISTS { MATCH (e)-[:LOCATED_IN]->(v:Entity) WHERE v.type IN $places AND NOT v.type IN $subdivisions }
    RETURN e.id AS home
  }
  RETURN home AS place, i, 0 AS rank, 'targeted by' AS role, e
  UNION
  MATCH (e:Entity)-[r:CHAIN_BOSS_OF]->(i:Industry)
  UNWIND CASE WHEN size(coalesce(r.cities, [])) > 0 THEN r.cities
              WHEN r.city IS NOT NULL THEN [r.city] ELSE [null] END AS place
  RETURN place, i, 1 AS rank, 'chain boss' AS role, e
  UNION
  MATCH (e:Entity)-[r:CHAIN_LEADER_OF]->(i:Industry)
  UNWIND CASE WHEN size(coalesce(r.cities, [])) > 0 THEN r.cities
              WHEN r.city IS NOT NULL THEN [r.city] ELSE [null] END AS place
  RETURN place, i, 2 AS rank, 'chain leader' AS role, e
  UNION
  MATCH (l:Entity)-[r:CHAIN_LEADER_OF]->(i:Industry)
  UNWIND CASE WHEN size(coalesce(r.cities, [])) > 0 THEN r.cities
              WHEN r.city IS NOT NULL THEN [r.city] ELSE [null] END AS place
  MATCH (l)-[:SUPPLIES]-(e:Firm)
  WHERE NOT EXISTS { (e)-[:CHAIN_LEADER_OF]->(i) }
  CALL (e) {
    MATCH (e)-[:LOCATED_IN]->(v:Entity)
    WHERE NOT (e.type IN $places AND NOT e.type IN $subdivisions) AND v.type IN $places AND NOT v.type IN $subdivisions
    RETURN v.id AS home
    UNION
    MATCH (e)-[:LOCATED_IN]->(d:Entity)-[:LOCATED_IN]->(v:Entity)
    WHERE NOT e.type IN $places AND d.type IN $subdivisions AND v.type IN $places AND NOT v.type IN $subdivisions
    RETURN v.id AS home
  }
  WITH place, i, e, home WHERE home = place
  RETURN place, i, 3 AS rank, 'firm' AS role, e
}
WITH DISTINCT place, i, rank, role, e
WHERE $city IS NULL OR place = $city
OPTIONAL MATCH (pn:Entity {id: place})
WITH pn, place, i, rank, role, e
RETURN pn.id AS city_id,
       CASE WHEN pn IS NULL THEN place ELSE pn.name END AS city,
       i.id AS industry_id,
       i.name AS industry,
       role,
       e.id AS entity_id,
       e.name AS entity,
       e.type AS entity_type
ORDER BY city_id, city, industry_id, rank, entity_id
