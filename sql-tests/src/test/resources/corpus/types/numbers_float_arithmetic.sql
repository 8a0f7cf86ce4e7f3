SELECT id, f8 * 2 AS dbl, f8 / 4 AS q, f4 + 1 AS inc, f8 + f4 AS s FROM numbers WHERE id NOT IN (3, 4) ORDER BY id
