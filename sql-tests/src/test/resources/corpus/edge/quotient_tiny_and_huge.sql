SELECT g, sum(tiny) / 3 AS t3, sum(n0) / 7 AS n7, sum(i8) / 1.5 AS i8q, 1 / sum(tiny) AS inverse FROM averaged WHERE tiny IS NOT NULL GROUP BY g ORDER BY g
