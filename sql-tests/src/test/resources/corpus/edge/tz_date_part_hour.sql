-- set: TimeZone = 'Australia/Lord_Howe'
-- a half-hour DST shift
SELECT id, date_part('hour', happened_at) AS h, date_part('minute', happened_at) AS m FROM tz_events WHERE id % 9 = 0 ORDER BY id
