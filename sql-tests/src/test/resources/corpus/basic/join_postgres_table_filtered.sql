SELECT c.id, c.name, v.since, count(o.id) AS orders
FROM customers c JOIN vip_customers v ON v.id = c.id LEFT JOIN orders o ON o.customer_id = c.id
WHERE v.since >= date '2023-03-01' AND v.id BETWEEN 20 AND 150 AND (v.id % 2 = 0 OR v.since IS NULL)
GROUP BY c.id, c.name, v.since ORDER BY c.id
