SELECT id FROM ranges WHERE ir @> 5 ORDER BY id
