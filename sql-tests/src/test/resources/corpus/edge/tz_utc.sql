SELECT id, happened_at, happened_at::date AS d, date_trunc('day', happened_at) AS day FROM tz_events ORDER BY id
