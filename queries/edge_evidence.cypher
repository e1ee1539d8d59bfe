// description: The evidence behind one edge: each sentence that states it, its document, and the rest of its evidence record (offsets, rule, confidence, status, amount; null fields left out) as JSON.
// params: source (str), target (str), type (str = null)
// source and target are ids or exact names; type narrows to one relation type.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE (a.id = $source OR a.name = $source)
  AND (b.id = $target OR b.name = $target)
  AND ($type IS NULL OR type(r) = $type)
UNWIND range(0, coalesce(size(r.evidence), 0) - 1) AS n
RETURN a.id AS source_id,
       a.name AS source,
       type(r) AS type,
       b.id AS target_id,
       b.name AS target,
       n,
       r.ev_doc_ids[n] AS doc_id,
       r.ev_sentences[n] AS sentence,
       r.evidence[n] AS evidence_json
ORDER BY source_id, type, target_id, n
