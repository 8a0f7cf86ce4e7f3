-- ClickBench Q30 (ties broken by the added sort keys: SearchEngineID, ClientIP)
SELECT SearchEngineID, ClientIP, COUNT(*) AS c, SUM(IsRefresh), AVG(ResolutionWidth)
FROM hits
WHERE SearchPhrase <> ''
GROUP BY SearchEngineID, ClientIP
ORDER BY c DESC, SearchEngineID, ClientIP
LIMIT 10
