-- ClickBench Q35 (ties broken by the added sort keys: ClientIP)
SELECT ClientIP, ClientIP - 1, ClientIP - 2, ClientIP - 3, COUNT(*) AS c
FROM hits
GROUP BY ClientIP, ClientIP - 1, ClientIP - 2, ClientIP - 3
ORDER BY c DESC, ClientIP
LIMIT 10
