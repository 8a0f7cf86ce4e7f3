SELECT sum(f8) FILTER (WHERE id IN (1, 8, 9)) AS s, min(f8) AS lo, max(f8) AS hi, count(f4) AS n FROM numbers
