SELECT id, i2 * i4 AS p, i4 + i8 AS s, i2 / 2 AS h2, 7 / i4 AS inv, i8 - i2 AS d
FROM numbers WHERE i4 <> 0 AND i4 BETWEEN -1000 AND 1000 ORDER BY id
