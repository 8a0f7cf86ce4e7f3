SELECT id, d + 1 AS next, d - 1 AS prev, d - date '2000-01-01' AS days FROM temporals WHERE id IN (1, 6, 7, 8, 9) ORDER BY id
