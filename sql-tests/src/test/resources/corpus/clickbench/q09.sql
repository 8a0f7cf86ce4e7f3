-- ClickBench Q9 (ties broken by the added sort keys: RegionID)
SELECT RegionID, SUM(AdvEngineID), COUNT(*) AS c, AVG(ResolutionWidth), COUNT(DISTINCT UserID)
FROM hits
GROUP BY RegionID
ORDER BY c DESC, RegionID
LIMIT 10
