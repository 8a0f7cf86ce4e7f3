SELECT g.d AS day, count(o.id) AS orders
FROM generate_series(timestamptz '2024-01-01 00:00:00+00', timestamptz '2024-01-10 00:00:00+00', interval '1 day') AS g(d)
LEFT JOIN orders o ON o.ordered_at >= g.d AND o.ordered_at < g.d + interval '1 day' GROUP BY g.d ORDER BY g.d
