SELECT id, date_trunc('day', ts) AS d, date_trunc('year', ts) AS y FROM temporals WHERE id IN (1, 6, 7, 8, 9) ORDER BY id
