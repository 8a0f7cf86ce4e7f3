SELECT g, 100.00 * sum(CASE WHEN id % 2 = 0 THEN n2 ELSE 0 END) / sum(n2) AS share, sum(CASE WHEN id % 5 = 0 THEN n10 END) / 4 AS fifth FROM averaged GROUP BY g ORDER BY g
