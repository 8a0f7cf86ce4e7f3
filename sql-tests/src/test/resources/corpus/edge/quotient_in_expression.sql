SELECT g, round(sum(n2) / count(*), 3) AS r, sum(n2) / count(*) + 1 AS plus FROM averaged GROUP BY g ORDER BY g
