SELECT e."EventType", c.region, count(DISTINCT o.id) AS orders
FROM events e JOIN customers c ON c.id = (e.payload->>'customer')::int JOIN orders o ON o.customer_id = c.id
GROUP BY 1, 2 ORDER BY 1, 2
