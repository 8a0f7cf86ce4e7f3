-- ClickBench Q5
SELECT COUNT(DISTINCT SearchPhrase)
FROM hits
