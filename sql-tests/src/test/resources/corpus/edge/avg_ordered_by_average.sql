SELECT g, avg(n2) AS m FROM averaged GROUP BY g ORDER BY m DESC, g
