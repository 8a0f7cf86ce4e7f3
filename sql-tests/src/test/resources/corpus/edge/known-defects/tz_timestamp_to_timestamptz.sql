-- known defect: timestamp (without time zone) values DuckDB computes come back from getString as Java's Timestamp text ("2024-02-29 00:00:00.0") where PostgreSQL sends "2024-02-29 00:00:00" (driver MirrorQueries.text: Oid.TIMESTAMP takes DuckDB JDBC's getString)
-- set: TimeZone = 'Europe/London'
-- local times read in the session's zone, across the October DST change
SELECT id, local_at::timestamptz AS instant, local_at FROM tz_events WHERE id % 4 = 0 ORDER BY id
