SELECT id, age(ts, timestamp '2000-01-01') AS a FROM temporals WHERE id IN (1, 6, 7, 8, 9) ORDER BY id
