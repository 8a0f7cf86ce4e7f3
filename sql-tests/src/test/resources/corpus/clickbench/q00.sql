-- ClickBench Q0
SELECT COUNT(*)
FROM hits
