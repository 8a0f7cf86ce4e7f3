SELECT count(*) FILTER (WHERE amount > 50) AS big, count(*) AS all_orders
FROM orders
WHERE ordered_at >= timestamptz '2024-01-01 00:00:00+00' + INTERVAL '7 days'
