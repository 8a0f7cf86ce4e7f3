-- ClickBench Q14 (ties broken by the added sort keys: SearchEngineID, SearchPhrase)
SELECT SearchEngineID, SearchPhrase, COUNT(*) AS c
FROM hits
WHERE SearchPhrase <> ''
GROUP BY SearchEngineID, SearchPhrase
ORDER BY c DESC, SearchEngineID, SearchPhrase
LIMIT 10
