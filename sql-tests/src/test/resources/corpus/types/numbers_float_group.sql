SELECT f4, count(*) AS c FROM numbers GROUP BY f4 ORDER BY f4
