-- set: TimeZone = 'Pacific/Pago_Pago'
SELECT count(*) FILTER (WHERE happened_at < now()) AS past, count(*) FILTER (WHERE day <= current_date) AS days FROM tz_events
