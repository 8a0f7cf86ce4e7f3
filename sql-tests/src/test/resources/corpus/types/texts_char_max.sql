-- max() of char(n) is char without a length, padded as stored
SELECT max(ch) AS m, min(ch) AS n, count(DISTINCT ch) AS d FROM texts
