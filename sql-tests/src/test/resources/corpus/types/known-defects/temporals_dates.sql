-- known defect: dates 'infinity' and '-infinity' read from DuckDB come back as 5881580-07-11 and -5877641-06-24 (DuckDB's representation through getString), and getObject fails with java.time.DateTimeException (driver MirrorQueries.text, Oid.DATE)
SELECT id, d FROM temporals ORDER BY d, id
