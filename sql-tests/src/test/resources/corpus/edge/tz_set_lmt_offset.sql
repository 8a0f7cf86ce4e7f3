-- set: TimeZone = 'Europe/Amsterdam'
-- instants before 1937 are shown with Amsterdam's local mean time offset (+00:19:32)
SELECT id, happened_at - interval '110 years' AS old FROM tz_events WHERE id % 30 = 0 ORDER BY id
