SELECT id, date_part('year', d) AS y, date_part('dow', d) AS dow, date_part('doy', d) AS doy FROM temporals WHERE id IN (1, 5, 6, 7, 8, 9) ORDER BY id
