-- known defect: SET TIME ZONE -7 makes PostgreSQL report TimeZone <-07>+07, which the driver hands to ZoneId.of (MooncakeConnection.sessionZone): java.time.DateTimeException instead of an answer
-- set: TIME ZONE -7
SELECT id, happened_at, date_trunc('day', happened_at) AS day FROM tz_events WHERE id % 15 = 0 ORDER BY id
