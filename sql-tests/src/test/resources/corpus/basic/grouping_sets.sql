SELECT c.region, o.customer_id % 2 AS parity, count(*) AS n FROM orders o JOIN customers c ON c.id = o.customer_id
GROUP BY ROLLUP (c.region, o.customer_id % 2) ORDER BY c.region NULLS FIRST, parity NULLS FIRST, n
