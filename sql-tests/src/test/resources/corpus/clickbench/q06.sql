-- ClickBench Q6
SELECT MIN(EventDate), MAX(EventDate)
FROM hits
