-- ClickBench Q20
SELECT COUNT(*)
FROM hits
WHERE URL LIKE '%google%'
