SELECT customer_id AS k FROM orders WHERE id < 20 UNION ALL SELECT id FROM customers WHERE id < 10
