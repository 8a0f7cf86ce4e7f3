SELECT count(DISTINCT customer_id) AS customers, stddev(discount) AS sd, var_pop(discount) AS vp,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY discount) AS median, mode() WITHIN GROUP (ORDER BY customer_id) AS most
FROM orders
