SELECT id, t = 'trailing spaces' AS eq, length(t) AS n, rtrim(t) AS r FROM texts WHERE t LIKE 'trailing%'
