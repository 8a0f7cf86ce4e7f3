SELECT date_trunc('month', ordered_at) AS month, sum(amount) AS revenue, avg(amount) AS avg_amount
FROM orders
GROUP BY 1
ORDER BY 1
