SELECT id, happened_at AT TIME ZONE 'Asia/Tokyo' AS tokyo, local_at AT TIME ZONE 'America/Chicago' AS chicago FROM tz_events WHERE id % 25 = 0 ORDER BY id
