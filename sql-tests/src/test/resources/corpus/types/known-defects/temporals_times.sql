-- known defect: time '24:00:00' read from DuckDB makes the driver fail with java.time.DateTimeException (Invalid value for NanoOfDay: 86400000000000) instead of returning '24:00:00' (driver MirrorQueries.text, Oid.TIME, DuckDB JDBC's getString/getObject)
SELECT id, t FROM temporals ORDER BY t, id
