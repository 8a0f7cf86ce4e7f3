-- ClickBench Q23
-- known defect: timestamp (without time zone) values read from DuckDB come back from getString as Java's Timestamp text, "2013-07-01 00:03:57.0", where PostgreSQL sends "2013-07-01 00:03:57" (driver MirrorQueries.text: Oid.TIMESTAMP takes DuckDB JDBC's getString)
SELECT *
FROM hits
WHERE URL LIKE '%google%'
ORDER BY EventTime
LIMIT 10
