SELECT id, date_part('second', t) AS s, date_part('epoch', tstz) AS e FROM temporals WHERE id IN (1, 6, 7, 8, 9) ORDER BY id
