SELECT id, extract(year FROM d) AS y, extract(month FROM ts) AS m, extract(epoch FROM tstz) AS e,
       extract(second FROM t) AS s
FROM temporals WHERE id IN (1, 6, 7, 8, 9) ORDER BY id
