-- integer division truncates toward zero; % keeps the dividend's sign
SELECT id, i2 + i4 AS s, i4 / 2 AS half, i4 / -3 AS third, i4 % 3 AS rem, -i8 AS neg, abs(i2) AS a, i8 * 2 AS dbl
FROM numbers WHERE i4 BETWEEN -1000 AND 1000 ORDER BY id
