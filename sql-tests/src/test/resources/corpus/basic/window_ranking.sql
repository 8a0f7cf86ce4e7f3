SELECT customer_id, count(*) AS n, dense_rank() OVER (ORDER BY count(*) DESC) AS dr, ntile(4) OVER (ORDER BY customer_id) AS quartile,
       percent_rank() OVER (ORDER BY count(*), customer_id) AS pr
FROM orders GROUP BY customer_id ORDER BY customer_id
