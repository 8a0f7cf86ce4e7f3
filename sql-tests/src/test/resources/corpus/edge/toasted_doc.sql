SELECT id, length(doc::text) AS len FROM toasted ORDER BY id
