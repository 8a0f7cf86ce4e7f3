SELECT n, min(w) AS lo, max(w) AS hi FROM words GROUP BY n ORDER BY n
