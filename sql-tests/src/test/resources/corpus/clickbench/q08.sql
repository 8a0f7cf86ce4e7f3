-- ClickBench Q8 (ties broken by the added sort keys: RegionID)
SELECT RegionID, COUNT(DISTINCT UserID) AS u
FROM hits
GROUP BY RegionID
ORDER BY u DESC, RegionID
LIMIT 10
