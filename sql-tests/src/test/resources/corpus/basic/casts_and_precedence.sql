-- :: binds tighter than unary minus and arithmetic
SELECT id, 1 + customer_id::int * 2 AS a, -amount::int AS b, amount::int AS r, '42'::int + id AS c,
       customer_id::text || '-' || id::text AS k, ordered_at::date AS d
FROM orders WHERE id % 400 = 3 ORDER BY id
