SELECT g, sum(n2) / count(*) AS m FROM averaged GROUP BY g ORDER BY m, g
