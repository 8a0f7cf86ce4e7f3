-- set: TimeZone = 'Pacific/Chatham'
-- a +12:45 / +13:45 offset
SELECT id, happened_at, date_trunc('day', happened_at) AS day FROM tz_events WHERE id % 10 = 0 ORDER BY id
