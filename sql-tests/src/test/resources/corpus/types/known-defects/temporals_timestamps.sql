-- known defect: timestamp 'infinity' and '-infinity' read from DuckDB come back as '294247-01-10 04:00:54.775807' and '290309-12-21 19:59:05.224193', and a BC timestamp loses its ' BC' (driver MirrorQueries.text, Oid.TIMESTAMP)
SELECT id, ts FROM temporals ORDER BY ts, id
