-- ClickBench Q24
SELECT SearchPhrase
FROM hits
WHERE SearchPhrase <> ''
ORDER BY EventTime
LIMIT 10
