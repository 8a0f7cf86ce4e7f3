-- known defect: timestamptz 'infinity' and '-infinity' read from DuckDB come back as '294247-01-10 04:00:54.775807+00' and '290309-12-21 19:59:05.224193+00 BC' (driver MirrorQueries.text, Oid.TIMESTAMPTZ: DuckDB JDBC hands an OffsetDateTime for infinite values)
SELECT id, tstz FROM temporals ORDER BY tstz, id
