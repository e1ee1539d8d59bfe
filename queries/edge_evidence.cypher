// description: The evidence behind one edge: each sentence that states it, with document, character offsets, rule, confidence and status.
// params: source (str), target (str), type (str = null)
// source and target are ids or exact names; type narrows to one relation type. evidence_json is the
// full record as loaded (amount, currency, year and stake included); missing numbers read -1.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE (a.id = $source OR a.name = $source)
  AND (b.id = $target OR b.name = $target)
  AND ($type IS NULL OR type(r) = $type)
UNWIND range(0, coalesce(size(r.evidence), 0) - 1) AS n
WITH a, r, b, n
RETURN a.id AS source_id,
       a.name AS source,
       type(r) AS type,
       b.id AS target_id,
       b.name AS target,
       n,
       r.ev_doc_ids[n] AS doc_id,
       r.ev_paths[n] AS path,
       r.ev_starts[n] AS char_start,
       r.ev_ends[n] AS char_end,
       r.ev_rules[n] AS rule,
       r.ev_statuses[n] AS status,
       r.ev_confidences[n] AS confidence,
       r.ev_sentences[n] AS sentence,
       r.evidence[n] AS evidence_json
ORDER BY source_id, type, target_id, n
