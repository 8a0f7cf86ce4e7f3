-- ClickBench Q33 (ties broken by the added sort keys: URL)
SELECT URL, COUNT(*) AS c
FROM hits
GROUP BY URL
ORDER BY c DESC, URL
LIMIT 10
