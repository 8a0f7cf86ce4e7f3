SELECT id, date_part('year', d) AS y, date_part('dow', d) AS dow, date_part('doy', d) AS doy,
       date_part('week', d) AS w, date_part('isodow', d) AS idow, date_part('quarter', d) AS q,
       date_part('month', ts) AS m, date_part('hour', tstz) AS h, date_part('minute', t) AS mi
FROM temporals WHERE id IN (1, 5, 6, 7, 8, 9) ORDER BY id
