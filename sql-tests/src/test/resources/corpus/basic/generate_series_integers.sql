SELECT g, count(c.id) AS customers FROM generate_series(1, 10) AS g LEFT JOIN customers c ON c.id % 10 = g % 10 GROUP BY g ORDER BY g
