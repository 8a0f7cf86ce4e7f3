-- ClickBench Q21 (ties broken by the added sort keys: SearchPhrase)
SELECT SearchPhrase, MIN(URL), COUNT(*) AS c
FROM hits
WHERE URL LIKE '%google%' AND SearchPhrase <> ''
GROUP BY SearchPhrase
ORDER BY c DESC, SearchPhrase
LIMIT 10
