-- ClickBench Q16 (ties broken by the added sort keys: UserID, SearchPhrase)
SELECT UserID, SearchPhrase, COUNT(*)
FROM hits
GROUP BY UserID, SearchPhrase
ORDER BY COUNT(*) DESC, UserID, SearchPhrase
LIMIT 10
