SELECT c.id, (SELECT count(*) FROM orders o WHERE o.customer_id = c.id) AS n,
       (SELECT max(amount) FROM orders o WHERE o.customer_id = c.id) AS top
FROM customers c WHERE c.id <= 20 ORDER BY c.id
