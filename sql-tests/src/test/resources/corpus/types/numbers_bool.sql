SELECT b, count(*) AS c FROM numbers GROUP BY b ORDER BY b
