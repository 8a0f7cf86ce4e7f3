-- url: options=-c TimeZone=America/New_York
SELECT happened_at::date AS d, count(*) AS c, min(happened_at) AS first_at, max(happened_at) AS last_at FROM tz_events GROUP BY 1 ORDER BY 1
