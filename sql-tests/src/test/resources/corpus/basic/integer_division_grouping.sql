SELECT customer_id / 40 AS bucket, customer_id % 3 AS m, count(*) AS c FROM orders GROUP BY 1, 2 ORDER BY 1, 2
