-- numeric scale: + keeps the larger scale, * adds the scales
SELECT id, n10_2 * 2 AS dbl, n10_2 + n38_10 AS s, n10_2 * n10_2 AS sq, n10_2 - 0.005 AS d
FROM numbers WHERE abs(n10_2) < 1000 ORDER BY id
