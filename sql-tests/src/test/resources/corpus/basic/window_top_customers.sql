SELECT customer_id, total, rank() OVER (ORDER BY total DESC, customer_id) AS r
FROM (SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id) t
ORDER BY r LIMIT 10
