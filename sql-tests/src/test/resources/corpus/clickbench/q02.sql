-- ClickBench Q2
SELECT SUM(AdvEngineID), COUNT(*), AVG(ResolutionWidth)
FROM hits
