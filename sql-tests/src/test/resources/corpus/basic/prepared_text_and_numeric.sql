-- param: text north
-- param: numeric 50.5
SELECT c.id, count(*) AS n FROM customers c JOIN orders o ON o.customer_id = c.id
WHERE c.region = ? AND o.amount > ? GROUP BY c.id ORDER BY c.id
