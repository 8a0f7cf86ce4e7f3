-- ClickBench Q1
SELECT COUNT(*)
FROM hits
WHERE AdvEngineID <> 0
