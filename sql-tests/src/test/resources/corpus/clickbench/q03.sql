-- ClickBench Q3
SELECT AVG(UserID)
FROM hits
