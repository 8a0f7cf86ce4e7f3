-- known defect: SET TIME ZONE 'UTC+3' is three hours WEST of Greenwich in PostgreSQL (POSIX sign), but the driver reads it with ZoneId.of as +03:00 (MooncakeConnection.sessionZone) and sets DuckDB's TimeZone from it: timestamptz values are shown 6 hours off and ::date gives another day, on DuckDB with no warning
-- set: TIME ZONE 'UTC+3'
-- POSIX style: UTC+3 is three hours west of Greenwich
SELECT id, happened_at, happened_at::date AS d FROM tz_events WHERE id % 15 = 0 ORDER BY id
