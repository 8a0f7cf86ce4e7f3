-- ClickBench Q7 (ties broken by the added sort keys: AdvEngineID)
SELECT AdvEngineID, COUNT(*)
FROM hits
WHERE AdvEngineID <> 0
GROUP BY AdvEngineID
ORDER BY COUNT(*) DESC, AdvEngineID
