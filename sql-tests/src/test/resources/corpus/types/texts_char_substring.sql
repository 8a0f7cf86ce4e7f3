SELECT substring(ch FROM 1 FOR 1) AS p, count(*) AS n FROM texts WHERE substring(ch FROM 1 FOR 2) IN ('ab', 'x', 'a') GROUP BY 1 ORDER BY 1
