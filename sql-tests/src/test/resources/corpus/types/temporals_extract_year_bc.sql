-- 44 BC is year -44 in PostgreSQL (there is no year 0)
SELECT id, extract(year FROM d) AS y, extract(year FROM ts) AS ty, extract(year FROM tstz) AS tzy
FROM temporals WHERE id IN (1, 5, 6, 7, 8, 9) ORDER BY id
