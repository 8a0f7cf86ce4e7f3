-- ClickBench Q42
-- known defect: timestamp (without time zone) values read from DuckDB come back from getString as Java's Timestamp text, "2013-07-01 00:03:57.0", where PostgreSQL sends "2013-07-01 00:03:57" (driver MirrorQueries.text: Oid.TIMESTAMP takes DuckDB JDBC's getString)
SELECT DATE_TRUNC('minute', EventTime) AS M, COUNT(*) AS PageViews
FROM hits
WHERE CounterID = 62 AND EventDate >= '2013-07-14' AND EventDate <= '2013-07-15' AND IsRefresh = 0 AND DontCountHits = 0
GROUP BY DATE_TRUNC('minute', EventTime)
ORDER BY DATE_TRUNC('minute', EventTime)
OFFSET 1000
LIMIT 10
