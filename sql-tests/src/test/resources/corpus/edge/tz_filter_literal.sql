-- set: TimeZone = 'America/Los_Angeles'
-- a literal without offset is in the session's time zone
SELECT count(*) AS c FROM tz_events WHERE happened_at >= timestamptz '2024-03-10 03:00:00' AND happened_at < '2024-03-11'
