SELECT discount, discount::numeric(4,2) AS n, discount::int AS i, count(*) AS c FROM orders GROUP BY discount ORDER BY discount
