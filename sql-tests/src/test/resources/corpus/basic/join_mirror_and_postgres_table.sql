-- a mirror joined with an ordinary PostgreSQL table
SELECT c.region, r.label, r.manager, count(*) AS orders, sum(o.amount) AS revenue
FROM orders o JOIN customers c ON c.id = o.customer_id JOIN region_names r ON r.region = c.region
GROUP BY c.region, r.label, r.manager ORDER BY c.region
