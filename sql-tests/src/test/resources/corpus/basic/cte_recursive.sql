WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5)
SELECT n.i, count(o.id) AS orders FROM n LEFT JOIN orders o ON o.customer_id = n.i GROUP BY n.i ORDER BY n.i
