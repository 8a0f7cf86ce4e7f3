SELECT n, count(*) AS c, count(DISTINCT w) AS d FROM words GROUP BY n ORDER BY n
