SELECT id % 7 AS k, avg(i4 - i4) AS zero, avg(i2 * 3 + 1) AS shifted, avg(length(g::text)) AS len
FROM averaged GROUP BY 1 ORDER BY 1
