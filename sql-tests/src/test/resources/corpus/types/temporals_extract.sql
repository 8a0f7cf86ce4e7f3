SELECT id, extract(year FROM d) AS y, extract(month FROM ts) AS m, extract(epoch FROM tstz) AS e FROM temporals WHERE id IN (1, 5, 6, 7, 8, 9) ORDER BY id
