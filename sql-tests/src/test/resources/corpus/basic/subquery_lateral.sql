SELECT c.id, last_order.amount, last_order.ordered_at
FROM customers c CROSS JOIN LATERAL (SELECT amount, ordered_at FROM orders o WHERE o.customer_id = c.id ORDER BY ordered_at DESC, id DESC LIMIT 1) last_order
WHERE c.id <= 10 ORDER BY c.id
