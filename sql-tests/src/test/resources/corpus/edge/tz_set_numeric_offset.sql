-- set: TIME ZONE -7
SELECT id, happened_at, date_trunc('day', happened_at) AS day FROM tz_events WHERE id % 15 = 0 ORDER BY id
