-- set: TIME ZONE 'UTC+3'
-- POSIX style: UTC+3 is three hours west of Greenwich
SELECT id, happened_at, happened_at::date AS d FROM tz_events WHERE id % 15 = 0 ORDER BY id
