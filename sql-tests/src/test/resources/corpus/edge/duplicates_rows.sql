SELECT a, b, count(*) AS c FROM duplicates GROUP BY a, b ORDER BY a, b
