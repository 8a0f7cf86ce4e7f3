SELECT id, counter, length(big) AS len, md5(big) AS h, doc->>'id' AS doc_id FROM toasted ORDER BY id
