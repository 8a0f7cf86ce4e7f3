SELECT id, date_trunc('month', tstz) AS m, date_trunc('hour', tstz) AS h FROM temporals WHERE id IN (1, 6, 7, 8, 9) ORDER BY id
