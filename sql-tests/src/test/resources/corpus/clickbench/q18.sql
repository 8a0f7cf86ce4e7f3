-- ClickBench Q18 (ties broken by the added sort keys: UserID, m, SearchPhrase)
SELECT UserID, extract(minute FROM EventTime) AS m, SearchPhrase, COUNT(*)
FROM hits
GROUP BY UserID, m, SearchPhrase
ORDER BY COUNT(*) DESC, UserID, m, SearchPhrase
LIMIT 10
