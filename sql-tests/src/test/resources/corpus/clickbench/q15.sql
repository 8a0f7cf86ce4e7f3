-- ClickBench Q15 (ties broken by the added sort keys: UserID)
SELECT UserID, COUNT(*)
FROM hits
GROUP BY UserID
ORDER BY COUNT(*) DESC, UserID
LIMIT 10
