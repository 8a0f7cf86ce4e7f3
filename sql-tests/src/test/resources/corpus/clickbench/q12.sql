-- ClickBench Q12 (ties broken by the added sort keys: SearchPhrase)
SELECT SearchPhrase, COUNT(*) AS c
FROM hits
WHERE SearchPhrase <> ''
GROUP BY SearchPhrase
ORDER BY c DESC, SearchPhrase
LIMIT 10
