SELECT DISTINCT ON (customer_id) customer_id, id, ordered_at
FROM orders ORDER BY customer_id, ordered_at DESC LIMIT 20
