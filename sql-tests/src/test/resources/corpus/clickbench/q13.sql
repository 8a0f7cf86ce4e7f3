-- ClickBench Q13 (ties broken by the added sort keys: SearchPhrase)
SELECT SearchPhrase, COUNT(DISTINCT UserID) AS u
FROM hits
WHERE SearchPhrase <> ''
GROUP BY SearchPhrase
ORDER BY u DESC, SearchPhrase
LIMIT 10
