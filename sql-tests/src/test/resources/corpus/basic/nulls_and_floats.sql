SELECT discount, count(*) FROM orders GROUP BY discount ORDER BY discount DESC
