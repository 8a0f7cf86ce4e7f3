-- ClickBench Q34 (ties broken by the added sort keys: URL)
SELECT 1, URL, COUNT(*) AS c
FROM hits
GROUP BY 1, URL
ORDER BY c DESC, URL
LIMIT 10
