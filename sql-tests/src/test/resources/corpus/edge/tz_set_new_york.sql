-- set: TimeZone = 'America/New_York'
-- the session's time zone, by SET: output, ::date and date_trunc across the March DST change
SELECT id, happened_at, happened_at::date AS d, date_trunc('day', happened_at) AS day, date_trunc('hour', happened_at) AS hour FROM tz_events ORDER BY id
