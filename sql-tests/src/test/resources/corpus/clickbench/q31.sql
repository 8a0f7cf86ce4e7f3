-- ClickBench Q31 (ties broken by the added sort keys: WatchID, ClientIP)
SELECT WatchID, ClientIP, COUNT(*) AS c, SUM(IsRefresh), AVG(ResolutionWidth)
FROM hits
WHERE SearchPhrase <> ''
GROUP BY WatchID, ClientIP
ORDER BY c DESC, WatchID, ClientIP
LIMIT 10
