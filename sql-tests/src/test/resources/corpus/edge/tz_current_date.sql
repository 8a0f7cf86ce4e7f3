-- set: TimeZone = 'Pacific/Kiritimati'
-- current_date and now() in the session's time zone (+14)
SELECT id, current_date - day AS days_ago, date_trunc('day', now()) > happened_at AS before_today FROM tz_events WHERE id % 20 = 0 ORDER BY id
