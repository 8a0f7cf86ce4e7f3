-- ClickBench Q17 (ClickBench's query has no ORDER BY: any 10 groups; this one asks for the first 10)
SELECT UserID, SearchPhrase, COUNT(*)
FROM hits
GROUP BY UserID, SearchPhrase
ORDER BY UserID, SearchPhrase
LIMIT 10
