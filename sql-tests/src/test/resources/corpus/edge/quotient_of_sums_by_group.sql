SELECT g, sum(n2) / sum(i4) AS r, sum(n10) / count(*) AS m, 100.00 * sum(n2) / sum(abs(n2)) pct FROM averaged GROUP BY g ORDER BY g
