-- ClickBench Q27 (ties broken by the added sort keys: CounterID)
SELECT CounterID, AVG(length(URL)) AS l, COUNT(*) AS c
FROM hits
WHERE URL <> ''
GROUP BY CounterID
HAVING COUNT(*) > 100000
ORDER BY l DESC, CounterID
LIMIT 25
