// description: The evidence behind one edge: each sentence that states it, its document, and the rest of its evidence record (offsets, rule, confidence, status, amount; null fields left out) as JSON.
// params: source (entity), target (entity), type (str = null)
// $source and $target are node ids (whofunds resolves names first); type narrows to one relation type.
MATCH (a:Entity {id: $source})-[r]->(b:Entity {id: $target})
WHERE $type IS NULL OR type(r) = $type
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
