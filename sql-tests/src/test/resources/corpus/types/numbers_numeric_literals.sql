SELECT id, n10_2 + 1.005 AS a, n10_2 * 0.1 AS b, 10.00 / 4 AS c, n10_2 = 12.5 AS e FROM numbers WHERE id IN (1, 5, 6, 9) ORDER BY id
