-- set: TimeZone = 'Europe/London'
-- local times read in the session's zone, across the October DST change
SELECT id, local_at::timestamptz AS instant, local_at FROM tz_events WHERE id % 4 = 0 ORDER BY id
